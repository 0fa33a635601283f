/**
 * What the verdict means, in one line a learner can read at a glance. The
 * script's own check (`result != args`) says "fails" both when items were
 * lost and when they all arrived out of order; and "raised" says nothing of
 * where or why. This reads the run and says which it was. Pure: the words
 * come from messages/, the facts from the result and its trace.
 */
import type { RunResult } from '../src/sim/run';
import type { TraceEvent } from '../src/sim/trace';
import { messages } from './messages';
import { usesPoolCall } from './params';
import { refusalOf } from './refusal';
import { unsetGlobalOf } from './unset-global';
import { poolMethod, readingCall, specOf } from '../src/sim/scenarios';

const t = messages.verdict;

export type VerdictReason =
  /**
   * Raised because a task (or argument) holding a Lock/Queue was pickled outside
   * spawning, or because the function to run has no name pickle can write.
   */
  | 'refused'
  /** Raised for another reason. */
  | 'raised'
  /** "fails", but every item arrived: only their order differs. */
  | 'order'
  /** "fails": some or all items never arrived. */
  | 'missing'
  | 'successful'
  | 'hang';

export interface VerdictExplanation {
  readonly reason: VerdictReason;
  /** One sentence: what happened and why, where it happened. */
  readonly text: string;
}

type Refusal = Extract<TraceEvent, { kind: 'pickle.refused' }>;
type ExceptionEvent = Extract<TraceEvent, { kind: 'exception' }>;

function processName(result: RunResult, pid: number): string {
  return result.processes.find((p) => p.pid === pid)?.name ?? String(pid);
}

/** Whether `got` holds exactly the items of `expected`, in any order. */
function sameItems(got: readonly number[], expected: readonly number[]): boolean {
  if (got.length !== expected.length) return false;
  const a = [...got].sort((x, y) => x - y);
  const b = [...expected].sort((x, y) => x - y);
  return a.every((v, i) => v === b[i]);
}

/** The tasks every scenario hands out: `args = list(range(10))`. */
export const TASK_COUNT = 10;
const ARGS = Array.from({ length: TASK_COUNT }, (_, i) => i);

export function explainVerdict(result: RunResult): VerdictExplanation {
  const events = result.trace.events;
  switch (result.verdict) {
    case 'hang':
      return { reason: 'hang', text: t.hang };
    case 'successful':
      return { reason: 'successful', text: t.successful(TASK_COUNT) };
    case 'fails': {
      const got = result.result ?? [];
      if (sameItems(got, ARGS)) return { reason: 'order', text: t.order(TASK_COUNT) };
      const refused = events.find((e): e is Refusal => e.kind === 'pickle.refused');
      // A Pool call whose results the script never reads: the refusal stays stored.
      const method = usesPoolCall(result) ? poolMethod(specOf(result), result.call) : null;
      const neverAsked = refused !== undefined && method !== null && method !== 'map';
      // Processes that found a module global None: each printed its own traceback and died.
      const spec = specOf(result);
      const died = events.find(
        (e): e is ExceptionEvent =>
          e.kind === 'exception' && e.phase === 'printed' && unsetGlobalOf(e.error, spec) !== null,
      );
      if (died !== undefined && refused === undefined) {
        const name = unsetGlobalOf(died.error, spec)!;
        return {
          reason: 'missing',
          text: t.missingUnsetGlobal(got.length, TASK_COUNT, { name, method: result.startMethod }),
        };
      }
      return {
        reason: 'missing',
        text: t.missing(got.length, TASK_COUNT, neverAsked ? { what: refused.what, method } : null),
      };
    }
    case 'raised': {
      const refused = events.find((e): e is Refusal => e.kind === 'pickle.refused');
      const what = refused ? refusalOf(refused.error) : null;
      if (refused && what) {
        const again = events.find(
          (e): e is ExceptionEvent =>
            e.kind === 'exception' && e.phase === 'reraised' && e.tid !== refused.tid,
        );
        // The Pool re-raises it where the script waits for the results (`map` → `get`).
        const reraised =
          again && again.pid === refused.pid && usesPoolCall(result)
            ? { call: readingCall(specOf(result), result.call), thread: again.thread }
            : null;
        const at = {
          what: refused.what,
          process: processName(result, refused.pid),
          thread: refused.thread,
          reraised,
        };
        return {
          reason: 'refused',
          text: what.kind === 'object' ? t.refused(what.type, at) : t.refusedFunction(what, at),
        };
      }
      const unset = unsetGlobalOf(result.error ?? '', specOf(result));
      if (unset !== null && result.raisedIn && usesPoolCall(result)) {
        return {
          reason: 'raised',
          text: t.unsetGlobal({
            name: unset,
            process: result.raisedIn.process,
            method: result.startMethod,
            call: readingCall(specOf(result), result.call),
          }),
        };
      }
      const where = result.raisedIn
        ? `${result.raisedIn.process} · ${result.raisedIn.thread}`
        : null;
      return { reason: 'raised', text: t.raised(result.error ?? '', where) };
    }
  }
}
