/**
 * multiprocessing.connection's framing, as both kernels put it on the wire:
 * a 4-byte big-endian signed length, then the payload (Connection._send_bytes
 * in CPython 3.11; larger messages' 8-byte form is never needed here).
 */

/** The length header in front of every Connection message. */
export const HEADER_BYTES = 4;

/** The message on the wire: the header, then the payload. */
export function frame(payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(payload.length + HEADER_BYTES);
  const n = payload.length;
  out[0] = (n >>> 24) & 0xff;
  out[1] = (n >>> 16) & 0xff;
  out[2] = (n >>> 8) & 0xff;
  out[3] = n & 0xff;
  out.set(payload, HEADER_BYTES);
  return out;
}

/** Bytes a write puts on the wire: a raw write (file.write) has no header. */
export function wireSize(payload: Uint8Array, framed: boolean): number {
  return payload.length + (framed ? HEADER_BYTES : 0);
}
