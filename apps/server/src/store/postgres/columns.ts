/** Conversions between JavaScript values and the column types the driver reads and writes. */

/** A Buffer over the same memory (no copy): the driver sends Buffers as bytea. */
export function bytes(data: Uint8Array): Buffer {
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}

/** A BIGINT column as a number: the driver reads int8 as a string, and seqs stay far below 2^53. */
export function int(value: string | number | bigint): number {
  return Number(value);
}
