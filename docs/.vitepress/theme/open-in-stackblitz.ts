import { defineComponent, h, ref } from 'vue';
import { withBase } from 'vitepress';
import type { OpenOptions, Project } from '@stackblitz/sdk';

// The SDK ships CommonJS types but is loaded as ESM in the browser, where its default export is the SDK object.
interface StackBlitzSdk {
  openProject(project: Project, options?: OpenOptions): void;
}

/** The "Open in StackBlitz" button: fetches the exercise's payload (built from the repository) and opens it. */
export const OpenInStackBlitz = defineComponent({
  name: 'OpenInStackBlitz',
  props: {
    exercise: { type: String, required: true },
    file: { type: String, required: true },
  },
  setup(props) {
    const state = ref<'idle' | 'opening' | 'failed'>('idle');
    const open = async (): Promise<void> => {
      state.value = 'opening';
      try {
        const response = await fetch(withBase(`/stackblitz/${props.exercise}.json`));
        if (!response.ok) throw new Error(`payload answered ${response.status}`);
        const project = (await response.json()) as Project;
        const sdk = (await import('@stackblitz/sdk')).default as unknown as StackBlitzSdk;
        sdk.openProject(project, { openFile: props.file, newWindow: true });
        state.value = 'idle';
      } catch {
        state.value = 'failed';
      }
    };
    return () =>
      h('p', { class: 'open-in-stackblitz' }, [
        h(
          'button',
          { type: 'button', 'data-stackblitz': props.exercise, onClick: open, disabled: state.value === 'opening' },
          state.value === 'opening' ? 'Opening…' : `Try ${props.exercise} in StackBlitz`,
        ),
        state.value === 'failed'
          ? h('span', { role: 'status' }, ' Could not open StackBlitz; solve it locally with npm test.')
          : null,
      ]);
  },
});
