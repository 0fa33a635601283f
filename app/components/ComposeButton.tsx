/**
 * "Compose…" in the settings bar: opens the builder panel (builder/), a
 * dialog in a chunk of its own that the page loads when the button is
 * pointed at, focused or pressed, never before. The dialog is put on
 * `document.body` (the settings bar is a form, and the builder has its own).
 */
import { lazy, Suspense, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { messages } from '../messages';

const load = () => import('../builder/BuilderDialog');
const BuilderDialog = lazy(() => load().then((m) => ({ default: m.BuilderDialog })));

const t = messages.switches;

export function ComposeButton() {
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLButtonElement>(null);
  const preload = () => void load().catch(() => {});
  return (
    <>
      <button
        ref={ref}
        type="button"
        className="compose-button"
        aria-haspopup="dialog"
        title={t.composeHint}
        onPointerEnter={preload}
        onFocus={preload}
        onClick={() => setOpen(true)}
      >
        <span className="compose-icon" aria-hidden="true">
          ✎
        </span>
        <span className="compose-text">{t.compose}</span>
      </button>
      {open &&
        createPortal(
          <Suspense fallback={null}>
            <BuilderDialog
              onClose={() => {
                setOpen(false);
                ref.current?.focus();
              }}
            />
          </Suspense>,
          document.body,
        )}
    </>
  );
}
