/**
 * The embed's side of the postMessage protocol (protocol.ts): it listens to
 * the window that embeds it, and to no other, applies the commands it can
 * parse, and tells that window about every step change and verdict.
 */
import type { MpvizApi } from '../api';
import { sameParams, updateParams } from '../params';
import {
  gotoStep,
  pause,
  play,
  runQuietly,
  selectVerdict,
  setParams,
  type RunStore,
} from '../store';
import { PROTOCOL_VERSION, parseCommand, type Command, type EmbedEvent } from './protocol';

/** The parts of `window` the bridge uses (a test passes a fake). */
export interface BridgeWindow {
  readonly parent: unknown;
  readonly location: {
    readonly ancestorOrigins?: { readonly length: number; [i: number]: string };
  };
  readonly document: { readonly referrer: string };
  addEventListener(type: 'message', listener: (e: MessageEvent) => void): void;
  removeEventListener(type: 'message', listener: (e: MessageEvent) => void): void;
}

interface Poster {
  postMessage(message: unknown, targetOrigin: string): void;
}

/**
 * The embedding page's origin, so that events go to it alone: Chromium and
 * Safari name it in `ancestorOrigins`; elsewhere the referrer says it. When
 * neither does, or the host's origin is opaque (a sandboxed or file:// host),
 * events go to any origin: they carry only what the host could read from the
 * page's address anyway.
 */
export function hostOrigin(win: BridgeWindow): string {
  const ancestors = win.location.ancestorOrigins;
  const first = ancestors && ancestors.length > 0 ? ancestors[0] : undefined;
  // An opaque host (served with `Content-Security-Policy: sandbox`, or
  // sandboxed by its own parent): its referrer names its URL, not its
  // origin, and a message sent to that URL's origin would be dropped.
  if (first === 'null') return '*';
  if (first) return first;
  try {
    const origin = new URL(win.document.referrer).origin;
    if (origin !== 'null') return origin;
  } catch {
    // No referrer.
  }
  return '*';
}

function apply(store: RunStore, command: Command, reply: (e: EmbedEvent) => void, api: MpvizApi) {
  switch (command.type) {
    case 'mpviz:goto':
      gotoStep(store, command.step);
      return;
    case 'mpviz:play':
      play(store);
      return;
    case 'mpviz:pause':
      pause(store);
      return;
    case 'mpviz:getState':
      reply({ type: 'mpviz:state', state: api.getState() });
      return;
    case 'mpviz:setDocument':
      return; // Asynchronous: see installBridge.
    case 'mpviz:setScenario':
    case 'mpviz:setParams': {
      const partial =
        command.type === 'mpviz:setScenario' ? { scenario: command.scenario } : command.params;
      // Checked again against the current settings: a start method may exist on one OS only.
      const current = store.getState().params;
      const next = updateParams(current, partial);
      if (next.notices.length > 0 || sameParams(next.params, current)) return;
      setParams(store, partial);
      runQuietly(store);
      return;
    }
  }
}

/** The commands that act on the run shown: held while a run is in flight (see `installBridge`). */
type StepCommand = Extract<Command, { type: 'mpviz:goto' | 'mpviz:play' | 'mpviz:pause' }>;

function isStepCommand(command: Command): command is StepCommand {
  return (
    command.type === 'mpviz:goto' || command.type === 'mpviz:play' || command.type === 'mpviz:pause'
  );
}

/**
 * Whether the run whose result step commands would act on is still to come:
 * before the first run starts (the bridge says `ready` first), while a run is
 * in flight, and after a change of settings until its run is shown. Not after
 * a run that failed: then nothing is coming.
 */
function awaitingRun(s: ReturnType<RunStore['getState']>): boolean {
  if (s.running) return true;
  return s.result === null && s.error === null && s.runCount === 0;
}

/**
 * Connects the store to the embedding window. Returns a function that
 * disconnects it. Does nothing when the page is not embedded.
 *
 * Commands are valid from `mpviz:ready` on. `goto`, `play` and `pause` act on
 * the run shown, so while a run is in flight (from `ready` until the first
 * run is on screen, or after `setParams`/`setScenario` until the new run is)
 * they are held, and applied in the order they came as soon as that run's
 * result is on screen, whichever engine produced it: the model at once, or
 * racing workers seconds later. A command that starts a new run drops the
 * held ones (they were about the run it replaces). `getState` is answered at
 * once. The `mpviz:verdict` event says that a run is on screen.
 */
export function installBridge(store: RunStore, api: MpvizApi, win: BridgeWindow): () => void {
  const host = win.parent as Poster | null;
  if (!host || host === (win as unknown) || typeof host.postMessage !== 'function') {
    return () => {};
  }
  const origin = hostOrigin(win);
  const send = (event: EmbedEvent) => host.postMessage(event, origin);

  /** Step commands that came while a run was in flight, in order. */
  let held: StepCommand[] = [];
  /** Documents being read (the reader is loaded on demand): step commands wait for them too. */
  let reading = 0;
  const onMessage = (e: MessageEvent) => {
    // Only the window that embeds this page may drive it.
    if (e.source !== host) return;
    const command = parseCommand(e.data);
    if (!command) return;
    if (isStepCommand(command) && (reading > 0 || awaitingRun(store.getState()))) {
      held.push(command);
      return;
    }
    if (command.type === 'mpviz:setDocument') {
      reading += 1;
      held = [];
      const before = store.getState().params;
      api.setDocument(command.document).then(
        () => {
          reading -= 1;
          if (store.getState().params !== before) runQuietly(store);
          else release(store.getState());
        },
        (error: unknown) => {
          reading -= 1;
          const reasons = (error as { reasons?: readonly string[] }).reasons ?? [String(error)];
          send({ type: 'mpviz:refused', reasons, state: api.getState() });
          release(store.getState());
        },
      );
      return;
    }
    const runs = store.getState().runCount;
    apply(store, command, send, api);
    // A new run replaces the one the held commands were about.
    if (store.getState().runCount !== runs) held = [];
  };
  win.addEventListener('message', onMessage);

  const unsubscribe = store.subscribe((s, before) => {
    if (s.step !== before.step && s.result) {
      send({ type: 'mpviz:stepchange', step: s.step, state: api.getState() });
    }
    const verdict = selectVerdict(s);
    if (verdict !== null && s.result !== before.result) {
      send({ type: 'mpviz:verdict', verdict, state: api.getState() });
    }
    // Once real workers have confirmed (or contradicted) the run on screen.
    const { confirmation } = s;
    if (confirmation !== before.confirmation && confirmation && confirmation.state !== 'pending') {
      const state = api.getState();
      if (state.confirmation)
        send({ type: 'mpviz:confirmation', confirmation: state.confirmation, state });
    }
    release(s);
  });
  /** The run is on screen (or failed): what was held for it applies now. */
  function release(s: ReturnType<RunStore['getState']>): void {
    if (held.length === 0 || reading > 0 || awaitingRun(s)) return;
    const commands = held;
    held = [];
    for (const command of commands) apply(store, command, send, api);
  }

  send({ type: 'mpviz:ready', version: PROTOCOL_VERSION, state: api.getState() });
  return () => {
    win.removeEventListener('message', onMessage);
    unsubscribe();
  };
}
