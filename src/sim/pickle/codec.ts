/**
 * Byte-level helpers shared by the pickler, unpickler and disassembler:
 * UTF-8 with CPython's `surrogatepass` error handler, two's-complement
 * integers, and Python's `repr()` of str, bytes and float (as pickletools
 * prints arguments).
 *
 * Everything here is pure: no TextEncoder (it would replace lone surrogates
 * with U+FFFD where CPython's pickler writes them through), no Buffer.
 */

/** Thrown by `decodeUtf8` on bytes CPython's `utf-8` codec would reject. */
export class Utf8DecodeError extends Error {
  constructor(
    readonly position: number,
    readonly reason: string,
    readonly byte: number,
  ) {
    super(
      `'utf-8' codec can't decode byte 0x${byte.toString(16).padStart(2, '0')} ` +
        `in position ${position}: ${reason}`,
    );
    this.name = 'Utf8DecodeError';
  }
}

/**
 * UTF-8 as CPython's pickler writes a str: `str.encode('utf-8', 'surrogatepass')`.
 * A surrogate pair becomes one 4-byte sequence; a lone surrogate is written as
 * its own 3-byte sequence instead of failing.
 */
export function encodeUtf8(s: string): Uint8Array {
  const out = new Uint8Array(s.length * 3);
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    let cp = s.charCodeAt(i);
    if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < s.length) {
      const lo = s.charCodeAt(i + 1);
      if (lo >= 0xdc00 && lo <= 0xdfff) {
        cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
        i++;
      }
    }
    if (cp < 0x80) {
      out[n++] = cp;
    } else if (cp < 0x800) {
      out[n++] = 0xc0 | (cp >> 6);
      out[n++] = 0x80 | (cp & 0x3f);
    } else if (cp < 0x10000) {
      out[n++] = 0xe0 | (cp >> 12);
      out[n++] = 0x80 | ((cp >> 6) & 0x3f);
      out[n++] = 0x80 | (cp & 0x3f);
    } else {
      out[n++] = 0xf0 | (cp >> 18);
      out[n++] = 0x80 | ((cp >> 12) & 0x3f);
      out[n++] = 0x80 | ((cp >> 6) & 0x3f);
      out[n++] = 0x80 | (cp & 0x3f);
    }
  }
  return out.slice(0, n);
}

/**
 * Strict UTF-8 decoding with `surrogatepass`, as the unpickler and pickletools
 * read SHORT_BINUNICODE/BINUNICODE/BINUNICODE8. Rejects overlong forms, code
 * points above U+10FFFF and truncated sequences; accepts encoded surrogates.
 */
export function decodeUtf8(bytes: Uint8Array): string {
  const units: number[] = [];
  let out = '';
  const flush = (): void => {
    out += String.fromCharCode(...units);
    units.length = 0;
  };
  let i = 0;
  while (i < bytes.length) {
    const b0 = bytes[i]!;
    if (b0 < 0x80) {
      units.push(b0);
      i += 1;
    } else {
      let need: number;
      let min: number;
      let cp: number;
      if (b0 >= 0xc2 && b0 <= 0xdf) {
        need = 1;
        min = 0x80;
        cp = b0 & 0x1f;
      } else if (b0 >= 0xe0 && b0 <= 0xef) {
        need = 2;
        min = 0x800;
        cp = b0 & 0x0f;
      } else if (b0 >= 0xf0 && b0 <= 0xf4) {
        need = 3;
        min = 0x10000;
        cp = b0 & 0x07;
      } else {
        throw new Utf8DecodeError(i, 'invalid start byte', b0);
      }
      for (let k = 1; k <= need; k++) {
        const b = bytes[i + k];
        if (b === undefined) throw new Utf8DecodeError(i, 'unexpected end of data', b0);
        if ((b & 0xc0) !== 0x80) throw new Utf8DecodeError(i, 'invalid continuation byte', b0);
        cp = (cp << 6) | (b & 0x3f);
      }
      if (cp < min || cp > 0x10ffff) throw new Utf8DecodeError(i, 'invalid continuation byte', b0);
      if (cp >= 0x10000) {
        cp -= 0x10000;
        units.push(0xd800 + (cp >> 10), 0xdc00 + (cp & 0x3ff));
      } else {
        units.push(cp);
      }
      i += need + 1;
    }
    // Keep the spread argument list short.
    if (units.length >= 4096) flush();
  }
  flush();
  return out;
}

/** Little-endian unsigned integer of `width` bytes (width <= 6 stays exact). */
export function readUintLE(bytes: Uint8Array, at: number, width: number): number {
  let v = 0;
  for (let k = width - 1; k >= 0; k--) v = v * 256 + bytes[at + k]!;
  return v;
}

export function uintLE(value: number, width: number): number[] {
  const out: number[] = [];
  let v = value;
  for (let k = 0; k < width; k++) {
    out.push(v % 256);
    v = Math.floor(v / 256);
  }
  return out;
}

/** `int.from_bytes(data, 'little', signed=True)`. */
export function decodeLong(data: Uint8Array): bigint {
  if (data.length === 0) return 0n;
  let v = 0n;
  for (let k = data.length - 1; k >= 0; k--) v = (v << 8n) | BigInt(data[k]!);
  if (data[data.length - 1]! & 0x80) v -= 1n << BigInt(8 * data.length);
  return v;
}

/**
 * The LONG1/LONG4 payload CPython writes for `n` (`encode_long`): the
 * shortest little-endian two's complement that round-trips, except that 0 is
 * empty. CPython reserves one byte more than the magnitude needs and drops it
 * again only for numbers like -(2**(8k-1)), which are their own complement.
 */
export function encodeLong(n: bigint): Uint8Array {
  if (n === 0n) return new Uint8Array(0);
  const magnitude = n < 0n ? -n : n;
  const nbits = magnitude.toString(2).length;
  let nbytes = (nbits >> 3) + 1;
  const modulus = 1n << BigInt(8 * nbytes);
  let v = n < 0n ? modulus + n : n;
  const out = new Uint8Array(nbytes);
  for (let k = 0; k < nbytes; k++) {
    out[k] = Number(v & 0xffn);
    v >>= 8n;
  }
  if (n < 0n && nbytes > 1 && out[nbytes - 1] === 0xff && (out[nbytes - 2]! & 0x80) !== 0) {
    nbytes--;
  }
  return out.slice(0, nbytes);
}

export { hex } from '../bytes';

export { reprStr, reprBytes, reprFloat } from '../python';
