import { defineComponent, h, ref, useId } from 'vue';
import { withBase } from 'vitepress';

/** The hints of an exercise, one at a time: each click on "Show next hint" reveals one more (named slots hint-1..n). */
export const HintLadder = defineComponent({
  name: 'HintLadder',
  props: { count: { type: Number, required: true } },
  setup(props, { slots }) {
    const shown = ref(0);
    return () =>
      h('div', { class: 'hint-ladder' }, [
        h(
          'ol',
          { class: 'hint-list' },
          Array.from({ length: shown.value }, (_, index) =>
            h('li', { key: index, class: 'hint' }, slots[`hint-${index + 1}`]?.()),
          ),
        ),
        shown.value < props.count
          ? h(
              'button',
              { type: 'button', class: 'hint-next', onClick: () => (shown.value += 1) },
              shown.value === 0
                ? `Show the first hint (of ${props.count})`
                : `Show next hint (${shown.value + 1} of ${props.count})`,
            )
          : h('p', { class: 'hint-done' }, 'That was the last hint.'),
      ]);
  },
});

/** The solution, its explanation and the wrong answers: in the page, but hidden until the reader asks. */
export const RevealSolution = defineComponent({
  name: 'RevealSolution',
  setup(_props, { slots }) {
    const open = ref(false);
    const id = useId();
    return () =>
      h('div', { class: 'reveal-solution' }, [
        h(
          'button',
          {
            type: 'button',
            class: 'reveal-solution-toggle',
            'aria-expanded': String(open.value),
            'aria-controls': id,
            onClick: () => (open.value = !open.value),
          },
          open.value ? 'Hide the solution' : 'Show the solution',
        ),
        h('div', { id, class: 'reveal-solution-body', 'data-solution': '', hidden: !open.value }, slots.default?.()),
      ]);
  },
});

/** The card that announces an exercise after the section it practises, linking to the exercise's own page. */
export const ExerciseCard = defineComponent({
  name: 'ExerciseCard',
  props: {
    id: { type: String, required: true },
    title: { type: String, required: true },
    level: { type: String, required: true },
    minutes: { type: Number, required: true },
  },
  setup(props) {
    const slug = props.id.replace('.', '-');
    return () =>
      h('div', { id: `exercise-${slug}`, class: 'exercise-card' }, [
        h('p', { class: 'exercise-card-kicker' }, [
          h('span', { class: 'exercise-card-label' }, 'Exercise'),
          h('span', { class: 'exercise-level' }, props.level),
          ` about ${props.minutes} minutes`,
        ]),
        h('p', { class: 'exercise-card-title' }, [
          h('a', { href: withBase(`/exercises/${slug}`) }, `${props.id} ${props.title}`),
        ]),
      ]);
  },
});
