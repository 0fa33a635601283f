import { describe, expect, it } from 'vitest';
import { refusalOf } from './refusal';

describe('refusalOf', () => {
  it('reads an object refused outside spawning', () => {
    expect(
      refusalOf(
        'RuntimeError: SimpleQueue objects should only be shared between processes through inheritance',
      ),
    ).toEqual({ kind: 'object', type: 'SimpleQueue', errorType: 'RuntimeError' });
  });

  it('reads a local function in each release’s words', () => {
    const local = {
      kind: 'function',
      qualname: 'start_scenario.<locals>.local_job',
      outer: 'start_scenario',
      lambda: false,
    };
    expect(
      refusalOf("AttributeError: Can't pickle local object 'start_scenario.<locals>.local_job'"),
    ).toEqual(local);
    expect(
      refusalOf("AttributeError: Can't get local object 'start_scenario.<locals>.local_job'"),
    ).toEqual(local);
    expect(
      refusalOf(
        "_pickle.PicklingError: Can't pickle local object <function start_scenario.<locals>.<lambda> at 0x7f000f6f5230>",
      ),
    ).toEqual({ ...local, qualname: 'start_scenario.<locals>.<lambda>', lambda: true });
  });

  it('reads nothing else as a refusal', () => {
    expect(refusalOf('EOFError: Ran out of input')).toBeNull();
    expect(
      refusalOf(
        "_pickle.PicklingError: Can't pickle <function f at 0x1>: attribute lookup f on m failed",
      ),
    ).toBeNull();
  });
});
