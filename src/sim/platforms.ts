/**
 * Start methods per platform and Python version, as CPython's context.py has
 * them: Linux defaults to fork up to 3.13 and to forkserver from 3.14; macOS
 * to spawn (since 3.8); Windows has only spawn.
 */
import type { Platform, PythonVersion, StartMethod } from './trace';

export const PLATFORMS: readonly Platform[] = ['linux', 'macos', 'windows'];
export const PYTHON_VERSIONS: readonly PythonVersion[] = ['3.11', '3.12', '3.13', '3.14'];
export const START_METHODS: readonly StartMethod[] = ['fork', 'spawn', 'forkserver'];

export function defaultStartMethod(platform: Platform, python: PythonVersion): StartMethod {
  if (platform === 'linux') return python === '3.14' ? 'forkserver' : 'fork';
  return 'spawn';
}

export function validStartMethods(platform: Platform): readonly StartMethod[] {
  return platform === 'windows' ? ['spawn'] : START_METHODS;
}

/** What CPython says when a start method does not exist on the platform. */
export function startMethodError(platform: Platform, method: StartMethod): string | null {
  return validStartMethods(platform).includes(method)
    ? null
    : `ValueError: cannot find context for '${method}'`;
}
