/**
 * multiprocessing.connection's authentication handshake, as the six messages
 * it is: `deliver_challenge` sends a random challenge, reads the HMAC of it
 * and answers WELCOME; `answer_challenge` reads a challenge, sends its HMAC
 * and reads WELCOME. A manager's `_handle_request` delivers, then answers;
 * `Client()` answers, then delivers. The messages are raw `send_bytes`
 * payloads (with the Connection's length header), not pickles.
 *
 * 3.11: `#CHALLENGE#` + 20 random bytes, a bare 16-byte HMAC-MD5 of the 20.
 * 3.12+: `#CHALLENGE#{sha256}` + 40 random bytes, `{sha256}` + the 32-byte
 * HMAC-SHA256 of everything after `#CHALLENGE#` (bpo-43499's digest prefix).
 *
 * When the other side goes in the middle, the step's system call fails
 * (BrokenPipeError, ConnectionResetError, EOFError) and the exception carries
 * the frames CPython's traceback shows from the handshake function down;
 * `_handle_request` adds its own line (manager-server.ts).
 */
import { hmac } from '@noble/hashes/hmac.js';
import { md5 } from '@noble/hashes/legacy.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { HANDSHAKE_MARKERS } from '../handshake-bytes';
import { PyException, type Frame, type PyObject, type PyValue } from '../python';
import type { Gen } from '../syscalls';
import { newConnection, recvBytes, sendBytes, toPython } from './connection';
import { authkeyBytes } from './process';
import type { Py } from './runtime';

const ASCII = new TextEncoder();
const CHALLENGE = ASCII.encode(HANDSHAKE_MARKERS.challenge);
const WELCOME = ASCII.encode(HANDSHAKE_MARKERS.welcome);
const FAILURE = ASCII.encode(HANDSHAKE_MARKERS.failure);
const SHA256_PREFIX = ASCII.encode('{sha256}');

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** 3.11 speaks only HMAC-MD5 without a prefix; 3.12 added `{digest}` prefixes. */
function legacy(py: Py): boolean {
  return py.config.python === '3.11';
}

/** os.urandom(n), from the kernel's random source. */
function* urandom(py: Py, n: number): Gen<Uint8Array> {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i += 4) {
    const bits = yield* py.sys({ op: 'random', bits: 32 });
    for (let j = 0; j < 4 && i + j < n; j++) out[i + j] = (bits >>> (8 * j)) & 0xff;
  }
  return out;
}

/** `_create_response`: the HMAC of a challenge (after `#CHALLENGE#`), as it is sent back. */
function* response(py: Py, authkey: Uint8Array, message: Uint8Array): Gen<Uint8Array> {
  yield* py.cpu('auth-digest');
  if (legacy(py)) return hmac(md5, authkey, message);
  return concat(SHA256_PREFIX, hmac(sha256, authkey, message));
}

/** The authkey a process authenticates with: current_process().authkey (a proxy's is the same). */
function authkey(py: Py): Uint8Array {
  return authkeyBytes(py.rt.authkey);
}

/** A failed send or read, with the frames below the handshake function's own line. */
function failed(error: unknown, frames: Frame[]): unknown {
  if (error instanceof PyException) error.frames = frames;
  return error;
}

/** `connection.send_bytes(...)` at `line` (a `<function>#<which>` key of handshake-lines.ts). */
function* sendAt(py: Py, conn: PyValue, line: string, bytes: Uint8Array): Gen<void> {
  try {
    yield* sendBytes(py, conn, bytes);
  } catch (error) {
    throw failed(error, [
      py.stdlibFrame('connection.py', line),
      py.stdlibFrame('connection.py', 'send_bytes'),
      py.stdlibFrame('connection.py', '_send_bytes'),
      py.stdlibFrame('connection.py', '_send'),
    ]);
  }
}

/** `connection.recv_bytes(256)` at `line`. */
function* recvAt(py: Py, conn: PyValue, line: string): Gen<Uint8Array> {
  try {
    return yield* recvBytes(py, conn);
  } catch (error) {
    throw failed(error, [
      py.stdlibFrame('connection.py', line),
      py.stdlibFrame('connection.py', 'recv_bytes'),
      ...readFrames(py, error),
    ]);
  }
}

/** `_recv_bytes` → `_recv`: the read that failed, or the `raise EOFError` after an empty one. */
export function readFrames(py: Py, error: unknown): Frame[] {
  const eof = error instanceof PyException && error.pyType === 'EOFError';
  return [
    py.stdlibFrame('connection.py', '_recv_bytes'),
    py.stdlibFrame('connection.py', eof ? '_recv#eof' : '_recv'),
  ];
}

/** connection.deliver_challenge(c, authkey): challenge the other side, and welcome it. */
export function* deliverChallenge(py: Py, conn: PyValue): Gen<void> {
  const key = authkey(py);
  const random = yield* urandom(py, legacy(py) ? 20 : 40);
  const message = legacy(py) ? random : concat(SHA256_PREFIX, random);
  yield* sendAt(py, conn, 'deliver_challenge#send', concat(CHALLENGE, message));
  const got = yield* recvAt(py, conn, 'deliver_challenge#recv');
  // 3.11 computes the digest before reading; 3.12+'s _verify_challenge after: the same cost.
  const expected = yield* response(py, key, message);
  if (!equalBytes(got, expected)) {
    yield* sendBytes(py, conn, FAILURE);
    throw new PyException('AuthenticationError', 'digest received was wrong');
  }
  yield* sendAt(py, conn, 'deliver_challenge#welcome', WELCOME);
}

/** connection.answer_challenge(c, authkey): prove this side knows the authkey. */
export function* answerChallenge(py: Py, conn: PyValue): Gen<void> {
  const key = authkey(py);
  const challenge = yield* recvAt(py, conn, 'answer_challenge#recv');
  const message = challenge.subarray(CHALLENGE.length);
  yield* sendAt(py, conn, 'answer_challenge#send', yield* response(py, key, message));
  const welcome = yield* recvAt(py, conn, 'answer_challenge#welcome');
  if (!equalBytes(welcome, WELCOME)) {
    throw new PyException('AuthenticationError', 'digest sent was rejected');
  }
}

/**
 * multiprocessing.connection.Client(address): connect (and authenticate) to a
 * Listener; `owner`: the manager's object that connects (a server call, a proxy).
 */
export function* Client(
  py: Py,
  address: string,
  owner: 'BaseManager' | 'BaseProxy',
): Gen<PyObject> {
  let handle: number;
  try {
    handle = yield* py.sys({ op: 'connect', address, of: { owner, role: 'connection' } });
  } catch (error) {
    throw toPython(error);
  }
  const conn = newConnection(py, handle, true, true);
  // Client(address, authkey=...): prove this side knows the key, then check the server.
  yield* answerChallenge(py, conn);
  yield* deliverChallenge(py, conn);
  return conn;
}
