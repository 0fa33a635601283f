import { describe, expect, it } from 'vitest';
import { parseDocument } from '../src/sim/scenario-format';
import { specOfDocument, type ScenarioSpec } from '../src/sim/scenarios';
import { unsetGlobalOf } from './unset-global';

function specOf(lockRoute: string, queueRoute: string): ScenarioSpec {
  const parsed = parseDocument({
    format: 'mpviz-scenario/1',
    number: 39,
    name: 'scenario_39',
    title: 'Globals',
    container: 'process',
    objects: [
      { type: 'Lock', from: 'mp', route: lockRoute },
      { type: 'Queue', from: 'mp', route: queueRoute },
    ],
  });
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  return specOfDocument(parsed.document);
}

describe('unsetGlobalOf', () => {
  const none = (attribute: string): string =>
    `AttributeError: 'NoneType' object has no attribute '${attribute}'`;

  it('names the global the job found None', () => {
    expect(unsetGlobalOf(none('acquire'), specOf('global', 'global'))).toBe('lock');
    expect(unsetGlobalOf(none('release'), specOf('global', 'task'))).toBe('lock');
    expect(unsetGlobalOf(none('put'), specOf('task', 'global'))).toBe('queue');
  });

  it('reads nothing when that object is no module global, or the error is another', () => {
    expect(unsetGlobalOf(none('acquire'), specOf('task', 'global'))).toBeNull();
    expect(unsetGlobalOf(none('get'), specOf('global', 'global'))).toBeNull();
    expect(
      unsetGlobalOf(
        'RuntimeError: Lock objects should only be shared between processes through inheritance',
        specOf('global', 'global'),
      ),
    ).toBeNull();
  });
});
