/**
 * The kernel objects every process reaches through its handles: semaphores
 * (locks are semaphores of count 1) with their count, holders and waiters;
 * pipes and sockets with the messages in them, as the real bytes. Grouped
 * by the Python object that made them, each in a slot that never moves.
 */
import { messages } from '../../messages';
import type { StageFamily, StageObject } from './model';

const s = messages.stage;

/** Messages drawn as blocks; more are counted. */
const MAX_BLOCKS = 8;

export function KernelBand({ families }: { families: readonly StageFamily[] }) {
  return (
    <section className="stage-kernel" aria-label={s.kernel}>
      <h4>{s.kernel}</h4>
      {families.length === 0 ? (
        <p className="stage-note">{s.kernelEmpty}</p>
      ) : (
        <ul className="stage-families">
          {families.map((f) => (
            <li
              key={f.family}
              className="stage-family"
              data-stage={`f:${f.family}`}
              data-compact={f.compact || undefined}
            >
              <h5>
                {f.family} <span className="muted">{s.objectCount(f.live)}</span>
              </h5>
              <ul className="stage-objects">
                {trimmed(f.slots).map((o, slot) =>
                  o ? (
                    f.compact ? (
                      <CompactObject key={`${slot}:${o.id}`} object={o} />
                    ) : (
                      <KernelObject key={`${slot}:${o.id}`} object={o} />
                    )
                  ) : (
                    <li key={slot} className="stage-object stage-object-empty" aria-hidden="true" />
                  ),
                )}
              </ul>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** Empty slots after the last live object are not drawn: only gaps between objects keep their place. */
function trimmed<T>(slots: readonly (T | null)[]): readonly (T | null)[] {
  let end = slots.length;
  while (end > 0 && slots[end - 1] === null) end -= 1;
  return slots.slice(0, end);
}

const KIND_MARK: Record<StageObject['kind'], string> = {
  semaphore: '◆',
  pipe: '═',
  socket: '⇄',
  listener: '◎',
};

/** One of many alike (a socket, a sentinel): a mark, its words for screen readers and on hover. */
function CompactObject({ object }: { object: StageObject }) {
  const words = `${object.kind} ${object.member === object.kind ? '' : object.member} (${object.summary})`;
  return (
    <li
      className="stage-object stage-object-compact"
      data-stage={`o:${object.id}`}
      data-kind={object.kind}
      data-current={object.current || undefined}
      data-busy={object.messages.length > 0 || undefined}
      title={`${object.label}: ${object.summary}`}
    >
      <span aria-hidden="true">{KIND_MARK[object.kind]}</span>
      <span className="visually-hidden">{words}</span>
    </li>
  );
}

function KernelObject({ object }: { object: StageObject }) {
  const extra = object.messages.length - MAX_BLOCKS;
  return (
    <li
      className="stage-object"
      data-stage={`o:${object.id}`}
      data-kind={object.kind}
      data-current={object.current || undefined}
      data-held={object.summary === s.lockHeld || undefined}
      title={object.unlinked ? `${object.label} (${s.unlinked})` : object.label}
    >
      <span className="stage-object-head">
        <span aria-hidden="true" className="stage-object-mark">
          {KIND_MARK[object.kind]}
        </span>
        <span className="stage-object-name">
          {object.member === object.kind ? object.kind : `${object.kind} ${object.member}`}
        </span>
      </span>
      <span className="stage-object-summary">{object.summary}</span>
      {object.holders.length > 0 && (
        <span className="stage-object-who">{s.heldBy(object.holders.join(', '))}</span>
      )}
      {object.waiters.length > 0 && (
        <span className="stage-object-who" data-waiting="true">
          {s.waiting(object.waiters.join(', '))}
        </span>
      )}
      {object.messages.length > 0 && (
        <span className="stage-bytes" aria-hidden="true">
          {object.messages.slice(0, MAX_BLOCKS).map((m, i) => (
            <span
              key={i}
              className="stage-byte-block"
              title={s.messageTitle(m.size, m.hex)}
              style={{ width: `${Math.min(3, 0.6 + Math.log10(m.size + 1))}em` }}
            />
          ))}
          {extra > 0 && <span className="stage-byte-more">{s.moreMessages(extra)}</span>}
        </span>
      )}
    </li>
  );
}
