import {
  ENCRYPTION_ALGORITHMS,
  KEY_SPECS,
  KEY_USAGES,
  PROTECTION_LEVELS,
  SIGNING_ALGORITHMS,
} from "../core/keys/types";
import {
  aliasName,
  dataKeyParams,
  dryRun,
  encryptionAlgorithm,
  encryptionContext,
  keyId,
  keyNameText,
  keyVersionId,
  MAX_ASYMMETRIC_CIPHERTEXT_BYTES,
  MAX_ASYMMETRIC_PLAINTEXT_BYTES,
  MAX_ENCRYPT_PLAINTEXT_BYTES,
  MAX_SYMMETRIC_BLOB_BYTES,
  pageNumber,
  pageSize,
  publicKeyBlob,
  rotationInterval,
} from "./lib/commonParams";
import { keyFilters } from "./lib/keyFilters";
import { base64, boolean, integer, oneOf, text, utf8 } from "./lib/paramTypes";
import {
  type InputOfParams,
  type OperationSpec,
  operation,
  optional,
  required,
  withDefault,
} from "./lib/schema";
import { tagKeys, tags } from "./lib/tagParamTypes";

/**
 * Every operation Keyward serves, in one list (STYLE rule 4): the Alibaba Cloud KMS 2016-01-20 Action name, its
 * parameters with their wire names, types, limits and defaults (reference section 3), a summary, the handler module
 * in functions/ and its category. Validation, the local server, the infrastructure and the README's API table all
 * read this list. Not served: BYOK, GenerateMac/VerifyMac, the plural tag APIs, key policies.
 */
