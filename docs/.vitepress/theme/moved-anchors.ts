import { nextTick, onMounted, watch } from 'vue';
import { inBrowser, useRoute, withBase } from 'vitepress';

/** Old page -> old anchor -> `new-page#anchor`, computed by the site config from the pages (see course.ts). */
declare const __MOVED_ANCHORS__: Record<string, Record<string, string>>;
const movedAnchors = __MOVED_ANCHORS__;

// The project's types are Node's (no DOM library), so the few browser globals used here are described by hand.
interface BrowserGlobals {
  location: { hash: string; replace(url: string): void };
  document: { getElementById(id: string): unknown };
  addEventListener(type: 'hashchange', listener: () => void): void;
}
const browser = (): BrowserGlobals => globalThis as unknown as BrowserGlobals;

/**
 * Old links keep working: Chapters 6 and 8 were one page each and every exercise sat at the end of its chapter. When a
 * page is opened with an anchor it no longer has, go where that anchor lives now: the chapter's second part, or the
 * card of an exercise on another part (`#exercise-06-4`), or else the exercise's own page.
 */
export function useMovedAnchors(): void {
  const route = useRoute();
  const follow = async (): Promise<void> => {
    if (!inBrowser || !browser().location.hash) return;
    await nextTick();
    const anchor = decodeURIComponent(browser().location.hash.slice(1));
    if (browser().document.getElementById(anchor)) return;
    const page = route.path.replace(/^\//, '').replace(/\.html$/, '');
    const moved = movedAnchors[page]?.[anchor];
    const exercise = /^exercise-(\d{2}-\d+)$/.exec(anchor);
    const target = moved ? `/${moved}` : exercise ? `/exercises/${exercise[1]}` : undefined;
    // A full navigation, not router.go: on a first load the router may still be settling and drop the change.
    if (target) browser().location.replace(withBase(target));
  };
  onMounted(() => {
    void follow();
    browser().addEventListener('hashchange', () => void follow());
  });
  watch(
    () => route.path,
    () => void follow(),
    { flush: 'post' },
  );
}
