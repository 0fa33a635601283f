import {
  lazy,
  Suspense,
  useCallback,
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
  type RefObject,
} from 'react';
import { EngineLine } from './components/EngineLine';
import type { MoreTab } from './components/MoreTabs';
import { Notices } from './components/Notices';
import { SettingsBar } from './components/SettingsBar';
import { messages } from './messages';
import { measureWalkthroughTop } from './walkthrough/follow';
import { useStepView } from './walkthrough/use-step-view';
import { Walkthrough } from './walkthrough/Walkthrough';

// Below the first screen, in a chunk of its own (the traceback, console, lanes
// and facts panels): the first picture neither needs nor waits for it.
const MoreTabs = lazy(() => import('./components/MoreTabs').then((m) => ({ default: m.MoreTabs })));

/**
 * Keeps `--walkthrough-top` on the page at the walkthrough's distance from the
 * top of the document, so that CSS can size the walkthrough to what the
 * window has left (walkthrough/walkthrough.css). It changes only when what is above it does
 * (a notice appears, the settings bar wraps), never from step to step.
 */
function useWalkthroughTop(pageRef: RefObject<HTMLElement | null>): void {
  useLayoutEffect(() => {
    const page = pageRef.current;
    if (!page) return;
    const update = () => measureWalkthroughTop(page);
    update();
    const observer = new ResizeObserver(update);
    const header = document.querySelector('.page-header');
    if (header) observer.observe(header);
    for (const child of Array.from(page.children)) {
      if (child.classList.contains('walkthrough')) break;
      observer.observe(child);
    }
    window.addEventListener('resize', update);
    return () => {
      observer.disconnect();
      window.removeEventListener('resize', update);
    };
  }, [pageRef]);
}

/**
 * The page: a first screen that answers the question (settings bar, verdict,
 * stage, narration, code, step controls), then the rest in tabs below it.
 */
export function App() {
  const mainRef = useRef<HTMLElement>(null);
  const moreRef = useRef<HTMLDivElement>(null);
  const view = useStepView();
  const [tab, setTab] = useState<MoreTab>('traceback');
  useWalkthroughTop(mainRef);
  // The tabs sit below the first screen: drawn after the first picture is painted.
  const [below, setBelow] = useState(false);
  useEffect(() => {
    const id = requestAnimationFrame(() => setBelow(true));
    return () => cancelAnimationFrame(id);
  }, []);
  // When the last notice is dismissed, the focus goes to the scenario.
  const focusSettings = useCallback(() => {
    mainRef.current?.querySelector<HTMLSelectElement>('.switches select')?.focus();
  }, []);
  const showWhyOrder = useCallback(() => {
    setTab('many');
    const reduce = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
    moreRef.current?.scrollIntoView({ block: 'start', behavior: reduce ? 'auto' : 'smooth' });
    // After the tab is drawn as selected.
    requestAnimationFrame(() =>
      moreRef.current?.querySelector<HTMLElement>('[role="tab"][aria-selected="true"]')?.focus(),
    );
  }, []);
  return (
    <>
      <header className="page-header">
        <h1>{messages.productName}</h1>
        <p className="tagline">{messages.tagline}</p>
        <EngineLine />
      </header>
      <main ref={mainRef} className="page">
        <Notices onEmpty={focusSettings} />
        <SettingsBar />
        <Walkthrough view={view} onWhyOrder={showWhyOrder} />
        <div ref={moreRef} className="more-anchor">
          {below && (
            <Suspense fallback={null}>
              <MoreTabs view={view} tab={tab} onTab={setTab} />
            </Suspense>
          )}
        </div>
      </main>
    </>
  );
}
