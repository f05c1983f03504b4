import { hkdfSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { InternalCryptoError, InvalidCiphertextError } from "../../../core/errors";
import {
  deriveFrameKey,
  frameAad,
  frameNonce,
  openFrame,
  sealFrame,
} from "../../../core/objects/frameCrypto";
import { MAX_FRAMES } from "../../../core/objects/objectFormat";
import { bytesOf } from "./streamSupport";

describe("frame crypto", () => {
  it("derives the frame key with HKDF-SHA256 as documented", () => {
    const dataKey = bytesOf(32);
    const streamId = bytesOf(16);
    const expected = Buffer.from(hkdfSync("sha256", dataKey, streamId, "keyward object v1 frame key", 32));
    expect(Buffer.from(deriveFrameKey(dataKey, streamId))).toEqual(expected);
    expect(Buffer.from(deriveFrameKey(dataKey, bytesOf(16)))).not.toEqual(expected);
  });

  it("builds nonces from the frame counter and AAD from header hash, index and type", () => {
    expect(Buffer.from(frameNonce(0x01020304)).toString("hex")).toBe("000000000000000001020304");
    const hash = new Uint8Array(32).fill(0xaa);
    const aad = frameAad(hash, 5, true);
    expect(Buffer.from(aad).toString("hex")).toBe(`${"aa".repeat(32)}000000000000000501`);
    expect(frameAad(hash, 5, false)[40]).toBe(0);
  });

  it("seals a frame that opens only at its own index and type", () => {
    const key = bytesOf(32);
    const hash = bytesOf(32);
    const sealed = sealFrame(key, hash, 3, false, new Uint8Array([1, 2, 3]));
    expect(sealed[0]).toBe(0);
    expect([...openFrame(key, hash, 3, false, sealed.subarray(1))]).toEqual([1, 2, 3]);
    expect(() => openFrame(key, hash, 4, false, sealed.subarray(1))).toThrow(InvalidCiphertextError);
    expect(() => openFrame(key, hash, 3, true, sealed.subarray(1))).toThrow(InvalidCiphertextError);
    expect(() => openFrame(key, bytesOf(32), 3, false, sealed.subarray(1))).toThrow(InvalidCiphertextError);
  });

  it("the data key is 32 bytes", () => {
    expect(() => deriveFrameKey(bytesOf(16), bytesOf(16))).toThrow(InternalCryptoError);
  });

  it("the salt is a 16-byte stream id", () => {
    expect(() => deriveFrameKey(bytesOf(32), bytesOf(12))).toThrow(InternalCryptoError);
  });

  it("the frame index fits the 32-bit frame counter", () => {
    expect(() => sealFrame(bytesOf(32), bytesOf(32), MAX_FRAMES, true, new Uint8Array(0))).toThrow(
      InternalCryptoError,
    );
    expect(() => sealFrame(bytesOf(32), bytesOf(32), MAX_FRAMES - 1, true, new Uint8Array(0))).not.toThrow();
  });

  it("the frame index of a stored frame fits the 32-bit frame counter", () => {
    expect(() => openFrame(bytesOf(32), bytesOf(32), MAX_FRAMES, true, bytesOf(16))).toThrow(
      InvalidCiphertextError,
    );
  });
});
