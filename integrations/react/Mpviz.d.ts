/** Types of Mpviz.js (see there). */
import type { ReactElement } from 'react';

export interface MpvizProps {
  /** The pinned mpviz release, e.g. "https://mpviz.example.org/v/0.1.0/". Required. */
  base: string;
  scenario?: 1 | 2 | 3 | 4 | 5 | 6;
  /** The step to show; a later change is sent to the frame without reloading it. */
  step?: number;
  start?: 'fork' | 'spawn' | 'forkserver';
  os?: 'linux' | 'macos' | 'windows';
  py?: '3.11' | '3.12' | '3.13' | '3.14';
  call?: 'map' | 'imap';
  seed?: number;
  mode?: 'lockstep' | 'free';
  /** The embed's language: "zh-CN" is Simplified Chinese; without it, the reader's browser's. */
  lang?: 'en' | 'zh-CN';
  autoplay?: boolean;
  /** false hides the step controls. */
  controls?: boolean;
  theme?: 'light' | 'dark' | 'auto';
  /** The frame's title, which screen readers announce. */
  title?: string;
  /** Pixels (default 640) or a CSS length. */
  height?: number | string;
  /** Default "mpviz-frame". */
  className?: string;
  /** Every message of the embed (docs/embedding.md, "The postMessage API"). */
  onMessage?: (message: { type: string; [key: string]: unknown }) => void;
}

export function Mpviz(props: MpvizProps): ReactElement;
export function mpvizEmbedUrl(base: string, props?: Omit<MpvizProps, 'base'>): string;
export default Mpviz;
