import { caretLine } from './carets';

/**
 * Python exceptions and tracebacks, as the simulation raises and prints them.
 *
 * A traceback is a list of frames, outermost first, exactly as CPython prints
 * "most recent call last". When an exception stored by one thread is raised
 * again by another (`raise self._value` in `ApplyResult.get`), CPython keeps the
 * original frames and puts the re-raising frames in front of them: `reraise`
 * does the same, which is why the scenario 1 traceback starts in the main
 * thread and ends in the task-handler thread.
 */

export interface Frame {
  /** Basename of the file: `scenarios.py`, `pool.py`, `context.py`... */
  readonly file: string;
  /** `scenarios.py` for user code, or the stdlib path prefix such as `.../multiprocessing/`. */
  readonly dir: string;
  readonly func: string;
  readonly line: number;
  /** The source text of that line, stripped, as CPython prints under the frame. */
  readonly text: string;
  /** The sub-expression of `text` that was executing, when it is not the obvious one (see carets.ts). */
  readonly expr?: string;
  /** Python 3.13+: the lines that follow a statement spanning several lines (`...<2 lines>...`, `)`). */
  readonly more?: readonly string[];
  /** Which process and thread this frame ran in (a traceback may cross threads). */
  readonly pid: number;
  readonly thread: string;
}

/**
 * A Python exception travelling through simulated code. Not a JavaScript
 * `Error`: its traceback is the Python one in `frames`, and Python code
 * raises and catches these routinely (EOFError ends a server thread).
 */
export class PyException {
  readonly pyType: string;
  readonly pyMessage: string;
  /** Outermost first. */
  frames: Frame[];
  /**
   * `__notes__` (PEP 678), printed one per line after `Type: message`: what
   * 3.14's pickler adds as the error passes each container it was saving
   * ("when serializing tuple item 1"), innermost first.
   */
  readonly notes: string[] = [];
  /**
   * `__cause__`, printed first, then "The above exception was the direct cause
   * of the following exception:": a Pool worker's exception, raised again in
   * the parent, has the worker's traceback as a RemoteTraceback (its text).
   */
  cause?: PyException;
  /**
   * The sub-expression of the line it is raised on that raised it, for the
   * carets of that first frame (`lock.acquire` of `lock.acquire()`: the
   * attribute lookup, not the call).
   */
  readonly raisedAt?: string;

  constructor(pyType: string, pyMessage: string, frames: Frame[] = [], raisedAt?: string) {
    this.pyType = pyType;
    this.pyMessage = pyMessage;
    this.frames = frames;
    if (raisedAt !== undefined) this.raisedAt = raisedAt;
  }

  /** `Type: message`, as the last line of a traceback. */
  get text(): string {
    return this.pyMessage === '' ? this.pyType : `${this.pyType}: ${this.pyMessage}`;
  }
}

/** `file.py:function` strings, outermost first (the `--json` "frames" format). */
export function frameNames(frames: readonly Frame[]): string[] {
  return frames.map((f) => `${f.file}:${f.func}`);
}

/** The traceback exactly as CPython `version` prints it to stderr. */
export function formatTraceback(exc: PyException, version: string): string[] {
  const lines: string[] = [];
  if (exc.cause !== undefined) {
    lines.push(...formatTraceback(exc.cause, version), '', DIRECT_CAUSE, '');
  }
  // An exception never raised (a RemoteTraceback made by rebuild_exc) has no traceback.
  if (exc.frames.length > 0) lines.push('Traceback (most recent call last):');
  for (const f of exc.frames) {
    const path = f.dir === '' ? f.file : `${f.dir}${f.file}`;
    lines.push(`  File "${path}", line ${f.line}, in ${f.func}`);
    if (f.text === '') continue;
    lines.push(`    ${f.text}`);
    const multiLine = version !== '3.11' && version !== '3.12' && f.more !== undefined;
    if (multiLine) {
      for (const more of f.more!) lines.push(`    ${more}`);
      continue;
    }
    const carets = caretLine(version, f.text, f.expr);
    if (carets !== null) lines.push(`    ${carets}`);
  }
  // A message may run over lines (a RemoteTraceback's is a whole traceback).
  lines.push(...exc.text.split('\n'));
  lines.push(...exc.notes);
  return lines;
}

const DIRECT_CAUSE = 'The above exception was the direct cause of the following exception:';
