import pkcs11js, { type Mechanism, type Template } from "pkcs11js";
import type { KeyUsage } from "../keys/types";
import { hsmObjectLabel } from "./hsmKeyLabel";
import { CURVE_PARAMS, type HsmKeyShape } from "./hsmKeyShape";

/** A C_GenerateKey request for a secret key. */
export interface SecretKeyGeneration {
  readonly kind: "secret";
  readonly mechanism: Mechanism;
  readonly template: Template;
}

/** A C_GenerateKeyPair request. */
export interface KeyPairGeneration {
  readonly kind: "pair";
  readonly mechanism: Mechanism;
  readonly publicTemplate: Template;
  readonly privateTemplate: Template;
}

const RSA_PUBLIC_EXPONENT = Buffer.from([0x01, 0x00, 0x01]); // 65537

function attr(
  type: number,
  value: boolean | number | string | Buffer,
): { type: number; value: typeof value } {
  return { type, value };
}

/** Attributes every private or secret object gets: a token object, private, sensitive, never extractable. */
function protectedObject(label: string): Template {
  return [
    attr(pkcs11js.CKA_TOKEN, true),
    attr(pkcs11js.CKA_PRIVATE, true),
    attr(pkcs11js.CKA_SENSITIVE, true),
    attr(pkcs11js.CKA_EXTRACTABLE, false),
    attr(pkcs11js.CKA_LABEL, label),
  ];
}

/**
 * The templates that create a key version's material inside the HSM (DESIGN section 7; PKCS#11 v2.40 sections
 * 2.1 RSA, 2.3 EC, 2.8 AES): token objects labelled `hsmObjectLabel(label, role)`, the secret and private halves
 * CKA_SENSITIVE and not CKA_EXTRACTABLE, allowed only the functions their KeySpec serves. An RSA key generated
 * without a usage may both sign and decrypt (the CryptoProvider interface does not pass the usage).
 */
export function keyGeneration(
  shape: HsmKeyShape,
  label: string,
  usage?: KeyUsage,
): SecretKeyGeneration | KeyPairGeneration {
  if (shape.kind === "aes") {
    return {
      kind: "secret",
      mechanism: { mechanism: pkcs11js.CKM_AES_KEY_GEN },
      template: [
        ...protectedObject(hsmObjectLabel(label, "secret")),
        attr(pkcs11js.CKA_CLASS, pkcs11js.CKO_SECRET_KEY),
        attr(pkcs11js.CKA_KEY_TYPE, pkcs11js.CKK_AES),
        attr(pkcs11js.CKA_VALUE_LEN, shape.bytes),
        attr(pkcs11js.CKA_ENCRYPT, true),
        attr(pkcs11js.CKA_DECRYPT, true),
        // Not MACs either (SoftHSM's default is true): an AES key of Keyward only encrypts and decrypts.
        attr(pkcs11js.CKA_SIGN, false),
        attr(pkcs11js.CKA_VERIFY, false),
        attr(pkcs11js.CKA_WRAP, false),
        attr(pkcs11js.CKA_UNWRAP, false),
        attr(pkcs11js.CKA_DERIVE, false),
      ],
    };
  }
  const signs = usage !== "ENCRYPT/DECRYPT";
  const decrypts = shape.kind === "rsa" && usage !== "SIGN/VERIFY";
  const publicTemplate: Template = [
    attr(pkcs11js.CKA_TOKEN, true),
    attr(pkcs11js.CKA_PRIVATE, false),
    attr(pkcs11js.CKA_LABEL, hsmObjectLabel(label, "public")),
    attr(pkcs11js.CKA_VERIFY, signs),
    attr(pkcs11js.CKA_ENCRYPT, decrypts),
    attr(pkcs11js.CKA_WRAP, false),
  ];
  const privateTemplate: Template = [
    ...protectedObject(hsmObjectLabel(label, "private")),
    attr(pkcs11js.CKA_SIGN, signs),
    attr(pkcs11js.CKA_DECRYPT, decrypts),
    attr(pkcs11js.CKA_UNWRAP, false),
    attr(pkcs11js.CKA_DERIVE, false),
  ];
  if (shape.kind === "rsa") {
    publicTemplate.push(
      attr(pkcs11js.CKA_MODULUS_BITS, shape.bits),
      attr(pkcs11js.CKA_PUBLIC_EXPONENT, RSA_PUBLIC_EXPONENT),
    );
    return {
      kind: "pair",
      mechanism: { mechanism: pkcs11js.CKM_RSA_PKCS_KEY_PAIR_GEN },
      publicTemplate,
      privateTemplate,
    };
  }
  publicTemplate.push(attr(pkcs11js.CKA_EC_PARAMS, Buffer.from(CURVE_PARAMS[shape.curve], "hex")));
  return {
    kind: "pair",
    mechanism: { mechanism: pkcs11js.CKM_EC_KEY_PAIR_GEN },
    publicTemplate,
    privateTemplate,
  };
}
