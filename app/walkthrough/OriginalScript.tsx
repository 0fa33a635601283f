/**
 * The asker's Python 2 script, for comparison (no markers: it is not what
 * runs). Loaded when its tab is chosen.
 */
import { ORIGINAL_PYTHON2 } from '../../src/sim/scenarios';
import { messages } from '../messages';
import { CodeText } from './CodeText';
import { highlighted } from './highlight';

const t = messages.walkthrough;

export function OriginalScript() {
  const tokens = highlighted(ORIGINAL_PYTHON2, 'py2');
  return (
    <>
      <p className="hint">{t.originalCaption}</p>
      <div className="code-scroll" role="region" aria-label={t.tabPython2} tabIndex={0}>
        <pre className="code">
          <code>
            {ORIGINAL_PYTHON2.map((text, i) => (
              <span key={i} className="code-line">
                <span className="code-num" aria-hidden="true">
                  {i + 1}
                </span>
                <CodeText text={text} tokens={tokens[i]} />
              </span>
            ))}
          </code>
        </pre>
      </div>
    </>
  );
}
