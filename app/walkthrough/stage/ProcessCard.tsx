/**
 * One process: its name and how it was born, its threads (what each is doing
 * and what it waits on), the Python names it holds and its handle table,
 * grouped by the object each handle belongs to. The card is tinted with the
 * process's colour and always carries its name, so colour is never the only
 * cue. A card born at this step grows out of its parent's place.
 */
import { useLayoutEffect, useRef, type ReactNode, type RefObject } from 'react';
import { messages } from '../../messages';
import { colourProps } from '../palette';
import type { StageCard, StageHandleGroup, StageObject, StageThread, StageVar } from './model';
import { animateElement, useReducedMotion } from './motion';

const s = messages.stage;

interface Props {
  readonly card: StageCard;
  /** The card was born at this very step (animate its arrival). */
  readonly born: boolean;
  readonly focused: boolean;
  readonly onFocus: (pid: number) => void;
  readonly onSettled: () => void;
  /** The pointer is over one of this card's handles (its line is drawn strong). */
  readonly onHandle: (handle: number | null) => void;
}

export function ProcessCard({ card, born, focused, onFocus, onSettled, onHandle }: Props) {
  const ref = useRef<HTMLElement>(null);
  useBirth(ref, born, card, onSettled);
  return (
    <article
      ref={ref}
      className="stage-card"
      data-stage={`p:${card.pid}`}
      data-current={card.current || undefined}
      data-focused={focused || undefined}
      data-exited={card.exitCode !== null || undefined}
      {...colourProps(card.colour)}
      aria-labelledby={`stage-card-${card.pid}`}
      onMouseEnter={() => onFocus(card.pid)}
      onFocus={() => onFocus(card.pid)}
    >
      <header className="stage-card-head">
        <span className="proc-swatch" aria-hidden="true" />
        <h4 id={`stage-card-${card.pid}`}>
          {card.name} <span className="muted">{messages.result.pid(card.pid)}</span>
        </h4>
        <p className="stage-card-birth">
          {s.birth[card.birth] ?? card.birth}
          {card.exitCode !== null && <> · {s.exited(card.exitCode)}</>}
        </p>
      </header>
      <Threads card={card} />
      <Memory vars={card.vars} copying={card.copying} />
      {card.privateObjects.length > 0 && (
        <div className="stage-section">
          <h5>{s.privateObjects}</h5>
          <ul className="stage-private">
            {card.privateObjects.map((o) => (
              <PrivateObject key={o.id} object={o} />
            ))}
          </ul>
        </div>
      )}
      <Handles groups={card.handles} count={card.handleCount} onHandle={onHandle} />
    </article>
  );
}

/**
 * A card born at this step: a forked child grows out of its parent's card
 * (fork copies the parent, memory and handles), a spawned one fades in empty
 * where it stands (a fresh interpreter). Nothing moves with reduced motion.
 */
function useBirth(
  ref: RefObject<HTMLElement | null>,
  born: boolean,
  card: StageCard,
  onSettled: () => void,
): void {
  const reduceMotion = useReducedMotion();
  useLayoutEffect(() => {
    const el = ref.current;
    if (!born || reduceMotion || !el) return;
    const parent =
      card.birth === 'spawn' || card.ppid === null
        ? null
        : el.closest('.stage-canvas')?.querySelector(`[data-stage="p:${card.ppid}"]`);
    const from = parent?.getBoundingClientRect();
    const to = el.getBoundingClientRect();
    const controls = from
      ? animateElement(
          el,
          {
            x: [from.left - to.left, 0],
            y: [from.top - to.top, 0],
            scale: [0.6, 1],
            opacity: [0.3, 1],
          },
          { duration: 0.5, ease: 'easeOut' },
        )
      : animateElement(el, { opacity: [0, 1], scale: [0.92, 1] }, { duration: 0.4 });
    void controls.finished.then(onSettled, () => {});
    return () => controls.stop();
  }, [ref, born, card.birth, card.ppid, reduceMotion, onSettled]);
}

