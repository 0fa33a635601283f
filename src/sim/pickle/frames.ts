/**
 * The pickler's output buffer with CPython's framing (`_Pickler_Write`,
 * `_Pickler_CommitFrame`, `_Pickler_OpcodeBoundary`), protocol 4 and later:
 *
 * - PROTO is written outside any frame. A frame opens at the next write and
 *   is closed ("committed") when it holds 64 KiB or more at the start of
 *   saving any object (even None), and at the end after STOP.
 * - A committed frame shorter than 4 bytes loses its FRAME header, so a last
 *   frame of e.g. `N e .` is invisible.
 * - A str or bytes payload of 64 KiB or more is written outside any frame: the
 *   open frame is committed first, and the next write opens a new one.
 */

import { OP } from './opcodes';

/** Frames target 64 KiB; big str/bytes payloads bypass frames. */
const FRAME_SIZE_TARGET = 64 * 1024;
/** A frame whose payload is shorter than this gets no FRAME header. */
const FRAME_SIZE_MIN = 4;
const FRAME_HEADER_SIZE = 9;

let scratch: Uint8Array | null = new Uint8Array(4096);
const SCRATCH_MAX = 1 << 20;

/** The output buffer with CPython's framing (`_Pickler_Write`, `_Pickler_CommitFrame`). */
export class Output {
  private buf: Uint8Array;
  private len = 0;
  /** Where the open frame's reserved header starts, or -1 when no frame is open. */
  private frameStart = -1;
  framing = false;

  constructor() {
    // Reuse one scratch buffer between dumps() calls: `bytes()` copies out of it.
    this.buf = scratch ?? new Uint8Array(256);
    scratch = null;
  }

  /** Hands the buffer back for the next dumps(). */
  release(): void {
    if (this.buf.length <= SCRATCH_MAX) scratch = this.buf;
  }

  write(bytes: ArrayLike<number>): void {
    this.open(bytes.length);
    this.buf.set(bytes, this.len);
    this.len += bytes.length;
  }

  byte(b: number): void {
    this.open(1);
    this.buf[this.len++] = b;
  }

  /** Two bytes (an opcode and its 1-byte argument), without building an array. */
  byte2(a: number, b: number): void {
    this.open(2);
    this.buf[this.len++] = a;
    this.buf[this.len++] = b;
  }

  /** An opcode and a little-endian 4-byte argument. */
  byteUint4(op: number, n: number): void {
    this.open(5);
    const buf = this.buf;
    buf[this.len++] = op;
    buf[this.len++] = n & 0xff;
    buf[this.len++] = (n >>> 8) & 0xff;
    buf[this.len++] = (n >>> 16) & 0xff;
    buf[this.len++] = (n >>> 24) & 0xff;
  }

  /**
   * SHORT_BINUNICODE of a short all-ASCII str, straight into the buffer:
   * what `payload([op, n], encodeUtf8(s))` writes, without the two arrays.
   */
  asciiStr(op: number, s: string): void {
    const n = s.length;
    this.open(2 + n);
    const buf = this.buf;
    buf[this.len++] = op;
    buf[this.len++] = n;
    for (let i = 0; i < n; i++) buf[this.len++] = s.charCodeAt(i);
  }

  /** Makes room for `n` bytes, opening a frame first when framing and none is open. */
  private open(n: number): void {
    const framed = this.framing && this.frameStart === -1;
    this.reserve(n + (framed ? FRAME_HEADER_SIZE : 0));
    if (framed) {
      this.frameStart = this.len;
      this.len += FRAME_HEADER_SIZE;
    }
  }

  /** A str/bytes payload: large ones go out unframed, between two frames. */
  payload(header: number[], data: Uint8Array): void {
    if (data.length < FRAME_SIZE_TARGET) {
      this.write(header);
      this.write(data);
      return;
    }
    this.commitFrame();
    const framing = this.framing;
    this.framing = false;
    this.write(header);
    this.write(data);
    this.framing = framing;
  }

  /** `_Pickler_OpcodeBoundary`: close the frame once it reaches the target size. */
  boundary(): void {
    if (this.framing && this.frameStart !== -1 && this.frameLength() >= FRAME_SIZE_TARGET) {
      this.commitFrame();
    }
  }

  commitFrame(): void {
    if (!this.framing || this.frameStart === -1) return;
    const frameLen = this.frameLength();
    if (frameLen >= FRAME_SIZE_MIN) {
      this.buf[this.frameStart] = OP.FRAME;
      // The 8-byte little-endian length, written in place (no array per frame).
      let v = frameLen;
      for (let k = 1; k <= 8; k++) {
        this.buf[this.frameStart + k] = v % 256;
        v = Math.floor(v / 256);
      }
    } else {
      this.buf.copyWithin(this.frameStart, this.frameStart + FRAME_HEADER_SIZE, this.len);
      this.len -= FRAME_HEADER_SIZE;
    }
    this.frameStart = -1;
  }

  bytes(): Uint8Array {
    return this.buf.slice(0, this.len);
  }

  /** What has been written so far, with the open frame closed (see PicklingFailure). */
  partial(): Uint8Array {
    this.commitFrame();
    return this.bytes();
  }

  private frameLength(): number {
    return this.len - this.frameStart - FRAME_HEADER_SIZE;
  }

  private reserve(extra: number): void {
    if (this.len + extra <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.len + extra) size *= 2;
    const grown = new Uint8Array(size);
    grown.set(this.buf.subarray(0, this.len));
    this.buf = grown;
  }
}
