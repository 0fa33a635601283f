/**
 * The postMessage protocol between a host page and the mpviz embed, version 1
 * (documented in docs/embedding.md).
 *
 * Host → embed, commands:
 *   { type: 'mpviz:goto', step }            show a step (an integer ≥ 0, clamped)
 *   { type: 'mpviz:play' } / 'mpviz:pause'
 *   { type: 'mpviz:setScenario', scenario } 1..6, then run it
 *   { type: 'mpviz:setParams', params }     any of scenario, startMethod, platform,
 *                                           python, call, seed, mode; then run
 *   { type: 'mpviz:setDocument', document } a composed scenario (docs/scenario-format.md,
 *                                           a JSON object or doc='s text), then run it
 *   { type: 'mpviz:getState' }              answered by 'mpviz:state'
 *
 * Commands are valid from 'mpviz:ready' on; goto, play and pause sent while
 * a run is in flight are held until its result is on screen (bridge.ts).
 *
 * Embed → host, events: 'mpviz:ready' (with the protocol version),
 * 'mpviz:stepchange', 'mpviz:verdict', 'mpviz:confirmation' (real workers'
 * verdict on the run shown), 'mpviz:state', 'mpviz:refused' (a document the
 * format refuses, with its reasons); each carries the state.
 *
 * `parseCommand` is the schema: anything that is not exactly one of the
 * commands (an unknown type, a missing or extra field, a value out of range,
 * a setting CPython would refuse) is null, and the embed ignores it. It never
 * throws, whatever it is given.
 */
import type { MpvizState } from '../api';
import { STEP_MAX, defaultParams, updateParams, type PageParams } from '../params';
import { SCENARIOS } from '../../src/sim/scenarios';

export const PROTOCOL_VERSION = 1;

export type Command =
  | { readonly type: 'mpviz:goto'; readonly step: number }
  | { readonly type: 'mpviz:play' }
  | { readonly type: 'mpviz:pause' }
  | { readonly type: 'mpviz:setScenario'; readonly scenario: number }
  | { readonly type: 'mpviz:setParams'; readonly params: Partial<PageParams> }
  | { readonly type: 'mpviz:setDocument'; readonly document: unknown }
  | { readonly type: 'mpviz:getState' };

export type EmbedEvent =
  | { readonly type: 'mpviz:ready'; readonly version: number; readonly state: MpvizState }
  | { readonly type: 'mpviz:stepchange'; readonly step: number; readonly state: MpvizState }
  | {
      readonly type: 'mpviz:verdict';
      readonly verdict: NonNullable<MpvizState['verdict']>;
      readonly state: MpvizState;
    }
  | {
      readonly type: 'mpviz:confirmation';
      readonly confirmation: NonNullable<MpvizState['confirmation']>;
      readonly state: MpvizState;
    }
  | { readonly type: 'mpviz:state'; readonly state: MpvizState }
  | {
      readonly type: 'mpviz:refused';
      readonly reasons: readonly string[];
      readonly state: MpvizState;
    };

/** The settings a host may change, and the JavaScript type each must have. */
const PARAM_TYPES: Readonly<Record<Exclude<keyof PageParams, 'document'>, 'number' | 'string'>> = {
  scenario: 'number',
  startMethod: 'string',
  platform: 'string',
  python: 'string',
  call: 'string',
  seed: 'number',
  mode: 'string',
};

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Exactly these keys (own, enumerable), no more, no fewer. */
function hasKeys(value: Record<string, unknown>, keys: readonly string[]): boolean {
  const own = Object.keys(value);
  return own.length === keys.length && keys.every((k) => Object.hasOwn(value, k));
}

function isStep(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= STEP_MAX;
}

function isScenario(value: unknown): value is number {
  return typeof value === 'number' && SCENARIOS.some((s) => s.id === value);
}

/**
 * Settings as the host sent them, if every one is known, of the right type
 * and usable (checked by the same rules as the address: `updateParams`
 * must accept each without a notice).
 */
function parseSettings(value: unknown): Partial<PageParams> | null {
  if (!isPlainObject(value)) return null;
  const keys = Object.keys(value);
  if (keys.length === 0) return null;
  const settings: Record<string, unknown> = {};
  for (const key of keys) {
    const type = PARAM_TYPES[key as keyof typeof PARAM_TYPES];
    if (!Object.hasOwn(PARAM_TYPES, key) || typeof value[key] !== type) return null;
    if (type === 'number' && !Number.isFinite(value[key])) return null;
    settings[key] = value[key];
  }
  const partial = settings as Partial<PageParams>;
  // Checked against the defaults here; the embed checks again against its
  // current settings (a start method may exist on one OS and not another).
  // Values must be given as the app writes them: the address parser forgives
  // `Fork` or ` spawn`, the protocol does not.
  const { params, notices } = updateParams(defaultParams(), partial);
  if (notices.length > 0) return null;
  for (const key of keys) if (params[key as keyof PageParams] !== value[key]) return null;
  return partial;
}

/** The command a message carries, or null for anything else. Never throws. */
export function parseCommand(data: unknown): Command | null {
  try {
    if (!isPlainObject(data) || typeof data.type !== 'string') return null;
    switch (data.type) {
      case 'mpviz:goto':
        return hasKeys(data, ['type', 'step']) && isStep(data.step)
          ? { type: data.type, step: data.step }
          : null;
      case 'mpviz:play':
      case 'mpviz:pause':
      case 'mpviz:getState':
        return hasKeys(data, ['type']) ? { type: data.type } : null;
      case 'mpviz:setScenario':
        return hasKeys(data, ['type', 'scenario']) && isScenario(data.scenario)
          ? { type: data.type, scenario: data.scenario }
          : null;
      case 'mpviz:setDocument': {
        // The format's reader checks the document itself (the bridge loads it).
        const doc = data.document;
        const shape = isPlainObject(doc) || (typeof doc === 'string' && doc.length <= 8000);
        return hasKeys(data, ['type', 'document']) && shape
          ? { type: data.type, document: doc }
          : null;
      }
      case 'mpviz:setParams': {
        if (!hasKeys(data, ['type', 'params'])) return null;
        const params = parseSettings(data.params);
        return params ? { type: data.type, params } : null;
      }
      default:
        return null;
    }
  } catch {
    // A getter or a proxy that throws while being inspected is malformed too.
    return null;
  }
}
