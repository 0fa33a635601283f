/**
 * Sharing the walkthrough as it stands: a link to this step, an iframe of
 * the embed at this step (docs/embedding.md), and the trace as Chrome Trace
 * Event JSON for Perfetto or chrome://tracing. When the clipboard is not
 * available (an insecure page, a refused permission) the text is shown,
 * selected, to copy by hand.
 */
import { useRef, useState } from 'react';
import type { Trace } from '../../src/sim/trace';
import { messages } from '../messages';
import { embedCode, shareLink } from '../share';
import { selectParams, selectResult, selectShareStep } from '../store';
import { useRunState } from '../store-context';

const t = messages.share;

type Copied = { readonly what: 'link' | 'embed'; readonly ok: boolean; readonly text: string };

async function copy(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

/** Saves the trace as Chrome Trace Event JSON; the exporter is loaded on demand, on the first click. */
async function exportTrace(trace: Trace): Promise<void> {
  const { CHROME_TRACE_MIME_TYPE, chromeTraceFileName, chromeTraceJson } =
    await import('../../src/sim/export');
  download(chromeTraceJson(trace), chromeTraceFileName(trace.header), CHROME_TRACE_MIME_TYPE);
}

/** Saves text as a file through a temporary link (no server involved). */
function download(text: string, name: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has started by now; the object URL is not needed any more.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

export function Share() {
  const params = useRunState(selectParams);
  const urlStep = useRunState(selectShareStep);
  const result = useRunState(selectResult);
  const [copied, setCopied] = useState<Copied | null>(null);
  const manualRef = useRef<HTMLTextAreaElement>(null);
  if (!result) return null;

  const onCopy = async (what: Copied['what']) => {
    const href = window.location.href;
    const text =
      what === 'link' ? shareLink(href, params, urlStep) : embedCode(href, params, urlStep);
    const ok = await copy(text);
    setCopied({ what, ok, text });
    if (!ok) requestAnimationFrame(() => manualRef.current?.select());
  };

  return (
    <div className="share" role="group" aria-label={t.title}>
      <button type="button" onClick={() => void onCopy('link')}>
        {t.copyLink}
      </button>
      <button type="button" onClick={() => void onCopy('embed')}>
        {t.copyEmbed}
      </button>
      <button type="button" title={t.exportHint} onClick={() => void exportTrace(result.trace)}>
        {t.exportTrace}
      </button>
      <p className="share-status" role="status">
        {copied?.ok ? t.copied : copied ? t.copyFailed : ''}
      </p>
      {copied && !copied.ok && (
        <textarea
          ref={manualRef}
          className="share-manual"
          readOnly
          aria-label={copied.what === 'link' ? t.copyLink : t.copyEmbed}
          value={copied.text}
        />
      )}
    </div>
  );
}
