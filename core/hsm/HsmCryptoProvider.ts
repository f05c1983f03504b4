import type {
  CryptoProvider,
  GeneratedMaterial,
  KeyVersionHandle,
  SealedData,
} from "../crypto/CryptoProvider";
import {
  InternalFailureError,
  InvalidCiphertextError,
  InvalidParameterError,
  RejectedUnsupportedOperationError,
} from "../errors";
import type { KeyVersionIdentity } from "../keys/KeyRecord";
import { keySpecInfo, signingLimits } from "../keys/keySpecs";
import type { EncryptionAlgorithm, KeySpec, KeyUsage, SigningAlgorithm } from "../keys/types";
import type { HsmClient } from "./HsmClient";
import type { HsmCapabilities } from "./HsmDriver";
import { hsmKeyShape } from "./hsmKeyShape";
import { missingForDecryption, missingForKey, missingForSigning } from "./hsmRequirements";

const NONCE_BYTES = 12;
const TAG_BYTES = 16;

function labelOf(key: KeyVersionHandle): string {
  /* Precondition: an HSM key version's material is an HSM label. */
  if (key.material.kind !== "hsm") {
    throw new InternalFailureError({ cause: `key version ${key.versionId} is not held by the HSM` });
  }
  return key.material.label;
}

/**
 * The CryptoProvider of ProtectionLevel HSM (DESIGN sections 1, 7 and 8): every operation is a request of the HSM
 * contract sent through an HsmClient; the key material never leaves the HSM. Capabilities are fetched once and
 * cached; what the HSM lacks is refused with RejectedUnsupportedOperationError naming the missing mechanism.
 */
export class HsmCryptoProvider implements CryptoProvider {
  readonly protectionLevel = "HSM" as const;
  private capabilitiesPromise?: Promise<HsmCapabilities>;
  /** The capabilities once they arrived: a data-plane call reads them without another await. */
  private known?: HsmCapabilities;

  constructor(private readonly client: HsmClient) {}

  /** The HSM's capabilities, asked once (a failed ask is asked again next time). */
  capabilities(): Promise<HsmCapabilities> {
    this.capabilitiesPromise ??= this.client
      .send({ op: "capabilities" })
      .then((result) => {
        this.known = result.capabilities;
        return result.capabilities;
      })
      .catch((error: unknown) => {
        this.capabilitiesPromise = undefined;
        throw error;
      });
    return this.capabilitiesPromise;
  }

  async assertCanCreate(spec: KeySpec, usage: KeyUsage): Promise<void> {
    /* Precondition: the usage is one the KeySpec allows. */
    if (!keySpecInfo(spec).usages.includes(usage)) {
      throw new InvalidParameterError("KeyUsage", `${spec} keys cannot be created for ${usage}.`);
    }
    const missing = missingForKey(await this.capabilities(), spec, usage);
    if (missing) {
      throw new RejectedUnsupportedOperationError(
        `ProtectionLevel HSM cannot hold a ${spec} key for ${usage}: the HSM lacks ${missing}.`,
      );
    }
  }

  async generate(identity: KeyVersionIdentity, keyUsage?: KeyUsage): Promise<GeneratedMaterial> {
    const { accountId, keyId, versionId, keySpec } = identity;
    const result = await this.client.send({
      op: "generateKey",
      accountId,
      keyId,
      versionId,
      keySpec,
      ...(keyUsage ? { keyUsage } : {}),
    });
    return {
      material: { kind: "hsm", label: result.label },
      ...(result.publicKey === undefined ? {} : { publicKey: result.publicKey }),
    };
  }

  async encrypt(key: KeyVersionHandle, plaintext: Uint8Array, aad: Uint8Array): Promise<SealedData> {
    const label = labelOf(key);
    /* Precondition: the HSM encrypts with AES keys only (AES-GCM). */
    if (hsmKeyShape(key.keySpec)?.kind !== "aes") {
      throw new RejectedUnsupportedOperationError(`The HSM cannot encrypt with ${key.keySpec} keys.`);
    }
    const sealed = await this.client.send({ op: "encrypt", label, plaintext, aad });
    /* Postcondition: the HSM returns a 12-byte nonce, the ciphertext as long as the plaintext, a 16-byte tag. */
    if (
      sealed.nonce.length !== NONCE_BYTES ||
      sealed.tag.length !== TAG_BYTES ||
      sealed.ciphertext.length !== plaintext.length
    ) {
      throw new InternalFailureError({ cause: "the HSM's AES-GCM output has the wrong shape" });
    }
    return sealed;
  }

  async decrypt(key: KeyVersionHandle, sealed: SealedData, aad: Uint8Array): Promise<Uint8Array> {
    const label = labelOf(key);
    /* Precondition: a sealed message has a 12-byte nonce and a 16-byte tag. */
    if (sealed.nonce.length !== NONCE_BYTES || sealed.tag.length !== TAG_BYTES)
      throw new InvalidCiphertextError();
    const { nonce, ciphertext, tag } = sealed;
    const result = await this.client.send({
      op: "decrypt",
      label,
      algorithm: "AES_GCM",
      nonce,
      ciphertext,
      tag,
      aad,
    });
    return result.plaintext;
  }

  /** @throws RejectedUnsupportedOperationError naming the mechanism the HSM lacks to decrypt `algorithm`. */
  async assertCanDecrypt(algorithm: EncryptionAlgorithm): Promise<void> {
    const missing = missingForDecryption(this.known ?? (await this.capabilities()), algorithm);
    /* Precondition: the HSM has the mechanism of the decryption algorithm. */
    if (missing)
      throw new RejectedUnsupportedOperationError(
        `The HSM cannot decrypt ${algorithm}: it lacks ${missing}.`,
      );
  }

  async asymmetricDecrypt(
    key: KeyVersionHandle,
    algorithm: EncryptionAlgorithm,
    ciphertext: Uint8Array,
  ): Promise<Uint8Array> {
    const label = labelOf(key);
    await this.assertCanDecrypt(algorithm);
    const result = await this.client.send({ op: "decrypt", label, algorithm, ciphertext });
    return result.plaintext;
  }

  async sign(key: KeyVersionHandle, algorithm: SigningAlgorithm, digest: Uint8Array): Promise<Uint8Array> {
    const label = labelOf(key);
    const { digestBytes } = signingLimits(key.keySpec, algorithm);
    /* Precondition: the digest has the algorithm's length. */
    if (digest.length !== digestBytes) {
      throw new InvalidParameterError("Digest", `${algorithm} signs a ${digestBytes}-byte digest.`);
    }
    const missing = missingForSigning(this.known ?? (await this.capabilities()), algorithm);
    /* Precondition: the HSM has the mechanism of the signing algorithm. */
    if (missing)
      throw new RejectedUnsupportedOperationError(`The HSM cannot sign ${algorithm}: it lacks ${missing}.`);
    const result = await this.client.send({ op: "sign", label, algorithm, digest });
    return result.signature;
  }

  async destroy(key: KeyVersionHandle): Promise<void> {
    await this.client.send({ op: "destroyKey", label: labelOf(key) });
  }
}
