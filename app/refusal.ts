/**
 * What a `pickle.refused` event's error says was refused, read in one place
 * for the verdict, the story and the stage:
 * - a multiprocessing object pickled outside spawning, `RuntimeError: Lock
 *   objects should only be shared between processes through inheritance`
 *   (SemLock's or a Queue's `__getstate__`, through assert_spawning);
 * - a function pickle cannot write by name: one whose qualified name has
 *   `<locals>` (a lambda or a def inside another function). CPython words it
 *   `AttributeError: Can't pickle local object 'f.<locals>.g'` (3.11, 3.12),
 *   `… Can't get local object …` (3.13), and `_pickle.PicklingError: Can't
 *   pickle local object <function f.<locals>.g at 0x…>` (3.14).
 */
export type Refusal =
  | {
      readonly kind: 'object';
      /** The refused object's class, as the message names it (`Lock`, `Queue`…). */
      readonly type: string;
      /** The exception's type (`RuntimeError`). */
      readonly errorType: string;
    }
  | {
      readonly kind: 'function';
      /** The function's qualified name (`start_scenario.<locals>.local_job`). */
      readonly qualname: string;
      /** The function it is defined in (`start_scenario`). */
      readonly outer: string;
      /** A lambda rather than a def. */
      readonly lambda: boolean;
    };

const OBJECT = /^(\w+): (\w+) objects should only be shared between processes/;
const FUNCTION =
  /^[\w.]+: Can't (?:pickle|get) local object (?:'([^']+)'|<function (\S+) at 0x[0-9a-f]+>)/;

export function refusalOf(error: string): Refusal | null {
  const object = OBJECT.exec(error);
  if (object) return { kind: 'object', type: object[2]!, errorType: object[1]! };
  const fn = FUNCTION.exec(error);
  if (!fn) return null;
  const qualname = (fn[1] ?? fn[2])!;
  const at = qualname.lastIndexOf('.<locals>.');
  return {
    kind: 'function',
    qualname,
    outer: at >= 0 ? qualname.slice(0, at) : qualname,
    lambda: qualname.endsWith('<lambda>'),
  };
}
