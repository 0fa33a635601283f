/**
 * What a write on a manager's connection carries, from the `pipe.write`
 * event's hex (its first bytes at least): a pickle (a request or a reply:
 * protocol 2+ pickles start with 0x80), or one of the authentication
 * handshake's raw messages (src/sim/mp/auth.ts), which are not pickles:
 * `#CHALLENGE#` and random bytes, the HMAC digest that answers it, then
 * `#WELCOME#` (or `#FAILURE#`).
 */
export type HandshakeMessage = 'challenge' | 'digest' | 'welcome' | 'failure';

/** The hex of each marker the handshake's messages start with. */
const MARKERS: readonly (readonly [string, HandshakeMessage])[] = [
  ['234348414c4c454e474523', 'challenge'], // #CHALLENGE#
  ['2357454c434f4d4523', 'welcome'], // #WELCOME#
  ['234641494c55524523', 'failure'], // #FAILURE#
];

/**
 * The handshake message a framed write on a manager connection carries, or
 * null for a pickle. `hex`: the event's hex, a 4-byte length header first.
 */
export function handshakeMessage(hex: string): HandshakeMessage | null {
  const payload = hex.slice(8);
  if (payload.startsWith('80')) return null;
  for (const [marker, message] of MARKERS) if (payload.startsWith(marker)) return message;
  return 'digest';
}
