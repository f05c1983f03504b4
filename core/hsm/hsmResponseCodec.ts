import type { KmsError } from "../errors";
import { HSM_CONTRACT_VERSION, type HsmOp, type HsmResults } from "./contract";
import type { HsmCapabilities } from "./HsmDriver";
import { HsmProtocolError } from "./HsmProtocolError";
import { kmsErrorFromWire, kmsErrorToWire } from "./kmsErrorFromWire";
import { toBase64, WireObject } from "./WireObject";

const v = HSM_CONTRACT_VERSION;

/** The JSON value of each op's success response: one object literal per op, byte fields as standard base64. */
const WRITERS: { readonly [Op in HsmOp]: (result: HsmResults[Op]) => Record<string, unknown> } = {
  capabilities: ({ capabilities }) => ({ v, ok: true, op: "capabilities", capabilities }),
  generateKey: ({ label, publicKey }) =>
    publicKey === undefined
      ? { v, ok: true, op: "generateKey", label }
      : { v, ok: true, op: "generateKey", label, publicKey },
  encrypt: (sealed) => ({
    v,
    ok: true,
    op: "encrypt",
    nonce: toBase64(sealed.nonce),
    ciphertext: toBase64(sealed.ciphertext),
    tag: toBase64(sealed.tag),
  }),
  decrypt: ({ plaintext }) => ({ v, ok: true, op: "decrypt", plaintext: toBase64(plaintext) }),
  sign: ({ signature }) => ({ v, ok: true, op: "sign", signature: toBase64(signature) }),
  verify: ({ valid }) => ({ v, ok: true, op: "verify", valid }),
  getPublicKey: ({ publicKey }) => ({ v, ok: true, op: "getPublicKey", publicKey }),
  destroyKey: ({ destroyed }) => ({ v, ok: true, op: "destroyKey", destroyed }),
};

/** The JSON value of a success response (HSM contract version 1). */
export function encodeHsmSuccess<Op extends HsmOp>(op: Op, result: HsmResults[Op]): Record<string, unknown> {
  return WRITERS[op](result);
}

/** The JSON value of a failure response: the KmsError's code, HTTP status and message. */
export function encodeHsmFailure(error: KmsError): Record<string, unknown> {
  return { v: HSM_CONTRACT_VERSION, ok: false, error: kmsErrorToWire(error) };
}

function readCapabilities(wire: WireObject): HsmCapabilities {
  const library = wire.object("library");
  const token = wire.object("token");
  const capabilities: HsmCapabilities = {
    library: {
      manufacturer: library.string("manufacturer"),
      description: library.string("description"),
      version: library.string("version"),
    },
    token: {
      label: token.string("label"),
      manufacturer: token.string("manufacturer"),
      model: token.string("model"),
    },
    mechanisms: wire.strings("mechanisms"),
    gcmIv: wire.oneOf("gcmIv", ["caller", "hsm"] as const),
    rsaOaepHashes: wire.strings("rsaOaepHashes", ["SHA_1", "SHA_256"] as const),
    ecCurves: wire.strings("ecCurves", ["P-256", "secp256k1"] as const),
  };
  library.done();
  token.done();
  wire.done();
  return capabilities;
}

const READERS: { readonly [Op in HsmOp]: (wire: WireObject) => HsmResults[Op] } = {
  capabilities: (wire) => ({ capabilities: readCapabilities(wire.object("capabilities")) }),
  generateKey: (wire) => {
    const publicKey = wire.optionalString("publicKey");
    return { label: wire.string("label"), ...(publicKey === undefined ? {} : { publicKey }) };
  },
  encrypt: (wire) => ({
    nonce: wire.bytes("nonce"),
    ciphertext: wire.bytes("ciphertext"),
    tag: wire.bytes("tag"),
  }),
  decrypt: (wire) => ({ plaintext: wire.bytes("plaintext") }),
  sign: (wire) => ({ signature: wire.bytes("signature") }),
  verify: (wire) => ({ valid: wire.boolean("valid") }),
  getPublicKey: (wire) => ({ publicKey: wire.string("publicKey") }),
  destroyKey: (wire) => {
    const destroyed = wire.number("destroyed");
    if (!Number.isInteger(destroyed) || destroyed < 0) throw new HsmProtocolError("destroyed is not a count");
    return { destroyed };
  },
};

/**
 * Parses the response to a request of `op`, strictly (version 1, the op echoed, exactly the result's fields).
 * @returns the decoded result.
 * @throws the KmsError a failure response carries (kmsErrorFromWire); HsmProtocolError for a malformed response.
 */
export function parseHsmResponse<Op extends HsmOp>(op: Op, value: unknown): HsmResults[Op] {
  const wire = new WireObject(value, "HSM response");
  /* Precondition: the response speaks contract version 1. */
  if (wire.number("v") !== HSM_CONTRACT_VERSION) {
    throw new HsmProtocolError(`HSM response version is not ${HSM_CONTRACT_VERSION}`);
  }
  if (!wire.boolean("ok")) {
    const error = wire.object("error");
    const failure = {
      code: error.string("code"),
      httpStatus: error.number("httpStatus"),
      message: error.string("message"),
    };
    error.done();
    wire.done();
    /* Precondition: a failure carries an error code and an HTTP error status. */
    if (
      !/^[A-Za-z][A-Za-z0-9.]{0,99}$/.test(failure.code) ||
      !Number.isInteger(failure.httpStatus) ||
      failure.httpStatus < 400 ||
      failure.httpStatus > 599
    ) {
      throw new HsmProtocolError("HSM response error is not a KmsError");
    }
    throw kmsErrorFromWire(failure);
  }
  /* Precondition: a success response answers the op that was asked. */
  if (wire.string("op") !== op) throw new HsmProtocolError(`HSM response is not for op ${op}`);
  const result = READERS[op](wire);
  wire.done();
  return result;
}
