/**
 * What the page could not use as asked (from the address or from
 * `mpviz.setParams`), in a polite live region. Each notice can be dismissed;
 * the focus then moves to the next notice, or to the Run button.
 */
import { useEffect, useRef, useState } from 'react';
import { messages } from '../messages';
import { dismissAllNotices, dismissNotice, selectNotices } from '../store';
import { useRunState, useRunStoreApi } from '../store-context';

const t = messages.notices;

export function Notices({ onEmpty }: { onEmpty: () => void }) {
  const store = useRunStoreApi();
  const notices = useRunState(selectNotices);
  const listRef = useRef<HTMLUListElement>(null);
  /** After a dismissal: the index of the notice to focus, or -1 for "none left". */
  const focusNext = useRef<number | null>(null);

  // Fill the live region just after it is in the document, so that screen
  // readers announce the notices the address produced on load.
  const [ready, setReady] = useState(false);
  useEffect(() => {
    const timer = setTimeout(() => setReady(true), 100);
    return () => clearTimeout(timer);
  }, []);

  useEffect(() => {
    const index = focusNext.current;
    if (index === null) return;
    focusNext.current = null;
    const buttons = listRef.current?.querySelectorAll<HTMLButtonElement>('button[data-dismiss]');
    if (buttons && buttons.length > 0) buttons[Math.min(index, buttons.length - 1)]!.focus();
    else onEmpty();
  }, [notices, onEmpty]);

  const shown = ready ? notices : [];
  return (
    <div className="notices" aria-live="polite">
      {shown.length > 0 && (
        <>
          <ul ref={listRef} aria-label={t.title}>
            {shown.map((notice, index) => (
              <li key={notice.id} className="notice">
                <span className="notice-mark" aria-hidden="true">
                  i
                </span>
                <span className="notice-text">{notice.text}</span>
                <button
                  type="button"
                  data-dismiss=""
                  className="quiet"
                  onClick={() => {
                    focusNext.current = index;
                    dismissNotice(store, notice.id);
                  }}
                >
                  {t.dismiss}
                  <span className="visually-hidden">{t.dismissWhich(notice.param)}</span>
                </button>
              </li>
            ))}
          </ul>
          {shown.length > 1 && (
            <button
              type="button"
              className="quiet"
              onClick={() => {
                focusNext.current = 0;
                dismissAllNotices(store);
              }}
            >
              {t.dismissAll}
            </button>
          )}
        </>
      )}
    </div>
  );
}
