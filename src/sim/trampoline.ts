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
  let input: { value: unknown } | { error: unknown } = { value: undefined };
  for (;;) {
    const top = stack[stack.length - 1]!;
    let step: IteratorResult<unknown, unknown>;
    try {
      step = 'error' in input ? top.throw(input.error) : top.next(input.value);
    } catch (error) {
      stack.pop();
      if (stack.length === 0) throw error;
      input = { error };
      continue;
    }
    if (step.done) {
      stack.pop();
      if (stack.length === 0) return step.value;
      input = { value: step.value };
      continue;
    }
    const yielded = step.value as { op: string };
    if (yielded.op === 'descend') {
      stack.push((yielded as Descend).gen);
      input = { value: undefined };
      continue;
    }
    try {
      input = { value: yield yielded as never };
    } catch (error) {
      input = { error };
    }
  }
}
