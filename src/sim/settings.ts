/**
 * The defaults of a run's settings (RunSettings, in trace.ts), in one place:
 * CPython's on Linux (Python 3.12, the platform's start method), `Pool.map`,
 * seed 1. The model's runs, the page and the command line all start from them.
 */
import { defaultStartMethod, startMethodError } from './platforms';
import type { RunSettings } from './trace';

/** Every setting's default but the start method's, which follows the platform and Python. */
export const RUN_DEFAULTS = {
  scenario: 1,
  platform: 'linux',
  python: '3.12',
  call: 'map',
  seed: 1,
} as const satisfies Omit<RunSettings, 'startMethod'>;

/** Settings as a caller gives them: the scenario, and whatever differs from the defaults. */
export type RunSettingsGiven = Pick<RunSettings, 'scenario'> & Partial<RunSettings>;

/**
 * The settings of a run, the defaults filled in. Throws CPython's ValueError
 * text when the start method does not exist on the platform.
 */
export function resolveSettings(given: RunSettingsGiven): RunSettings {
  const platform = given.platform ?? RUN_DEFAULTS.platform;
  const python = given.python ?? RUN_DEFAULTS.python;
  const startMethod = given.startMethod ?? defaultStartMethod(platform, python);
  const error = startMethodError(platform, startMethod);
  if (error !== null) throw new Error(error);
  return {
    scenario: given.document?.number ?? given.scenario,
    ...(given.document !== undefined ? { document: given.document } : {}),
    startMethod,
    platform,
    python,
    call: given.call ?? RUN_DEFAULTS.call,
    seed: given.seed ?? RUN_DEFAULTS.seed,
  };
}

/** The settings of anything that carries them (a header, a result, the page's options), alone. */
export function settingsOf(from: RunSettings): RunSettings {
  const { scenario, document, startMethod, platform, python, call, seed } = from;
  return {
    scenario,
    ...(document !== undefined ? { document } : {}),
    startMethod,
    platform,
    python,
    call,
    seed,
  };
}
