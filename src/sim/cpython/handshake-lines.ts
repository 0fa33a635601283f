/**
 * The lines of a manager's authentication handshake, as a server thread's
 * traceback shows them when its client goes in the middle of it (a Pool
 * worker killed while its proxy connects): `_handle_request` runs
 * `deliver_challenge` (send the challenge, read the digest, send WELCOME),
 * then `answer_challenge` (read the client's challenge, send the digest, read
 * WELCOME), then `request = c.recv()`. Each release's numbers are those of the
 * release STDLIB_RELEASE names (stdlib-lines.ts) and are checked the same way
 * (`python3 scripts/cpython_check.py --stdlib-lines`).
 *
 * A function with more than one of these lines has one key per line,
 * `'<file>:<function>#<which>'`; the frame shows the function's own name.
 * Lines that end in a comment (`# reject large message`) name their executing
 * call in `expr`, which is what 3.11 and 3.12 underline.
 */
import type { PythonVersion } from '../trace';
import type { StdlibLine } from './stdlib-line';

interface HandshakeNumbers {
  readonly handleRequest: readonly [deliver: number, answer: number, recv: number];
  readonly deliver: readonly [send: number, recv: number, welcome: number];
  readonly answer: readonly [recv: number, send: number, recvWelcome: number];
  readonly sendBytes: number;
  readonly recvBytes: number;
  readonly recvRead: number;
  readonly recvEof: number;
}

const RECV_256 = 'connection.recv_bytes(256)';

function handshakeTable(
  n: HandshakeNumbers,
  names: { readonly challenge: string; readonly welcome: string; readonly read: string },
): Record<string, StdlibLine> {
  return {
    'managers.py:_handle_request#deliver': {
      line: n.handleRequest[0],
      text: 'connection.deliver_challenge(c, self.authkey)',
    },
    'managers.py:_handle_request#answer': {
      line: n.handleRequest[1],
      text: 'connection.answer_challenge(c, self.authkey)',
    },
    'managers.py:_handle_request#recv': { line: n.handleRequest[2], text: 'request = c.recv()' },
    'connection.py:deliver_challenge#send': {
      line: n.deliver[0],
      text: `connection.send_bytes(${names.challenge} + message)`,
    },
    'connection.py:deliver_challenge#recv': {
      line: n.deliver[1],
      text: `response = ${RECV_256}        # reject large message`,
      expr: RECV_256,
    },
    'connection.py:deliver_challenge#welcome': {
      line: n.deliver[2],
      text: `connection.send_bytes(${names.welcome})`,
    },
    'connection.py:answer_challenge#recv': {
      line: n.answer[0],
      text: `message = ${RECV_256}         # reject large message`,
      expr: RECV_256,
    },
    'connection.py:answer_challenge#send': {
      line: n.answer[1],
      text: 'connection.send_bytes(digest)',
    },
    'connection.py:answer_challenge#welcome': {
      line: n.answer[2],
      text: `response = ${RECV_256}        # reject large message`,
      expr: RECV_256,
    },
    'connection.py:send_bytes': {
      line: n.sendBytes,
      text: 'self._send_bytes(m[offset:offset + size])',
    },
    'connection.py:recv_bytes': { line: n.recvBytes, text: 'buf = self._recv_bytes(maxlength)' },
    'connection.py:_recv': { line: n.recvRead, text: names.read },
    'connection.py:_recv#eof': { line: n.recvEof, text: 'raise EOFError' },
  };
}

const LEGACY_NAMES = {
  challenge: 'CHALLENGE',
  welcome: 'WELCOME',
  read: 'chunk = read(handle, remaining)',
};
const PRIVATE_NAMES = { ...LEGACY_NAMES, challenge: '_CHALLENGE', welcome: '_WELCOME' };

export const HANDSHAKE_LINES: Record<PythonVersion, Record<string, StdlibLine>> = {
  '3.11': handshakeTable(
    {
      handleRequest: [199, 200, 201],
      deliver: [754, 756, 758],
      answer: [768, 772, 773],
      sendBytes: 200,
      recvBytes: 216,
      recvRead: 395,
      recvEof: 399,
    },
    LEGACY_NAMES,
  ),
  '3.12': handshakeTable(
    {
      handleRequest: [199, 200, 201],
      deliver: [937, 938, 945],
      answer: [952, 960, 961],
      sendBytes: 200,
      recvBytes: 216,
      recvRead: 395,
      recvEof: 399,
    },
    PRIVATE_NAMES,
  ),
  '3.13': handshakeTable(
    {
      handleRequest: [202, 203, 204],
      deliver: [938, 939, 946],
      answer: [953, 961, 962],
      sendBytes: 200,
      recvBytes: 216,
      recvRead: 395,
      recvEof: 399,
    },
    PRIVATE_NAMES,
  ),
  // 3.14 reads at most BUFSIZE per call (`to_read`).
  '3.14': handshakeTable(
    {
      handleRequest: [203, 204, 205],
      deliver: [955, 956, 963],
      answer: [970, 978, 979],
      sendBytes: 206,
      recvBytes: 222,
      recvRead: 412,
      recvEof: 416,
    },
    { ...PRIVATE_NAMES, read: 'chunk = read(handle, to_read)' },
  ),
};
