import { asymmetricEncrypt } from "../../crypto/asymmetric/asymmetricEncrypt";
import { parsePublicKey } from "../../crypto/asymmetric/parsePublicKey";
import { wipe } from "../../crypto/bytes";
import type { EncryptionContext } from "../../crypto/encryptionContext";
import { DryRunOperationError, InvalidParameterError } from "../../errors";
import { encryptionLimits } from "../../keys/keySpecs";
import type { EncryptionAlgorithm, KeySpec } from "../../keys/types";
import type { Caller, ServiceDeps } from "../ServiceDeps";
import { type DataKeyInput, dataKeyLength, generateDataKey } from "./dataKeys";
import { openBlob, type Sealed } from "./symmetricEnvelope";

/** The caller's public key that an exported data key is wrapped under. */
export interface WrappingKey {
  /** Base64 DER SubjectPublicKeyInfo or PEM. */
  readonly publicKeyBlob: string;
  readonly wrappingKeySpec: KeySpec;
  readonly wrappingAlgorithm: EncryptionAlgorithm;
}

/**
 * Wraps a data key under the caller's public key (RSA_2048 with RSAES_OAEP_SHA_256/SHA_1, or EC_SM2 with SM2PKE).
 * @throws InvalidParameterError for an algorithm that does not fit the wrapping spec, a malformed or wrong-type
 * public key, or a data key too long for the algorithm.
 */
export function wrapDataKey(dataKey: Uint8Array, wrapping: WrappingKey): Uint8Array {
  /* Precondition: the wrapping key spec is RSA_2048 or EC_SM2. */
  if (wrapping.wrappingKeySpec !== "RSA_2048" && wrapping.wrappingKeySpec !== "EC_SM2") {
    throw new InvalidParameterError("WrappingKeySpec", "It must be RSA_2048 or EC_SM2.");
  }
  const limits = encryptionLimits(wrapping.wrappingKeySpec, wrapping.wrappingAlgorithm, "WrappingAlgorithm");
  /* Precondition: the data key fits the wrapping algorithm. */
  if (dataKey.length > limits.maxPlaintextBytes) {
    throw new InvalidParameterError(
      "WrappingAlgorithm",
      `${wrapping.wrappingAlgorithm} wraps at most ${limits.maxPlaintextBytes} bytes; the data key has ${dataKey.length}.`,
    );
  }
  const publicKeyPem = parsePublicKey(wrapping.wrappingKeySpec, wrapping.publicKeyBlob);
  return asymmetricEncrypt(wrapping.wrappingKeySpec, wrapping.wrappingAlgorithm, publicKeyPem, dataKey);
}

/**
 * ExportDataKey: opens a data key's CiphertextBlob and returns the data key wrapped under the caller's public key,
 * so it never appears in plaintext on the wire.
 * @throws what Decrypt throws; InvalidParameterError (`CiphertextBlob`) when the blob does not hold a data key.
 */
export async function exportDataKey(
  deps: ServiceDeps,
  caller: Caller,
  input: WrappingKey & {
    ciphertextBlob: Uint8Array;
    encryptionContext?: EncryptionContext;
    dryRun?: boolean;
  },
): Promise<{ exportedDataKey: Uint8Array; keyId: string; keyVersionId: string }> {
  const opened = await openBlob(deps, caller, input.ciphertextBlob, input.encryptionContext, () => {
    if (input.dryRun) throw new DryRunOperationError();
  });
  const dataKey = decodeDataKeyText(opened.plaintext);
  try {
    return {
      exportedDataKey: wrapDataKey(dataKey, input),
      keyId: opened.key.keyId,
      keyVersionId: opened.keyVersionId,
    };
  } finally {
    wipe(dataKey, opened.plaintext);
  }
}

function decodeDataKeyText(text: Uint8Array): Uint8Array {
  const base64 = new TextDecoder().decode(text);
  /* Precondition: the blob holds a data key (the base64 text GenerateDataKey seals). */
  if (
    !/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(base64) ||
    base64.length === 0
  ) {
    throw new InvalidParameterError("CiphertextBlob", "It does not hold a data key made by GenerateDataKey.");
  }
  return new Uint8Array(Buffer.from(base64, "base64"));
}

/** GenerateAndExportDataKey: a new data key, returned as a CiphertextBlob and wrapped under the caller's public key. */
export async function generateAndExportDataKey(
  deps: ServiceDeps,
  caller: Caller,
  input: DataKeyInput & WrappingKey,
): Promise<Sealed & { exportedDataKey: Uint8Array }> {
  dataKeyLength(input);
  // Validate the wrapping before creating anything.
  parsePublicKey(input.wrappingKeySpec, input.publicKeyBlob);
  const { plaintext, ...sealed } = await generateDataKey(deps, caller, input);
  try {
    return { ...sealed, exportedDataKey: wrapDataKey(plaintext, input) };
  } finally {
    wipe(plaintext);
  }
}
