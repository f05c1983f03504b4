import { constants, publicEncrypt, randomBytes } from "node:crypto";
import pkcs11js, { type Handle, type PKCS11 } from "pkcs11js";
import type { GcmIvSource, HsmCapabilities, OaepHash } from "./HsmDriver";
import { CURVE_PARAMS, type HsmCurve } from "./hsmKeyShape";
import { pkcs11ReturnValue } from "./mapPkcs11Error";
import { oaepMechanism } from "./pkcs11Mechanisms";
import { mechanismName, returnValueName } from "./pkcs11Names";
import { rsaPublicKeyPem } from "./publicKeyPem";

/** Runs one step on a pooled session. */
export type SessionRunner = <T>(step: (session: Handle) => Promise<T>) => Promise<T>;

const SESSION_OBJECT = { type: pkcs11js.CKA_TOKEN, value: false };

/**
 * The answers that mean "this mechanism, parameter or curve is not offered". Anything else (out of memory, a lost
 * session, a busy device) says nothing about the HSM's abilities: it fails the probe, which is then not cached, so a
 * passing fault never marks a capability missing for the life of the process.
 */
const REFUSALS = new Set([
  "CKR_MECHANISM_INVALID",
  "CKR_MECHANISM_PARAM_INVALID",
  "CKR_ARGUMENTS_BAD",
  "CKR_DOMAIN_PARAMS_INVALID",
  // CKR_CURVE_NOT_SUPPORTED (0x140, PKCS#11 2.40), which pkcs11js does not name.
  returnValueName(0x140),
  "CKR_ATTRIBUTE_VALUE_INVALID",
  "CKR_TEMPLATE_INCONSISTENT",
  "CKR_KEY_TYPE_INCONSISTENT",
  "CKR_FUNCTION_NOT_SUPPORTED",
]);

/** False for a refusal (REFUSALS); rethrows any other error. */
function refused(error: unknown): false {
  const code = pkcs11ReturnValue(error);
  if (code !== undefined && REFUSALS.has(code)) return false;
  throw error;
}

function version(v: { major: number; minor: number }): string {
  return `${v.major}.${v.minor}`;
}

/** Whether the HSM generates a session key pair on `curve` (a listed mechanism says nothing about curves). */
async function probeCurve(module: PKCS11, session: Handle, curve: HsmCurve): Promise<boolean> {
  try {
    const pair = await module.C_GenerateKeyPairAsync(
      session,
      { mechanism: pkcs11js.CKM_EC_KEY_PAIR_GEN },
      [SESSION_OBJECT, { type: pkcs11js.CKA_EC_PARAMS, value: Buffer.from(CURVE_PARAMS[curve], "hex") }],
      [SESSION_OBJECT, { type: pkcs11js.CKA_SIGN, value: true }],
    );
    module.C_DestroyObject(session, pair.privateKey);
    module.C_DestroyObject(session, pair.publicKey);
    return true;
  } catch (error) {
    return refused(error);
  }
}

/**
 * Which OAEP hashes really decrypt: a session RSA-2048 key, a node:crypto OAEP ciphertext per hash, decrypted in
 * the HSM and compared. SoftHSM 2.6 refuses SHA-256 with CKR_ARGUMENTS_BAD (stack-notes section 4).
 */
async function probeOaep(module: PKCS11, session: Handle): Promise<OaepHash[]> {
  const pair = await module.C_GenerateKeyPairAsync(
    session,
    { mechanism: pkcs11js.CKM_RSA_PKCS_KEY_PAIR_GEN },
    [
      SESSION_OBJECT,
      { type: pkcs11js.CKA_MODULUS_BITS, value: 2048 },
      { type: pkcs11js.CKA_PUBLIC_EXPONENT, value: Buffer.from([1, 0, 1]) },
      { type: pkcs11js.CKA_ENCRYPT, value: true },
    ],
    [SESSION_OBJECT, { type: pkcs11js.CKA_DECRYPT, value: true }],
  );
  try {
    const [modulus, exponent] = module
      .C_GetAttributeValue(session, pair.publicKey, [
        { type: pkcs11js.CKA_MODULUS },
        { type: pkcs11js.CKA_PUBLIC_EXPONENT },
      ])
      .map((attribute) => attribute.value);
    const pem = rsaPublicKeyPem(modulus!, exponent!);
    const hashes: OaepHash[] = [];
    for (const hash of ["SHA_1", "SHA_256"] as const) {
      const message = randomBytes(16);
      const oaepHash = hash === "SHA_1" ? "sha1" : "sha256";
      const ciphertext = publicEncrypt(
        { key: pem, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash },
        message,
      );
      try {
        module.C_DecryptInit(session, oaepMechanism(hash), pair.privateKey);
        const plaintext = await module.C_DecryptAsync(session, ciphertext, Buffer.alloc(256));
        if (plaintext.equals(message)) hashes.push(hash);
      } catch (error) {
        // Refused (CKR_ARGUMENTS_BAD, CKR_MECHANISM_PARAM_INVALID, ...): this hash is not offered.
        refused(error);
      }
    }
    return hashes;
  } finally {
    module.C_DestroyObject(session, pair.privateKey);
    module.C_DestroyObject(session, pair.publicKey);
  }
}

/**
 * Computes an HSM's capabilities (DESIGN section 1): library and token identity, the mechanism list
 * (C_GetMechanismList), the OAEP hashes that decrypt and the curves that generate keys, probed with session
 * objects that are destroyed afterwards.
 */
export async function probeCapabilities(
  module: PKCS11,
  slot: Handle,
  run: SessionRunner,
  gcmIv: GcmIvSource,
): Promise<HsmCapabilities> {
  const info = module.C_GetInfo();
  const token = module.C_GetTokenInfo(slot);
  const mechanismNumbers = module.C_GetMechanismList(slot);
  const listed = (mechanism: number) => mechanismNumbers.includes(mechanism);
  const rsaOaepHashes =
    listed(pkcs11js.CKM_RSA_PKCS_OAEP) && listed(pkcs11js.CKM_RSA_PKCS_KEY_PAIR_GEN)
      ? await run((session) => probeOaep(module, session))
      : [];
  const ecCurves: HsmCurve[] = [];
  if (listed(pkcs11js.CKM_EC_KEY_PAIR_GEN)) {
    for (const curve of Object.keys(CURVE_PARAMS) as HsmCurve[]) {
      if (await run((session) => probeCurve(module, session, curve))) ecCurves.push(curve);
    }
  }
  return {
    library: {
      manufacturer: info.manufacturerID.trim(),
      description: info.libraryDescription.trim(),
      version: `${version(info.libraryVersion)} (Cryptoki ${version(info.cryptokiVersion)})`,
    },
    token: {
      label: token.label.trim(),
      manufacturer: token.manufacturerID.trim(),
      model: token.model.trim(),
    },
    mechanisms: mechanismNumbers.map(mechanismName).sort(),
    gcmIv,
    rsaOaepHashes,
    ecCurves,
  };
}
