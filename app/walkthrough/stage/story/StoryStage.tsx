/**
 * The story view: the parent (with the threads that matter) on top, the
 * shared objects and the managers in the band below it, the children and
 * workers in a grid at the bottom, and one arrow from each process to each
 * object it holds. Everything shown is `storyView(trace, state)`; the arrows
 * are decoration (aria-hidden) of what every card also says in words.
 */
import { lazy, Suspense, useContext, useEffect, useMemo, useRef, useState } from 'react';
import { messages } from '../../../messages';
import { keepCardInView } from '../../follow';
import { colourProps } from '../../palette';
import type { StepView } from '../../use-step-view';
import { anchor } from './keys';
import { MAX_BAND, type StoryRefusal } from './layout';
import {
  storyView,
  type StoryCard,
  type StoryHolding,
  type StoryObject,
  type StoryThread,
} from './step-view';
import { StoryIdScope } from './id-scope';
import './story.css';

const s = messages.story;

// The arrows are drawn from the cards' measured boxes, after the cards are on
// screen; neither the built first picture nor the page's hand-over waits for
// their code (the geometry of routing them), so it comes in a chunk of its own.
const StoryArrows = lazy(() => import('./StoryArrows').then((m) => ({ default: m.StoryArrows })));

export function StoryStage({ view }: { view: StepView }) {
  const trace = view.result.trace;
  const story = useMemo(() => storyView(trace, view.state), [trace, view.state]);
  // A state, not a ref: the arrows measure after the canvas is attached.
  const [canvas, setCanvas] = useState<HTMLDivElement | null>(null);
  const band = story.managers.length + story.objects.length;
  useFollowActor(canvas, view.step);
  return (
    <div className="story">
      <p className="story-caption">{s.caption}</p>
      <p className="story-legend" aria-hidden="true">
        <span data-how="inherited">{s.legend.inherited}</span>
        <span data-how="opened">{s.legend.opened}</span>
        <span data-how="proxy">{s.legend.proxy}</span>
      </p>
      <div
        className="story-canvas"
        ref={setCanvas}
        data-cols={story.columns}
        data-band={Math.min(Math.max(band, 1), MAX_BAND)}
      >
        {story.main && <MainCard card={story.main} ghost={story.firstRefusal} />}
        {band > 0 && (
          <div className="story-band" role="group" aria-label={s.bandLabel}>
            {story.managers.map((m) => (
              <ManagerCard key={m.pid} card={m} />
            ))}
            {story.objects.map((o) => (
              <ObjectBox key={o.key} object={o} refusable={story.refusable} />
            ))}
          </div>
        )}
        {story.children.length > 0 && (
          <div
            className="story-children"
            role="group"
            aria-label={s.childrenLabel}
            data-cols={story.columns}
          >
            {story.children.map((c) => (
              <ChildCard key={c.pid} card={c} />
            ))}
          </div>
        )}
        <Suspense fallback={null}>
          <StoryArrows canvas={canvas} story={story} step={view.step} />
        </Suspense>
      </div>
    </div>
  );
}

/**
 * Where the stage is a box smaller than the story (a phone's first screen, a
 * wide screen with many processes), it scrolls to the card of the process acting at this step
 * when that card is not wholly in view. Cards never move inside the story;
 * only the box's view of it does, and only when it must.
 */
function useFollowActor(canvas: HTMLElement | null, step: number): void {
  // The page's arrival jumps straight there; a step glides, unless motion is reduced.
  const arrived = useRef(false);
  useEffect(() => {
    const glide = arrived.current;
    arrived.current = canvas !== null;
    if (canvas) keepCardInView(canvas, glide);
  }, [canvas, step]);
}

function CardHead({ card, role }: { card: StoryCard; role?: string }) {
  const scope = useContext(StoryIdScope);
  return (
    <header className="story-card-head">
      <span className="proc-swatch" aria-hidden="true" />
      <h4 id={`${scope}story-card-${card.pid}`}>{card.name}</h4>
      {role && <span className="story-card-role">{role}</span>}
    </header>
  );
}

function cardProps(card: StoryCard, scope: string) {
  return {
    'data-story-anchor': anchor.card(card.pid),
    'data-state': card.state,
    'data-current': card.current || undefined,
    'aria-labelledby': `${scope}story-card-${card.pid}`,
    ...colourProps(card.colour),
  };
}

function Holdings({ card }: { card: StoryCard }) {
  if (card.holdings.length === 0) return null;
  return (
    <ul className="story-holdings" aria-label={s.holdingsLabel(card.name)}>
      {card.holdings.map((h) => (
        <HoldingRow key={h.key} pid={card.pid} holding={h} />
      ))}
    </ul>
  );
}