function Threads({ card }: { card: StageCard }) {
  if (card.exitCode !== null) return null;
  return (
    <div className="stage-section">
      <h5 className="visually-hidden">{s.threads}</h5>
      <ul
        className="stage-threads"
        // Reserve the most rows the card ever needs, so cards below never jump.
        style={{ minHeight: `${Math.min(card.threadRows, 6) * 2.6}em` }}
      >
        {card.threads.map((t) => (
          <ThreadRow key={t.tid} thread={t} pid={card.pid} />
        ))}
      </ul>
      {card.exitedThreads > 0 && (
        <p className="stage-note">{s.exitedThreads(card.exitedThreads)}</p>
      )}
    </div>
  );
}

const STATE_MARK: Record<StageThread['state'], string> = {
  running: '▶',
  blocked: '‖',
  exited: '✓',
};

function ThreadRow({ thread, pid }: { thread: StageThread; pid: number }) {
  return (
    <li
      className="stage-thread"
      data-stage={`t:${pid}:${thread.tid}`}
      data-state={thread.state}
      data-current={thread.current || undefined}
      data-alert={thread.alert ? true : undefined}
    >
      <span className="stage-thread-mark" aria-hidden="true">
        {STATE_MARK[thread.state]}
      </span>
      <span className="stage-thread-name">{thread.name}</span>
      {thread.current && <span className="stage-now">{s.now}</span>}
      <span className="stage-thread-where">
        {thread.state === 'blocked' && thread.waitingOn
          ? s.blockedOn(thread.waitingOn)
          : thread.state === 'blocked'
            ? s.blocked
            : (thread.where ?? s.running)}
      </span>
      {thread.alert && (
        <Shake className="stage-alert">
          <span aria-hidden="true">✕ </span>
          {thread.alert}
        </Shake>
      )}
    </li>
  );
}

function Memory({ vars, copying }: { vars: readonly StageVar[]; copying: boolean }) {
  return (
    <div className="stage-section">
      <h5>{s.memoryTitle}</h5>
      {copying ? (
        <p className="stage-note">{s.memoryCopying}</p>
      ) : vars.length === 0 ? (
        <p className="stage-note">{s.memoryEmpty}</p>
      ) : (
        <ul className="stage-vars" aria-label={s.memoryTitle}>
          {vars.map((v) => (
            <li key={v.key} className="stage-var" data-fresh={v.fresh || undefined}>
              <span className="stage-var-name">
                {v.name}
                <span className="stage-scope">{v.scope ? s.localOf(v.scope) : s.global}</span>
              </span>
              <span className="stage-var-value" title={v.value.repr}>
                {v.value.repr}
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function PrivateObject({ object }: { object: StageObject }) {
  return (
    <li data-stage={`o:${object.id}`} data-current={object.current || undefined}>
      <span>{object.label}</span> <span className="muted">{object.summary}</span>
    </li>
  );
}

interface HandlesProps {
  readonly groups: readonly StageHandleGroup[];
  readonly count: number;
  readonly onHandle: (handle: number | null) => void;
}

function Handles({ groups, count, onHandle }: HandlesProps) {
  return (
    <div className="stage-section">
      <h5>{count === 0 ? s.handlesEmpty : s.handles(count)}</h5>
      <ul className="stage-handle-groups">
        {groups.map((g) => (
          <li key={g.family} data-family={g.family}>
            <span className="stage-family-name">{g.family}</span>
            <span className="stage-handle-chips">
              {g.handles.map((h) => (
                <span
                  key={h.handle}
                  className="stage-handle"
                  data-handle={h.handle}
                  data-obj={h.obj}
                  data-origin={h.origin}
                  data-fresh={h.fresh || undefined}
                  title={`${h.label} → ${h.objectLabel} (${h.origin})`}
                  onMouseEnter={() => onHandle(h.handle)}
                  onMouseLeave={() => onHandle(null)}
                >
                  {h.label}
                </span>
              ))}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** A span that shakes once when it appears (not with reduced motion). */
function Shake({ className, children }: { className: string; children: ReactNode }) {
  const ref = useRef<HTMLSpanElement>(null);
  const reduceMotion = useReducedMotion();
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el || reduceMotion) return;
    const flight = animateElement(el, { x: [6, -4, 2, 0] }, { duration: 0.35 });
    return () => flight.stop();
  }, [reduceMotion]);
  return (
    <span ref={ref} className={className}>
      {children}
    </span>
  );
}
