import {
  ENCRYPTION_ALGORITHMS,
  type EncryptionAlgorithm,
  KEY_SPECS,
  KEY_USAGES,
  SIGNING_ALGORITHMS,
} from "../keys/types";
import { HSM_CONTRACT_VERSION, HSM_OPS, type HsmRequest } from "./contract";
import { HsmProtocolError } from "./HsmProtocolError";
import { toBase64, WireObject } from "./WireObject";

/** Turns the byte fields of a message into base64 and drops absent optional fields. */
export function encodeWireFields(fields: object): Record<string, unknown> {
  const wire: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    wire[name] = value instanceof Uint8Array ? toBase64(value) : value;
  }
  return wire;
}

/** The JSON value of a request (HSM contract version 1, contract.ts). */
export function encodeHsmRequest(request: HsmRequest): Record<string, unknown> {
  return { v: HSM_CONTRACT_VERSION, ...encodeWireFields(request) };
}

const DECRYPT_ALGORITHMS = ["AES_GCM", ...ENCRYPTION_ALGORITHMS] as const;

function readRequest(wire: WireObject): HsmRequest {
  const op = wire.oneOf("op", HSM_OPS);
  switch (op) {
    case "capabilities":
      return { op };
    case "generateKey":
      return {
        op,
        accountId: wire.string("accountId"),
        keyId: wire.string("keyId"),
        versionId: wire.string("versionId"),
        keySpec: wire.oneOf("keySpec", KEY_SPECS),
        ...(wire.has("keyUsage") ? { keyUsage: wire.oneOf("keyUsage", KEY_USAGES) } : {}),
      };
    case "encrypt":
      return { op, label: wire.string("label"), plaintext: wire.bytes("plaintext"), aad: wire.bytes("aad") };
    case "decrypt": {
      const label = wire.string("label");
      const algorithm = wire.oneOf("algorithm", DECRYPT_ALGORITHMS);
      const ciphertext = wire.bytes("ciphertext");
      if (algorithm !== "AES_GCM")
        return { op, label, algorithm: algorithm as EncryptionAlgorithm, ciphertext };
      return {
        op,
        label,
        algorithm,
        ciphertext,
        nonce: wire.bytes("nonce"),
        tag: wire.bytes("tag"),
        aad: wire.bytes("aad"),
      };
    }
    case "sign":
      return {
        op,
        label: wire.string("label"),
        algorithm: wire.oneOf("algorithm", SIGNING_ALGORITHMS),
        digest: wire.bytes("digest"),
      };
    case "verify":
      return {
        op,
        label: wire.string("label"),
        algorithm: wire.oneOf("algorithm", SIGNING_ALGORITHMS),
        digest: wire.bytes("digest"),
        signature: wire.bytes("signature"),
      };
    case "getPublicKey":
    case "destroyKey":
      return { op, label: wire.string("label") };
  }
}

/**
 * Parses a request of the HSM contract strictly: version 1, a known op, exactly the op's fields with their
 * types, canonical base64 bytes.
 * @throws HsmProtocolError naming what is wrong.
 */
export function parseHsmRequest(value: unknown): HsmRequest {
  const wire = new WireObject(value, "HSM request");
  /* Precondition: the request speaks contract version 1. */
  if (wire.number("v") !== HSM_CONTRACT_VERSION) {
    throw new HsmProtocolError(`HSM request version is not ${HSM_CONTRACT_VERSION}`);
  }
  const request = readRequest(wire);
  wire.done();
  return request;
}
