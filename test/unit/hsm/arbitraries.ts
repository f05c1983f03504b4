import fc from "fast-check";
import type { HsmOp, HsmRequest, HsmResults } from "../../../core/hsm/contract";
import type { HsmCapabilities } from "../../../core/hsm/HsmDriver";
import { keySpecInfo } from "../../../core/keys/keySpecs";
import { ENCRYPTION_ALGORITHMS, KEY_SPECS, KEY_USAGES, SIGNING_ALGORITHMS } from "../../../core/keys/types";

/** fast-check arbitraries of the HSM contract's messages (contract.ts). */
const bytes = (maxLength = 64) => fc.uint8Array({ maxLength });
const text = fc.string({ maxLength: 40 });
const label = fc.string({ minLength: 1, maxLength: 80 });

export const requestArbitrary: fc.Arbitrary<HsmRequest> = fc.oneof(
  fc.constant({ op: "capabilities" } as const),
  // A usage, when given, is one its KeySpec offers (the contract refuses the others).
  fc
    .record(
      {
        op: fc.constant("generateKey" as const),
        accountId: text,
        keyId: text,
        versionId: text,
        keySpec: fc.constantFrom(...KEY_SPECS),
        keyUsage: fc.constantFrom(...KEY_USAGES),
      },
      { requiredKeys: ["op", "accountId", "keyId", "versionId", "keySpec"] },
    )
    .filter(
      (request) =>
        request.keyUsage === undefined || keySpecInfo(request.keySpec).usages.includes(request.keyUsage),
    ),
  fc.record({ op: fc.constant("encrypt" as const), label, plaintext: bytes(300), aad: bytes() }),
  fc.record({
    op: fc.constant("decrypt" as const),
    label,
    algorithm: fc.constant("AES_GCM" as const),
    nonce: bytes(12),
    ciphertext: bytes(300),
    tag: bytes(16),
    aad: bytes(),
  }),
  fc.record({
    op: fc.constant("decrypt" as const),
    label,
    algorithm: fc.constantFrom(...ENCRYPTION_ALGORITHMS),
    ciphertext: bytes(512),
  }),
  fc.record({
    op: fc.constant("sign" as const),
    label,
    algorithm: fc.constantFrom(...SIGNING_ALGORITHMS),
    digest: bytes(32),
  }),
  fc.record({
    op: fc.constant("verify" as const),
    label,
    algorithm: fc.constantFrom(...SIGNING_ALGORITHMS),
    digest: bytes(32),
    signature: bytes(512),
  }),
  fc.record({ op: fc.constantFrom("getPublicKey" as const, "destroyKey" as const), label }),
);

export const capabilitiesArbitrary: fc.Arbitrary<HsmCapabilities> = fc.record({
  library: fc.record({ manufacturer: text, description: text, version: text }),
  token: fc.record({ label: text, manufacturer: text, model: text }),
  mechanisms: fc.array(text, { maxLength: 10 }),
  gcmIv: fc.constantFrom("caller" as const, "hsm" as const),
  rsaOaepHashes: fc.subarray(["SHA_1", "SHA_256"] as const),
  ecCurves: fc.subarray(["P-256", "secp256k1"] as const),
});

/** A result of each op. */
export const resultArbitraries: { readonly [Op in HsmOp]: fc.Arbitrary<HsmResults[Op]> } = {
  capabilities: fc.record({ capabilities: capabilitiesArbitrary }),
  generateKey: fc.record({ label, publicKey: text }, { requiredKeys: ["label"] }),
  encrypt: fc.record({ nonce: bytes(12), ciphertext: bytes(300), tag: bytes(16) }),
  decrypt: fc.record({ plaintext: bytes(300) }),
  sign: fc.record({ signature: bytes(512) }),
  verify: fc.record({ valid: fc.boolean() }),
  getPublicKey: fc.record({ publicKey: text }),
  destroyKey: fc.record({ destroyed: fc.nat(4) }),
};
