import { describe, expect, it } from "vitest";
import { symmetricCipherOf } from "../../../core/crypto/symmetricCipher";
import { InternalCryptoError, UnsupportedOperationError } from "../../../core/errors";
import { KEY_SPECS } from "../../../core/keys/types";

describe("symmetricCipherOf (KeySpec registry → AEAD)", () => {
  it("maps the four symmetric KeySpecs to their suite and key length, and refuses the asymmetric ones", () => {
    const table = KEY_SPECS.map((spec) => {
      try {
        const cipher = symmetricCipherOf(spec);
        return `${spec}:${cipher.suite}:${cipher.keyBytes}`;
      } catch (error) {
        expect(error).toBeInstanceOf(UnsupportedOperationError);
        return `${spec}:-`;
      }
    });
    expect(table).toEqual([
      "Aliyun_AES_256:AES_GCM:32",
      "Aliyun_AES_128:AES_GCM:16",
      "Aliyun_AES_192:AES_GCM:24",
      "Aliyun_SM4:SM4_GCM:16",
      "RSA_2048:-",
      "RSA_3072:-",
      "EC_P256:-",
      "EC_P256K:-",
      "EC_SM2:-",
    ]);
  });

  it("seals with the suite of the KeySpec: AES-128 and SM4 differ on the same 16-byte key", () => {
    const key = new Uint8Array(16).fill(3);
    const nonce = new Uint8Array(12);
    const plaintext = new Uint8Array(16);
    const aes = symmetricCipherOf("Aliyun_AES_128").seal(key, nonce, plaintext, new Uint8Array(0));
    const sm4 = symmetricCipherOf("Aliyun_SM4").seal(key, nonce, plaintext, new Uint8Array(0));
    expect(aes.ciphertext).not.toEqual(sm4.ciphertext);
    expect(
      symmetricCipherOf("Aliyun_SM4").open(key, nonce, sm4.ciphertext, sm4.tag, new Uint8Array(0)),
    ).toEqual(plaintext);
  });

  it("refuses material whose length is not the KeySpec's, even one the cipher would accept", () => {
    const nonce = new Uint8Array(12);
    const empty = new Uint8Array(0);
    // 16 bytes is a valid AES key, but not for Aliyun_AES_256.
    expect(() => symmetricCipherOf("Aliyun_AES_256").seal(new Uint8Array(16), nonce, empty, empty)).toThrow(
      InternalCryptoError,
    );
    expect(() =>
      symmetricCipherOf("Aliyun_AES_192").open(new Uint8Array(32), nonce, empty, new Uint8Array(16), empty),
    ).toThrow(InternalCryptoError);
  });
});
