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

/**
 * Connects the store to the embedding window. Returns a function that
 * disconnects it. Does nothing when the page is not embedded.
 */
export function installBridge(store: RunStore, api: MpvizApi, win: BridgeWindow): () => void {
  const host = win.parent as Poster | null;
  if (!host || host === (win as unknown) || typeof host.postMessage !== 'function') {
    return () => {};
  }
  const origin = hostOrigin(win);
  const send = (event: EmbedEvent) => host.postMessage(event, origin);

  const onMessage = (e: MessageEvent) => {
    // Only the window that embeds this page may drive it.
    if (e.source !== host) return;
    const command = parseCommand(e.data);
    if (!command) return;
    apply(store, command, send, api);
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
  });

  send({ type: 'mpviz:ready', version: PROTOCOL_VERSION, state: api.getState() });
  return () => {
    win.removeEventListener('message', onMessage);
    unsubscribe();
  };
}