export const OPERATIONS = {
  // Lifecycle
  CreateKey: operation({
    summary: "Creates a customer master key.",
    module: "createKey",
    category: "state-changing",
    params: {
      description: optional("Description", text({ max: 8192 }), "A description of the key."),
      keySpec: withDefault("KeySpec", oneOf(KEY_SPECS), "Aliyun_AES_256", "The key type."),
      keyUsage: optional("KeyUsage", oneOf(KEY_USAGES), "What the key is for (default: by KeySpec)."),
      origin: withDefault(
        "Origin",
        oneOf(["Aliyun_KMS"]),
        "Aliyun_KMS",
        "Where the material comes from (no BYOK).",
      ),
      protectionLevel: withDefault(
        "ProtectionLevel",
        oneOf(PROTECTION_LEVELS),
        "SOFTWARE",
        "SOFTWARE or HSM.",
      ),
      enableAutomaticRotation: withDefault(
        "EnableAutomaticRotation",
        boolean(),
        false,
        "Rotate automatically.",
      ),
      rotationInterval,
      tags: optional("Tags", tags({ maxTags: 20 }), "Tags of the new key."),
    },
    unsupported: {
      DKMSInstanceId: "Keyward has no KMS instances.",
      KeyStorageMechanism: "Keyward has no KMS instances.",
      Policy: "Keyward has no key policies: an account's AccessKeys may use all of its keys.",
    },
  }),
  DescribeKey: operation({
    summary: "Returns a key's metadata.",
    module: "describeKey",
    category: "read-only",
    params: { keyId },
  }),
  ListKeys: operation({
    summary: "Lists the account's keys, filtered and paged.",
    module: "listKeys",
    category: "read-only",
    params: {
      pageNumber,
      pageSize,
      filters: optional("Filters", keyFilters(), "Filters (AND across keys)."),
    },
  }),
  UpdateKeyDescription: operation({
    summary: "Replaces a key's description.",
    module: "updateKeyDescription",
    category: "state-changing",
    params: { keyId, description: required("Description", text({ max: 8192 }), "The new description.") },
  }),
  EnableKey: operation({
    summary: "Enables a key.",
    module: "enableKey",
    category: "state-changing",
    params: { keyId },
  }),
  DisableKey: operation({
    summary: "Disables a key.",
    module: "disableKey",
    category: "state-changing",
    params: { keyId },
  }),
  ScheduleKeyDeletion: operation({
    summary: "Schedules a key's deletion after a waiting period.",
    module: "scheduleKeyDeletion",
    category: "state-changing",
    params: {
      keyId,
      pendingWindowInDays: required(
        "PendingWindowInDays",
        integer({ min: 7, max: 366 }),
        "Days until deletion.",
      ),
    },
  }),
  CancelKeyDeletion: operation({
    summary: "Cancels a scheduled deletion; the key is Enabled again.",
    module: "cancelKeyDeletion",
    category: "state-changing",
    params: { keyId },
  }),
  SetDeletionProtection: operation({
    summary: "Turns a key's deletion protection on or off.",
    module: "setDeletionProtection",
    category: "state-changing",
    params: {
      enableDeletionProtection: required(
        "EnableDeletionProtection",
        boolean(),
        "Protect the key from deletion.",
      ),
      protectedResourceArn: optional("ProtectedResourceArn", keyNameText, "The key's ARN (or give KeyId)."),
      keyId: optional("KeyId", keyNameText, "The key (or give ProtectedResourceArn)."),
      deletionProtectionDescription: optional(
        "DeletionProtectionDescription",
        text({ max: 8192 }),
        "Why the key is protected.",
      ),
    },
    unsupported: { KmsInstanceId: "Keyward has no KMS instances." },
    exactlyOneOf: [["ProtectedResourceArn", "KeyId"]],
  }),
  // Aliases
  CreateAlias: operation({
    summary: "Creates an alias for a key.",
    module: "createAlias",
    category: "state-changing",
    params: { aliasName, keyId },
  }),
  UpdateAlias: operation({
    summary: "Points an alias at another key.",
    module: "updateAlias",
    category: "state-changing",
    params: { aliasName, keyId },
  }),
  DeleteAlias: operation({
    summary: "Deletes an alias.",
    module: "deleteAlias",
    category: "state-changing",
    params: { aliasName },
  }),
  ListAliases: operation({
    summary: "Lists the account's aliases.",
    module: "listAliases",
    category: "read-only",
    params: { pageNumber, pageSize },
  }),
  ListAliasesByKeyId: operation({
    summary: "Lists the aliases of one key.",
    module: "listAliasesByKeyId",
    category: "read-only",
    params: { keyId, pageNumber, pageSize },
  }),
  // Tags
  TagResource: operation({
    summary: "Adds or replaces tags of a key.",
    module: "tagResource",
    category: "state-changing",
    params: { keyId, tags: required("Tags", tags({ maxTags: 10 }), "The tags to set.") },
    unsupported: { SecretName: "Keyward manages keys only.", CertificateId: "Keyward manages keys only." },
  }),
  UntagResource: operation({
    summary: "Removes tags from a key.",
    module: "untagResource",
    category: "state-changing",
    params: { keyId, tagKeys: required("TagKeys", tagKeys({ maxKeys: 20 }), "The tag keys to remove.") },
    unsupported: { SecretName: "Keyward manages keys only.", CertificateId: "Keyward manages keys only." },
  }),
  ListResourceTags: operation({
    summary: "Lists a key's tags.",
    module: "listResourceTags",
    category: "read-only",
    params: { keyId },
  }),
  // Versions and rotation
  CreateKeyVersion: operation({
    summary: "Creates a new version of a key.",
    module: "createKeyVersion",
    category: "state-changing",
    params: { keyId },
  }),
  ListKeyVersions: operation({
    summary: "Lists a key's versions.",
    module: "listKeyVersions",
    category: "read-only",
    params: { keyId, pageNumber, pageSize },
  }),
  DescribeKeyVersion: operation({
    summary: "Returns one key version.",
    module: "describeKeyVersion",
    category: "read-only",
    params: { keyId, keyVersionId },
  }),
  UpdateRotationPolicy: operation({
    summary: "Turns automatic rotation on or off and sets its interval.",
    module: "updateRotationPolicy",
    category: "state-changing",
    params: {
      keyId,
      enableAutomaticRotation: required("EnableAutomaticRotation", boolean(), "Rotate automatically."),
      rotationInterval,
    },
  }),
  // Random
  GetRandomPassword: operation({
    summary: "Generates a random password.",
    module: "getRandomPassword",
    category: "cryptographic",
    params: {
      passwordLength: withDefault(
        "PasswordLength",
        integer({ min: 8, max: 128 }),
        32,
        "Length in characters.",
      ),
      excludeCharacters: optional(
        "ExcludeCharacters",
        text({ max: 256, pattern: /^[\x21-\x7e]+$/, patternHint: "printable ASCII characters" }),
        "Characters the password must not contain.",
      ),
      excludeLowercase: withDefault("ExcludeLowercase", boolean(), false, "No lowercase letters."),
      excludeUppercase: withDefault("ExcludeUppercase", boolean(), false, "No uppercase letters."),
      excludeNumbers: withDefault("ExcludeNumbers", boolean(), false, "No digits."),
      excludePunctuation: withDefault("ExcludePunctuation", boolean(), false, "No ASCII punctuation."),
      requireEachIncludedType: withDefault(
        "RequireEachIncludedType",
        boolean(),
        false,
        "At least one character of every included type.",
      ),
    },
  }),
  // Symmetric cryptography and data keys
  Encrypt: operation({
    summary: "Encrypts up to 6 KiB of text with a symmetric key.",
    module: "encrypt",
    category: "cryptographic",
    params: {
      keyId,
      plaintext: required(
        "Plaintext",
        utf8({ maxBytes: MAX_ENCRYPT_PLAINTEXT_BYTES }),
        "The text to encrypt.",
      ),
      encryptionContext: encryptionContext("EncryptionContext", "Bound to the ciphertext; Decrypt needs it."),
      dryRun,
    },
  }),
  Decrypt: operation({
    summary: "Decrypts a CiphertextBlob.",
    module: "decrypt",
    category: "cryptographic",
    params: {
      ciphertextBlob: required(
        "CiphertextBlob",
        base64({ max: MAX_SYMMETRIC_BLOB_BYTES }),
        "The ciphertext.",
      ),
      encryptionContext: encryptionContext("EncryptionContext", "The context given at encryption."),
      dryRun,
    },
    unsupported: { Recipient: "Keyward does not support enclave recipients." },
  }),
  ReEncrypt: operation({
    summary: "Decrypts a ciphertext and encrypts the result under another key, inside the service.",
    module: "reEncrypt",
    category: "cryptographic",
    params: {
      ciphertextBlob: required(
        "CiphertextBlob",
        base64({ max: Math.max(MAX_SYMMETRIC_BLOB_BYTES, MAX_ASYMMETRIC_CIPHERTEXT_BYTES) }),
        "The ciphertext: a CiphertextBlob, or an asymmetric ciphertext with the Source* parameters.",
      ),
      destinationKeyId: required("DestinationKeyId", keyNameText, "The key to encrypt under."),
      destinationEncryptionContext: encryptionContext("DestinationEncryptionContext", "The new context."),
      sourceEncryptionContext: encryptionContext("SourceEncryptionContext", "The context of the ciphertext."),
      sourceKeyId: optional("SourceKeyId", keyNameText, "Asymmetric source: the key."),
      sourceKeyVersionId: optional(
        "SourceKeyVersionId",
        text({ max: 128 }),
        "Asymmetric source: the version.",
      ),
      sourceEncryptionAlgorithm: optional(
        "SourceEncryptionAlgorithm",
        oneOf(ENCRYPTION_ALGORITHMS),
        "Asymmetric source: the algorithm.",
      ),
      dryRun,
    },
  }),
  GenerateDataKey: operation({
    summary: "Generates a data key; returns it in plaintext (base64) and encrypted.",
    module: "generateDataKey",
    category: "cryptographic",
    params: {
      keyId,
      ...dataKeyParams,
      encryptionContext: encryptionContext("EncryptionContext", "Bound to the CiphertextBlob."),
      dryRun,
    },
    unsupported: { Recipient: "Keyward does not support enclave recipients." },
  }),
  GenerateDataKeyWithoutPlaintext: operation({
    summary: "Generates a data key and returns it only encrypted.",
    module: "generateDataKeyWithoutPlaintext",
    category: "cryptographic",
    params: {
      keyId,
      ...dataKeyParams,
      encryptionContext: encryptionContext("EncryptionContext", "Bound to the CiphertextBlob."),
      dryRun,
    },
  }),
  ExportDataKey: operation({
    summary: "Re-encrypts a data key under a caller's public key.",
    module: "exportDataKey",
    category: "cryptographic",
    params: {
      ciphertextBlob: required(
        "CiphertextBlob",
        base64({ max: MAX_SYMMETRIC_BLOB_BYTES }),
        "The data key blob.",
      ),
      publicKeyBlob,
      wrappingKeySpec: required("WrappingKeySpec", oneOf(["RSA_2048", "EC_SM2"]), "The public key's type."),
      wrappingAlgorithm: required(
        "WrappingAlgorithm",
        oneOf(ENCRYPTION_ALGORITHMS),
        "The wrapping algorithm.",
      ),
      encryptionContext: encryptionContext("EncryptionContext", "The context of the blob."),
      dryRun,
    },
  }),
  GenerateAndExportDataKey: operation({
    summary: "Generates a data key; returns it encrypted and wrapped under a caller's public key.",
    module: "generateAndExportDataKey",
    category: "cryptographic",
    params: {
      keyId,
      ...dataKeyParams,
      publicKeyBlob,
      wrappingKeySpec: required("WrappingKeySpec", oneOf(["RSA_2048", "EC_SM2"]), "The public key's type."),
      wrappingAlgorithm: required(
        "WrappingAlgorithm",
        oneOf(ENCRYPTION_ALGORITHMS),
        "The wrapping algorithm.",
      ),
      encryptionContext: encryptionContext("EncryptionContext", "Bound to the CiphertextBlob."),
      dryRun,
    },
  }),
  // Asymmetric cryptography
  AsymmetricEncrypt: operation({
    summary: "Encrypts bytes with an asymmetric key version.",
    module: "asymmetricEncrypt",
    category: "cryptographic",
    params: {
      keyId,
      keyVersionId,
      algorithm: encryptionAlgorithm,
      plaintext: required(
        "Plaintext",
        base64({ max: MAX_ASYMMETRIC_PLAINTEXT_BYTES }),
        "The bytes to encrypt.",
      ),
      dryRun,
    },
  }),
  AsymmetricDecrypt: operation({
    summary: "Decrypts with an asymmetric key version.",
    module: "asymmetricDecrypt",
    category: "cryptographic",
    params: {
      keyId,
      keyVersionId,
      algorithm: encryptionAlgorithm,
      ciphertextBlob: required(
        "CiphertextBlob",
        base64({ max: MAX_ASYMMETRIC_CIPHERTEXT_BYTES }),
        "The ciphertext.",
      ),
      dryRun,
    },
  }),
  AsymmetricSign: operation({
    summary: "Signs a digest with an asymmetric key version.",
    module: "asymmetricSign",
    category: "cryptographic",
    params: {
      keyId,
      keyVersionId,
      algorithm: required("Algorithm", oneOf(SIGNING_ALGORITHMS), "The signing algorithm."),
      digest: required("Digest", base64({ max: 64 }), "The digest the caller computed."),
      dryRun,
    },
  }),
  AsymmetricVerify: operation({
    summary: "Verifies a signature of a digest.",
    module: "asymmetricVerify",
    category: "cryptographic",
    params: {
      keyId,
      keyVersionId,
      algorithm: required("Algorithm", oneOf(SIGNING_ALGORITHMS), "The signing algorithm."),
      digest: required("Digest", base64({ max: 64 }), "The digest the caller computed."),
      value: required("Value", base64({ max: 512 }), "The signature."),
      dryRun,
    },
  }),
  GetPublicKey: operation({
    summary: "Returns the public key of an asymmetric key version (PEM).",
    module: "getPublicKey",
    category: "read-only",
    params: { keyId, keyVersionId, dryRun },
  }),
  // Miscellaneous
  DescribeRegions: operation({
    summary: "Lists the regions this Keyward serves.",
    module: "describeRegions",
    category: "read-only",
    params: {},
  }),
  DescribeAccountKmsStatus: operation({
    summary: "Returns whether the account may use the service.",
    module: "describeAccountKmsStatus",
    category: "read-only",
    params: {},
  }),
} as const;

/** The Action name of an operation Keyward serves. */
export type ActionName = keyof typeof OPERATIONS;

/** The typed input an operation's handler receives, e.g. `InputOf<"CreateKey">`. */
export type InputOf<A extends ActionName> = InputOfParams<(typeof OPERATIONS)[A]["params"]>;

/** Every Action name, in declaration order. */
export const ACTION_NAMES = Object.keys(OPERATIONS) as readonly ActionName[];

/** Whether `name` is an Action Keyward serves (own names only: `toString` is not an operation). */
export function isActionName(name: string): name is ActionName {
  return Object.hasOwn(OPERATIONS, name);
}

/** The declaration of an Action, or undefined when Keyward does not serve it. */
export function findOperation(name: string): OperationSpec | undefined {
  return isActionName(name) ? OPERATIONS[name] : undefined;
}
