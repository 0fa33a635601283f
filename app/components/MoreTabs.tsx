/**
 * Everything below the first screen: the objects' journeys so far, then,
 * one tab at a time, the traceback and
 * the console as of the step, the lanes of every thread, "Run it 100 times",
 * what a Manager costs, and the facts of this run. Tabs follow the ARIA
 * pattern: arrow keys, Home and End move between them.
 */
import { lazy, Suspense, useId, useRef, type KeyboardEvent, type ReactNode } from 'react';
import { loadJourneys } from '../compare/load';
import { messages } from '../messages';
import { Console } from '../walkthrough/Console';
import { Lanes } from '../walkthrough/Lanes';
import { Traceback } from '../walkthrough/Traceback';
import type { StepView } from '../walkthrough/use-step-view';
import { LockCost, RunMany } from './lazy';
import { RunFacts } from './RunFacts';

const t = messages.more;

// The objects' journeys so far, above the tabs (loaded with the comparison's code).
const Journeys = lazy(loadJourneys);

export const MORE_TABS = ['traceback', 'console', 'lanes', 'many', 'cost', 'run'] as const;
export type MoreTab = (typeof MORE_TABS)[number];

interface Props {
  readonly view: StepView | null;
  readonly tab: MoreTab;
  readonly onTab: (tab: MoreTab) => void;
}

export function MoreTabs({ view, tab, onTab }: Props) {
  const id = useId();
  const tabRefs = useRef<Partial<Record<MoreTab, HTMLButtonElement | null>>>({});
  const move = (to: MoreTab) => {
    onTab(to);
    tabRefs.current[to]?.focus();
  };
  const onKeyDown = (event: KeyboardEvent) => {
    const i = MORE_TABS.indexOf(tab);
    const last = MORE_TABS.length - 1;
    const to =
      event.key === 'ArrowRight'
        ? MORE_TABS[i === last ? 0 : i + 1]
        : event.key === 'ArrowLeft'
          ? MORE_TABS[i === 0 ? last : i - 1]
          : event.key === 'Home'
            ? MORE_TABS[0]
            : event.key === 'End'
              ? MORE_TABS[last]
              : undefined;
    if (to === undefined) return;
    event.preventDefault();
    move(to);
  };
  let panel: ReactNode;
  switch (tab) {
    case 'traceback':
      panel = view ? <Traceback view={view} /> : null;
      break;
    case 'console':
      panel = view ? <Console view={view} /> : null;
      break;
    case 'lanes':
      panel = view ? <Lanes view={view} /> : null;
      break;
    case 'many':
      panel = <RunMany />;
      break;
    case 'cost':
      panel = <LockCost />;
      break;
    case 'run':
      panel = view ? <RunFacts result={view.result} /> : null;
      break;
  }
  return (
    <section className="more" aria-label={t.title} id={`${id}-more`}>
      {view && (
        <Suspense fallback={null}>
          <Journeys view={view} />
        </Suspense>
      )}
      <div role="tablist" aria-label={t.title} className="more-tabs" onKeyDown={onKeyDown}>
        {MORE_TABS.map((name) => (
          <button
            key={name}
            ref={(el) => {
              tabRefs.current[name] = el;
            }}
            type="button"
            role="tab"
            id={`${id}-${name}`}
            aria-selected={tab === name}
            aria-controls={`${id}-panel`}
            tabIndex={tab === name ? 0 : -1}
            onClick={() => onTab(name)}
          >
            {t.tabs[name]}
          </button>
        ))}
      </div>
      <div
        role="tabpanel"
        id={`${id}-panel`}
        aria-labelledby={`${id}-${tab}`}
        className="more-panel"
        tabIndex={0}
      >
        {panel ?? <p className="hint">{t.noRun}</p>}
      </div>
    </section>
  );
}
