/**
 * Checks a Chrome Trace Event JSON document (the JSON Object Format) against
 * the rules that Perfetto and chrome://tracing rely on, and lists what is
 * wrong. An empty list means it is well formed. Works on any such document,
 * not only on mpviz's exports; pure like the rest of src/sim.
 *
 * Rules:
 * - the document is an object whose `traceEvents` is an array of objects;
 * - every event has a string `name`, a known `ph`, numeric `pid` and `tid`,
 *   and a finite `ts` (metadata `M` events may omit it);
 * - `X` has a finite `dur` ≥ 0;
 * - `B`/`E` balance per thread (pid, tid), in stack order, with matching names
 *   (an `E` without a name closes whatever is open), and ts never decreases
 *   from a `B` to its `E`;
 * - the slices of one thread (`X` and `B`…`E`) nest: two slices are either
 *   disjoint or one contains the other (times compared in whole nanoseconds,
 *   as Perfetto rounds them);
 * - flows (`s`, `t`, `f`) are grouped by (cat, name, id): one `s`, one `f`,
 *   any `t`s, with ts non-decreasing from `s` through the `t`s to `f`; `s` and
 *   `t` lie inside a slice of their thread, and so does `f` with `bp: 'e'`
 *   (otherwise a slice of its thread must start at or after it);
 * - `M` events carry their value: `args.name` (a string) for `process_name`,
 *   `thread_name` and other names, `args.sort_index` (a number) for
 *   `process_sort_index` and `thread_sort_index`;
 * - instants (`i`, `I`) have scope `s` of `g`, `p` or `t` (or none: thread).
 */

const PHASES = new Set([
  'B',
  'E',
  'X',
  'i',
  'I',
  'C',
  'b',
  'n',
  'e',
  's',
  't',
  'f',
  'P',
  'N',
  'O',
  'D',
  'M',
  'V',
  'v',
  'R',
  'c',
  '(',
  ')',
]);

interface Interval {
  readonly start: number;
  readonly end: number;
  readonly what: string;
}

