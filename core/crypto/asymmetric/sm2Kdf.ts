import { sm3Concat } from "./sm3";

/**
 * The SM2 key derivation function (GB/T 32918.4-2016 section 5.4.3): SM3(Z ‖ ct) for ct = 1, 2, … as 32-bit
 * big-endian counters, concatenated and cut to `length` bytes.
 */
export function sm2Kdf(z: Uint8Array, length: number): Uint8Array {
  const out = new Uint8Array(length);
  const counter = new Uint8Array(4);
  const view = new DataView(counter.buffer);
  for (let ct = 1, offset = 0; offset < length; ct++, offset += 32) {
    view.setUint32(0, ct);
    const block = sm3Concat(z, counter);
    out.set(block.subarray(0, length - offset), offset);
    block.fill(0);
  }
  return out;
}
