/**
 * Runs a program whose Python frames hand their bodies over as sub-calls
 * (`Descend`), keeping the generators on an explicit stack.
 *
 * With plain `yield*` every resume of a thread walks down through every
 * generator of its call chain, so a deep Python stack made every system call
 * slower. Here a resume touches only the innermost frame's own generators;
 * a returned value or a thrown exception is passed to the frame below, as a
 * call stack would.
 */
import type { Descend, Gen, ProgramGen } from './syscalls';

export function* trampoline<T>(root: Gen<T>): ProgramGen {
  const stack: Gen<unknown>[] = [root];
  // What to hand the top generator next: a value, or (failed) an error to throw.
  let failed = false;
  let input: unknown = undefined;
  for (;;) {
    const top = stack[stack.length - 1]!;
    let step: IteratorResult<unknown, unknown>;
    try {
      step = failed ? top.throw(input) : top.next(input);
    } catch (error) {
      stack.pop();
      if (stack.length === 0) throw error;
      failed = true;
      input = error;
      continue;
    }
    failed = false;
    if (step.done) {
      stack.pop();
      if (stack.length === 0) return step.value;
      input = step.value;
      continue;
    }
    const yielded = step.value as { op: string };
    if (yielded.op === 'descend') {
      stack.push((yielded as Descend).gen);
      input = undefined;
      continue;
    }
    try {
      input = yield yielded as never;
    } catch (error) {
      failed = true;
      input = error;
    }
  }
}
