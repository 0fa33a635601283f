/**
 * Runs a program whose Python frames hand their bodies over as sub-calls
 * (`Descend`), keeping the generators on an explicit stack.
 *
 * With plain `yield*` every resume of a thread walks down through every
 * generator of its call chain, so a deep Python stack made every system call
 * slower. Here a resume touches only the innermost frame's own generators;
 * a returned value or a thrown exception is passed to the frame below, as a
 * call stack would.
 *
 * The trampoline itself is a plain object with the generator protocol, not a
 * generator function: a thread is resumed on every system call, and a
 * generator of its own cost one more suspend and resume each time.
 */
import { Descend, type Call, type Gen, type ProgramGen } from './syscalls';

/**
 * %GeneratorPrototype%.next and .throw, called directly: each generator
 * function gives its generators their own hidden class, so `top.next` read
 * off the generators of a run is a slow, megamorphic lookup on every step.
 */
const GENERATOR_PROTOTYPE = Object.getPrototypeOf(
  Object.getPrototypeOf((function* () {})()),
) as Generator;
const generatorNext = GENERATOR_PROTOTYPE.next;
const generatorThrow = GENERATOR_PROTOTYPE.throw;

export function trampoline<T>(root: Gen<T>): ProgramGen {
  return new Trampoline(root);
}

class Trampoline implements ProgramGen {
  private readonly stack: Gen<unknown>[];
  private started = false;
  private finished = false;

  constructor(root: Gen<unknown>) {
    this.stack = [root];
  }

  next(value?: unknown): IteratorResult<Call, unknown> {
    return this.run(false, value);
  }

  throw(error: unknown): IteratorResult<Call, unknown> {
    return this.run(true, error);
  }

  /** As a generator function's `return()` at its `yield`: the frames are abandoned, not closed. */
  return(value: unknown): IteratorResult<Call, unknown> {
    this.finished = true;
    this.stack.length = 0;
    return { value, done: true };
  }

  [Symbol.iterator](): this {
    return this;
  }

  /** Resumes the innermost frame with a value or (failed) an error, until a system call or the end. */
  private run(failed: boolean, input: unknown): IteratorResult<Call, unknown> {
    if (this.finished) {
      if (failed) throw input;
      return { value: undefined, done: true };
    }
    if (!this.started) {
      // Like a generator: the first next()'s value is dropped; a throw() before it ends it.
      this.started = true;
      if (failed) {
        this.finished = true;
        throw input;
      }
      input = undefined;
    }
    const stack = this.stack;
    for (;;) {
      const top = stack[stack.length - 1]!;
      let step: IteratorResult<unknown, unknown>;
      try {
        step = failed ? generatorThrow.call(top, input) : generatorNext.call(top, input);
      } catch (error) {
        stack.pop();
        if (stack.length === 0) {
          this.finished = true;
          throw error;
        }
        failed = true;
        input = error;
        continue;
      }
      failed = false;
      if (step.done) {
        stack.pop();
        if (stack.length === 0) {
          this.finished = true;
          return { value: step.value, done: true };
        }
        input = step.value;
        continue;
      }
      const yielded = step.value;
      if (yielded instanceof Descend) {
        stack.push(yielded.gen);
        input = undefined;
        continue;
      }
      // The innermost generator's own result object: it is the system call, not yet done.
      return step as IteratorResult<Call, unknown>;
    }
  }
}
