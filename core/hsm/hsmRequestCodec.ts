import { keySpecInfo } from "../keys/keySpecs";
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

const v = HSM_CONTRACT_VERSION;

/**
 * The JSON value of a request (HSM contract version 1, contract.ts): the op's fields, byte fields as standard
 * base64, an absent optional field left out. One object literal per op, so each op's message has one shape.
 */
export function encodeHsmRequest(request: HsmRequest): Record<string, unknown> {
  switch (request.op) {
    case "capabilities":
      return { v, op: request.op };
    case "generateKey": {
      const { op, accountId, keyId, versionId, keySpec, keyUsage } = request;
      if (keyUsage === undefined) return { v, op, accountId, keyId, versionId, keySpec };
      return { v, op, accountId, keyId, versionId, keySpec, keyUsage };
    }
    case "encrypt":
      return {
        v,
        op: request.op,
        label: request.label,
        plaintext: toBase64(request.plaintext),
        aad: toBase64(request.aad),
      };
    case "decrypt":
      if (request.algorithm !== "AES_GCM") {
        const { op, label, algorithm, ciphertext } = request;
        return { v, op, label, algorithm, ciphertext: toBase64(ciphertext) };
      }
      return {
        v,
        op: request.op,
        label: request.label,
        algorithm: request.algorithm,
        nonce: toBase64(request.nonce),
        ciphertext: toBase64(request.ciphertext),
        tag: toBase64(request.tag),
        aad: toBase64(request.aad),
      };
    case "sign":
      return {
        v,
        op: request.op,
        label: request.label,
        algorithm: request.algorithm,
        digest: toBase64(request.digest),
      };
    case "verify":
      return {
        v,
        op: request.op,
        label: request.label,
        algorithm: request.algorithm,
        digest: toBase64(request.digest),
        signature: toBase64(request.signature),
      };
    case "getPublicKey":
    case "destroyKey":
      return { v, op: request.op, label: request.label };
  }
}

const DECRYPT_ALGORITHMS = ["AES_GCM", ...ENCRYPTION_ALGORITHMS] as const;

function readRequest(wire: WireObject): HsmRequest {
  const op = wire.oneOf("op", HSM_OPS);
  switch (op) {
    case "capabilities":
      return { op };
    case "generateKey": {
      const keySpec = wire.oneOf("keySpec", KEY_SPECS);
      const keyUsage = wire.has("keyUsage") ? wire.oneOf("keyUsage", KEY_USAGES) : undefined;
      /* Precondition: the usage is one the KeySpec offers. */
      if (keyUsage !== undefined && !keySpecInfo(keySpec).usages.includes(keyUsage)) {
        throw new HsmProtocolError(`HSM request field "keyUsage" is not a usage of ${keySpec}`);
      }
      return {
        op,
        accountId: wire.string("accountId"),
        keyId: wire.string("keyId"),
        versionId: wire.string("versionId"),
        keySpec,
        ...(keyUsage === undefined ? {} : { keyUsage }),
      };
    }
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