function HoldingRow({ pid, holding }: { pid: number; holding: StoryHolding }) {
  return (
    <li
      className="story-holding"
      data-story-anchor={anchor.row(pid, holding.key)}
      data-state={holding.state}
      data-how={holding.how ?? undefined}
      data-key={holding.key}
      title={holding.sentence}
    >
      {holding.text}
    </li>
  );
}

function MainCard({ card, ghost }: { card: StoryCard; ghost: StoryRefusal | null }) {
  return (
    <article className="story-card story-main" {...cardProps(card, useContext(StoryIdScope))}>
      <CardHead card={card} />
      <div className="story-main-body">
        <ul className="story-threads" aria-label={s.threadsLabel}>
          {card.threads.map((t) => (
            <ThreadRow key={t.tid} pid={card.pid} thread={t} ghost={ghost} />
          ))}
        </ul>
        <Holdings card={card} />
      </div>
    </article>
  );
}

function ThreadRow({
  pid,
  thread,
  ghost,
}: {
  pid: number;
  thread: StoryThread;
  ghost: StoryRefusal | null;
}) {
  const refused = thread.refused;
  return (
    <li
      className="story-thread"
      data-story-anchor={anchor.thread(pid, thread.tid)}
      data-state={thread.state}
      data-current={thread.current || undefined}
      data-refused={refused ? true : undefined}
    >
      <span className="story-thread-line">
        <span className="story-thread-name">{thread.name}</span>{' '}
        <span className="story-thread-status">{thread.status}</span>
      </span>
      {(thread.note !== null || refused !== null) && (
        // The note, the refusal and the longest of each share one cell: the
        // row is as tall at every step as at its tallest.
        <span className="story-thread-notes">
          {refused ? (
            <span className="story-refusal" role="note">
              <strong>{s.refusalHead(refused.what)}</strong> {refused.error}
            </span>
          ) : (
            <span className="story-note">{thread.note}</span>
          )}
          <span className="story-note story-ghost" aria-hidden="true">
            {s.handlerIdle}
          </span>
          {ghost && (
            <span className="story-refusal story-ghost" aria-hidden="true">
              <strong>{s.refusalHead(ghost.what)}</strong> {ghost.error}
            </span>
          )}
        </span>
      )}
    </li>
  );
}

function ChildCard({ card }: { card: StoryCard }) {
  return (
    <article className="story-card story-child" {...cardProps(card, useContext(StoryIdScope))}>
      <CardHead card={card} />
      <p className="story-status" title={card.status}>
        {card.state === 'running' ? `${card.birth} · ${card.status}` : card.status}
      </p>
      <Holdings card={card} />
    </article>
  );
}

function ManagerCard({ card }: { card: StoryCard }) {
  return (
    <article className="story-card story-manager" {...cardProps(card, useContext(StoryIdScope))}>
      <CardHead card={card} role={card.state === 'running' ? s.roleManager : card.status} />
      {card.inside.map((o) => (
        <ObjectBox key={o.key} object={o} inside />
      ))}
    </article>
  );
}

function ObjectBox({
  object,
  inside = false,
  refusable = false,
}: {
  object: StoryObject;
  inside?: boolean;
  refusable?: boolean;
}) {
  const id = `${useContext(StoryIdScope)}story-object-${object.key}`;
  return (
    <div
      className="story-object"
      role="group"
      aria-labelledby={id}
      data-story-anchor={anchor.object(object.key)}
      data-key={object.key}
      data-exists={object.exists || undefined}
      data-refused={object.refused || undefined}
      data-current={object.current || undefined}
      data-inside={inside || undefined}
    >
      <h4 id={id} className="story-object-title">
        {object.title}
      </h4>
      <p className="story-object-what">{object.what}</p>
      <p className="story-object-summary">
        {object.summary}
        {object.inFlight > 0 && (
          <span className="story-marks" aria-hidden="true">
            {Array.from({ length: Math.min(object.inFlight, 10) }, (_, i) => (
              <span key={i} className="story-mark" />
            ))}
          </span>
        )}
      </p>
      <p className="visually-hidden">{s.holdersSentence(object.holders.join(', '))}</p>
      {refusable && (
        // Kept (hidden) at every step of a run that refuses, so the box keeps its size.
        <p className="story-object-refused" data-shown={object.refused || undefined}>
          {s.objectRefused(s.objectName[object.key]!)}
        </p>
      )}
    </div>
  );
}
