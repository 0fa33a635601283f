/**
 * A docs page (e2e/hosts/iframe.html, served with no special headers) with
 * mpviz embedded in an iframe, and what the host sees of it: the messages
 * mpviz posted to it, and the frame itself. Locators inside the frame use
 * roles and names, as for the app.
 */
import { expect, type Frame, type FrameLocator, type Locator, type Page } from '@playwright/test';
import type { MpvizState } from '../../app/api';
import { APP_ORIGIN, HOST_ORIGIN, PLAIN_ORIGIN } from '../ports';

export type EmbedServer = 'isolated' | 'plain';

/** A message mpviz posted to the host (protocol.ts). */
export interface Received {
  readonly type: string;
  readonly [key: string]: unknown;
}

declare global {
  interface Window {
    received?: Received[];
    send?: (message: unknown) => void;
    sendToSibling?: (message: unknown) => void;
    events?: { type: string; detail: Received }[];
  }
}

export class EmbedHost {
  readonly frame: FrameLocator;
  readonly narration: Locator;
  readonly verdict: Locator;
  readonly openInMpviz: Locator;
  readonly engineLine: Locator;

  constructor(readonly page: Page) {
    this.frame = page.frameLocator('#mpviz');
    this.narration = this.frame.getByRole('region', { name: 'Narration', exact: true });
    this.verdict = this.frame.getByRole('status', { name: 'Verdict', exact: true });
    this.openInMpviz = this.frame.getByRole('link', { name: /Open in mpviz/ });
    this.engineLine = this.frame.getByTestId('isolation-status');
  }

  /**
   * Opens a host page (e2e/hosts: `iframe.html`, or `sandboxed.html`, served
   * in a sandbox) with mpviz's embed from one of the two servers.
   */
  async open(
    server: EmbedServer,
    search = '',
    hostPage = 'iframe.html',
    hostSearch = '',
  ): Promise<void> {
    const origin = server === 'isolated' ? APP_ORIGIN : PLAIN_ORIGIN;
    const src = `${origin}/embed.html${search}`;
    await this.page.goto(`${HOST_ORIGIN}/${hostPage}?src=${encodeURIComponent(src)}${hostSearch}`);
    await expect.poll(() => this.embedFrame() !== null).toBe(true);
  }

  /** The embed's frame, to evaluate in it (null until it has loaded). */
  embedFrame(): Frame | null {
    return this.page.frames().find((f) => f.url().includes('/embed.html')) ?? null;
  }

  /** The embed's state, read through its own `window.mpviz` once it has one. */
  async state(): Promise<MpvizState> {
    const frame = this.embedFrame()!;
    await frame.waitForFunction(() => window.mpviz !== undefined);
    return frame.evaluate(() => window.mpviz!.getState());
  }

  /** Waits until the embed's run has ended, and returns its state. */
  async settled(): Promise<MpvizState> {
    const frame = this.embedFrame()!;
    await frame.waitForFunction(() => {
      const s = window.mpviz?.getState();
      return s !== undefined && !s.running && s.verdict !== null;
    });
    // And real workers' confirmation of it, if any (docs/page-api.md).
    return frame.evaluate(() => window.mpviz!.settled());
  }

  received(): Promise<Received[]> {
    return this.page.evaluate(() => window.received ?? []);
  }

  /** The messages of one type mpviz has posted so far. */
  async receivedOf(type: string): Promise<Received[]> {
    return (await this.received()).filter((m) => m.type === type);
  }

  /**
   * Asks the embed for its state and waits for the answer: the embed handles
   * messages in order, so every message sent before has been handled by then.
   */
  async sync(): Promise<void> {
    const before = (await this.receivedOf('mpviz:state')).length;
    await this.send({ type: 'mpviz:getState' });
    await expect.poll(async () => (await this.receivedOf('mpviz:state')).length).toBe(before + 1);
  }

  send(message: unknown): Promise<void> {
    return this.page.evaluate((m) => window.send!(m), message);
  }
}
