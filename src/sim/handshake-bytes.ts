/**
 * The raw messages of multiprocessing.connection's authentication handshake
 * (src/sim/mp/auth.ts sends them), and how to tell them from a pickle in a
 * `pipe.write` event's hex: a pickle (a request or a reply: protocol 2+
 * pickles start with 0x80), or `#CHALLENGE#` and random bytes, the HMAC digest
 * that answers it, then `#WELCOME#` (or `#FAILURE#`). None is a pickle.
 */
export type HandshakeMessage = 'challenge' | 'digest' | 'welcome' | 'failure';

/** The bytes each marked message starts with (connection.py's _CHALLENGE, _WELCOME, _FAILURE). */
export const HANDSHAKE_MARKERS = {
  challenge: '#CHALLENGE#',
  welcome: '#WELCOME#',
  failure: '#FAILURE#',
} as const;

const MARKER_HEX = Object.entries(HANDSHAKE_MARKERS).map(
  ([message, text]) =>
    [
      [...text].map((c) => c.charCodeAt(0).toString(16).padStart(2, '0')).join(''),
      message as HandshakeMessage,
    ] as const,
);

/**
 * The handshake message a framed write on a manager connection carries, or
 * null for a pickle. `hex`: the event's hex, a 4-byte length header first.
 */
export function handshakeMessage(hex: string): HandshakeMessage | null {
  const payload = hex.slice(8);
  if (payload.startsWith('80')) return null;
  for (const [marker, message] of MARKER_HEX) if (payload.startsWith(marker)) return message;
  return 'digest';
}
