import pkcs11js from "pkcs11js";
import { InternalFailureError, RejectedUnsupportedOperationError } from "../errors";
import type { KeyVersionIdentity } from "../keys/KeyRecord";
import type { KeyUsage } from "../keys/types";
import type { HsmGeneratedKey } from "./HsmDriver";
import { hsmKeyLabel } from "./hsmKeyLabel";
import { type HsmKeyShape, hsmKeyShape } from "./hsmKeyShape";
import { keyGeneration } from "./keyTemplates";
import type { Pkcs11Token } from "./Pkcs11Token";
import { mechanismName } from "./pkcs11Names";
import { ecPublicKeyPem, rsaPublicKeyPem } from "./publicKeyPem";

/**
 * Generates a key version's material inside the HSM as token objects (keyTemplates: sensitive, never
 * extractable, labelled `kw:<account>:<keyId>:<versionId>`), and reads back the public key of a pair.
 * Idempotent: when objects with the label exist already (a repeated request whose first answer was lost), they
 * are answered instead of new ones.
 * @throws RejectedUnsupportedOperationError for KeySpecs without a PKCS#11 mechanism (Aliyun_SM4, EC_SM2) or
 *   mechanisms the HSM refuses; InvalidParameterError for identities that cannot form a label;
 *   InternalFailureError when objects with the label are not exactly the key version (duplicates, another kind).
 */
export async function generateKeyObjects(
  token: Pkcs11Token,
  identity: KeyVersionIdentity,
  usage?: KeyUsage,
): Promise<HsmGeneratedKey> {
  const shape = hsmKeyShape(identity.keySpec);
  if (!shape) {
    throw new RejectedUnsupportedOperationError(
      `The HSM cannot hold ${identity.keySpec} keys: PKCS#11 defines no SM2/SM4 mechanism.`,
    );
  }
  const label = hsmKeyLabel(identity);
  // A repeated request for the same version (its first answer was lost) finds the objects the first one made.
  if (token.objects.exists(label)) return existingKeyObjects(token, label, shape);
  const generation = keyGeneration(shape, label, usage);
  const mechanism = mechanismName(generation.mechanism.mechanism);
  const context = {
    operation: "key generation",
    mechanism: shape.kind === "ec" ? `${mechanism} on ${shape.curve}` : mechanism,
  };
  await token.run(context, async (session) => {
    if (generation.kind === "secret") {
      await token.module.C_GenerateKeyAsync(session, generation.mechanism, generation.template);
    } else {
      await token.module.C_GenerateKeyPairAsync(
        session,
        generation.mechanism,
        generation.publicTemplate,
        generation.privateTemplate,
      );
    }
  });
  if (shape.kind === "aes") return { label };
  return { label, publicKey: publicKeyOf(token, label) };
}

/**
 * The key version generated before under this label, answered as generating it would have been: version ids are
 * fresh UUIDs, so objects with the label come from an earlier attempt of this very request.
 * @throws InternalFailureError when they are not one object of the KeySpec's kind (or one pair), e.g. duplicates.
 */
function existingKeyObjects(token: Pkcs11Token, label: string, shape: HsmKeyShape): HsmGeneratedKey {
  const object = token.objects.get(label, shape.kind === "aes" ? "secret" : "private");
  /* Precondition: the objects already under the label are of the KeySpec's kind. */
  if (object.keyType !== shape.kind || (shape.kind === "ec" && object.curve !== shape.curve)) {
    throw new InternalFailureError({ cause: `HSM objects labelled ${label} are of another KeySpec` });
  }
  if (shape.kind === "aes") return { label };
  return { label, publicKey: publicKeyOf(token, label) };
}

/**
 * The public key of an asymmetric key version as PEM SubjectPublicKeyInfo: RSA from CKA_MODULUS and
 * CKA_PUBLIC_EXPONENT, EC from CKA_EC_POINT.
 * @throws InternalFailureError when the key version has no public object or it is of an unknown type.
 */
export function publicKeyOf(token: Pkcs11Token, label: string): string {
  const key = token.objects.get(label, "public");
  if (key.keyType === "rsa") {
    const [modulus, exponent] = token.objects.attributes(key.handle, [
      pkcs11js.CKA_MODULUS,
      pkcs11js.CKA_PUBLIC_EXPONENT,
    ]);
    return rsaPublicKeyPem(modulus!, exponent!);
  }
  if (key.keyType === "ec" && key.curve) {
    const [point] = token.objects.attributes(key.handle, [pkcs11js.CKA_EC_POINT]);
    return ecPublicKeyPem(point!, key.curve);
  }
  throw new InternalFailureError({ cause: `HSM public object of ${label} is of an unknown key type` });
}