interface FlowEnd {
  readonly ph: string;
  readonly ts: number;
  readonly thread: string;
  readonly bindEnclosing: boolean;
  readonly what: string;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Perfetto's conversion of a microsecond value to nanoseconds. */
const ns = (us: number): number => Math.round(us * 1000);

/** Every rule the document breaks; empty when it is well formed. */
export function validateChromeTrace(json: unknown): string[] {
  const problems: string[] = [];
  if (!isRecord(json)) return ['the document is not a JSON object'];
  const events = json['traceEvents'];
  if (!Array.isArray(events)) return ['traceEvents is not an array'];
  const unit = json['displayTimeUnit'];
  if (unit !== undefined && unit !== 'ms' && unit !== 'ns') {
    problems.push(`displayTimeUnit is ${JSON.stringify(unit)}, not "ms" or "ns"`);
  }

  const slices = new Map<string, Interval[]>();
  const openB = new Map<string, { name: string; ts: number; what: string }[]>();
  const flows = new Map<string, FlowEnd[]>();
  const addSlice = (thread: string, slice: Interval): void => {
    const list = slices.get(thread);
    if (list) list.push(slice);
    else slices.set(thread, [slice]);
  };

  events.forEach((ev: unknown, i) => {
    if (!isRecord(ev)) {
      problems.push(`traceEvents[${i}] is not an object`);
      return;
    }
    const ph = ev['ph'];
    const name = ev['name'];
    const what = `traceEvents[${i}] (${typeof ph === 'string' ? ph : '?'} ${JSON.stringify(name)})`;
    let ok = true;
    const fail = (message: string): void => {
      problems.push(`${what}: ${message}`);
      ok = false;
    };
    if (typeof name !== 'string') fail('name is not a string');
    if (typeof ph !== 'string' || !PHASES.has(ph)) fail(`unknown phase ${JSON.stringify(ph)}`);
    if (!finite(ev['pid'])) fail('pid is not a number');
    if (!finite(ev['tid'])) fail('tid is not a number');
    const ts = ev['ts'];
    if (ph !== 'M' && !finite(ts)) fail('ts is missing or not a finite number');
    if (!ok || typeof ph !== 'string' || typeof name !== 'string') return;
    const thread = `${String(ev['pid'])}/${String(ev['tid'])}`;
    const at = ts as number;
    const args = ev['args'];

    switch (ph) {
      case 'X': {
        const dur = ev['dur'];
        if (!finite(dur) || dur < 0) {
          fail('dur is missing, not a number or negative');
          return;
        }
        addSlice(thread, { start: ns(at), end: ns(at + dur), what });
        return;
      }
      case 'B': {
        const stack = openB.get(thread);
        const entry = { name, ts: at, what };
        if (stack) stack.push(entry);
        else openB.set(thread, [entry]);
        return;
      }
      case 'E': {
        const begin = openB.get(thread)?.pop();
        if (!begin) {
          fail(`E on thread ${thread} with no open B`);
          return;
        }
        if (name !== '' && name !== begin.name) {
          fail(`E named ${JSON.stringify(name)} closes B named ${JSON.stringify(begin.name)}`);
        }
        if (at < begin.ts) fail(`E at ${at} is before its B at ${begin.ts}`);
        addSlice(thread, { start: ns(begin.ts), end: ns(at), what: begin.what });
        return;
      }
      case 'i':
      case 'I': {
        const scope = ev['s'];
        if (scope !== undefined && scope !== 'g' && scope !== 'p' && scope !== 't') {
          fail(`instant scope ${JSON.stringify(scope)} is not g, p or t`);
        }
        return;
      }
      case 's':
      case 't':
      case 'f': {
        const id = ev['id'];
        if (!finite(id) && typeof id !== 'string') {
          fail('flow event without an id');
          return;
        }
        const cat = typeof ev['cat'] === 'string' ? ev['cat'] : '';
        const key = JSON.stringify([cat, name, id]);
        const end: FlowEnd = { ph, ts: at, thread, bindEnclosing: ev['bp'] === 'e', what };
        const list = flows.get(key);
        if (list) list.push(end);
        else flows.set(key, [end]);
        return;
      }
      case 'M': {
        if (!isRecord(args)) {
          fail('metadata without args');
          return;
        }
        if (name === 'process_sort_index' || name === 'thread_sort_index') {
          if (!finite(args['sort_index'])) fail('args.sort_index is not a number');
        } else if (typeof args['name'] !== 'string') {
          fail('args.name is not a string');
        }
        return;
      }
      default:
        return;
    }
  });

  for (const [thread, stack] of openB) {
    for (const b of stack) problems.push(`${b.what}: B on thread ${thread} is never ended`);
  }

  // Nesting: sort by start, longest first, and keep a stack of enclosing slices.
  for (const list of slices.values()) {
    const sorted = [...list].sort((a, b) => a.start - b.start || b.end - a.end);
    const stack: Interval[] = [];
    for (const s of sorted) {
      while (stack.length > 0 && stack[stack.length - 1]!.end <= s.start) stack.pop();
      const parent = stack[stack.length - 1];
      if (parent && s.end > parent.end) {
        problems.push(`${s.what} overlaps ${parent.what} without nesting in it`);
        continue;
      }
      stack.push(s);
    }
  }

  const enclosed = (thread: string, ts: number): boolean =>
    (slices.get(thread) ?? []).some((s) => s.start <= ns(ts) && ns(ts) <= s.end);
  const followed = (thread: string, ts: number): boolean =>
    (slices.get(thread) ?? []).some((s) => s.start >= ns(ts));

  for (const [key, ends] of flows) {
    const starts = ends.filter((e) => e.ph === 's');
    const finishes = ends.filter((e) => e.ph === 'f');
    if (starts.length !== 1 || finishes.length !== 1) {
      problems.push(
        `flow ${key} has ${starts.length} start(s) and ${finishes.length} end(s), not one of each`,
      );
      continue;
    }
    const steps = ends.filter((e) => e.ph === 't').sort((a, b) => a.ts - b.ts);
    const path = [starts[0]!, ...steps, finishes[0]!];
    for (let i = 1; i < path.length; i++) {
      if (path[i]!.ts < path[i - 1]!.ts) {
        problems.push(`flow ${key}: ${path[i]!.what} is before ${path[i - 1]!.what}`);
      }
    }
    for (const end of path) {
      const bound =
        end.ph === 'f' && !end.bindEnclosing
          ? followed(end.thread, end.ts)
          : enclosed(end.thread, end.ts);
      if (!bound) problems.push(`flow ${key}: ${end.what} has no slice to bind to`);
    }
  }
  return problems;
}
