/**
 * "Download this script": saves the code panel's Python source as a file the
 * learner can run with their own CPython. Self-contained: the caller passes
 * the text and file name (see `scriptDownload` in src/sim/scenarios/source.ts).
 */
import { messages } from '../messages';

const t = messages.downloadScript;

export interface DownloadScriptProps {
  readonly text: string;
  readonly fileName: string;
  readonly mimeType?: string;
  /** The button's text and tooltip (default: "Download this script"). */
  readonly label?: string;
  readonly hint?: string;
}

export function DownloadScript({
  text,
  fileName,
  mimeType = 'text/x-python',
  label = t.label,
  hint = t.hint(fileName),
  describedBy,
}: DownloadScriptProps & { readonly describedBy?: string }) {
  const onClick = () => {
    const url = URL.createObjectURL(new Blob([text], { type: mimeType }));
    const link = document.createElement('a');
    link.href = url;
    link.download = fileName;
    document.body.append(link);
    link.click();
    link.remove();
    // The download has started by now; the object URL is not needed any more.
    setTimeout(() => URL.revokeObjectURL(url), 0);
  };
  return (
    <button
      type="button"
      className="download-script"
      onClick={onClick}
      title={hint}
      aria-describedby={describedBy}
    >
      {label}
    </button>
  );
}
