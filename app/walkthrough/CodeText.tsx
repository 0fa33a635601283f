import type { Token } from './highlight';

/** One line's text, each token in a span whose class gives its colour. */
export function CodeText({ text, tokens }: { text: string; tokens: readonly Token[] | undefined }) {
  if (text === '' || !tokens) return <span className="code-text">{text || ' '}</span>;
  return (
    <span className="code-text">
      {tokens.map((token, i) =>
        token.kind === null ? (
          token.text
        ) : (
          <span key={i} className={`tok-${token.kind}`}>
            {token.text}
          </span>
        ),
      )}
    </span>
  );
}
