import { InternalCryptoError, UnsupportedOperationError } from "../errors";
import type { KeyVersionIdentity } from "../keys/KeyRecord";
import { keySpecInfo } from "../keys/keySpecs";
import type { EncryptionAlgorithm, KeySpec, KeyUsage, SigningAlgorithm } from "../keys/types";
import { GCM_NONCE_BYTES } from "./aesGcm";
import { asymmetricDecrypt, generateKeyPair, signDigest } from "./asymmetric";
import { copyBytes, type RandomBytes, wipe } from "./bytes";
import type { CryptoProvider, GeneratedMaterial, KeyVersionHandle, SealedData } from "./CryptoProvider";
import type { MaterialCache } from "./MaterialCache";
import { type RootKeyring, unwrapMaterial, wrapMaterial } from "./rootKeyring";
import { symmetricCipherOf } from "./symmetricCipher";

/** What a {@link SoftwareCryptoProvider} is built from (all effects injected, STYLE rule 5). */
export interface SoftwareCryptoProviderOptions {
  /** The root keys that wrap stored material. */
  readonly keyring: RootKeyring;
  /** The instance's cache of unwrapped material. */
  readonly cache: MaterialCache;
  /** The random source of key material and nonces. */
  readonly randomBytes: RandomBytes;
}

function assertAsymmetric(spec: KeySpec): void {
  /* Precondition: asymmetric decryption and signing need an asymmetric KeySpec. */
  if (keySpecInfo(spec).kind !== "asymmetric") {
    throw new UnsupportedOperationError(`A key of KeySpec ${spec} is not an asymmetric key.`);
  }
}

/**
 * The SOFTWARE protection level (DESIGN sections 1 and 7): key material is made in-process (random bytes for
 * AES and SM4, the asymmetric module for RSA, ECDSA and SM2), stored only wrapped under the root keyring, and
 * unwrapped through the instance's MaterialCache, so a warm call unwraps nothing. Symmetric encryption is AES-GCM
 * or SM4-GCM by KeySpec with a random 96-bit nonce and a 128-bit tag.
 *
 * Every method throws KmsErrors only: InvalidCiphertextError for a failed authentication, UnsupportedOperationError
 * for an operation the KeySpec does not have, InternalCryptoError for a server fault (missing root key, material
 * that does not unwrap, a random source of the wrong length).
 */
export class SoftwareCryptoProvider implements CryptoProvider {
  readonly protectionLevel = "SOFTWARE" as const;
  readonly #keyring: RootKeyring;
  readonly #cache: MaterialCache;
  readonly #randomBytes: RandomBytes;

  constructor(options: SoftwareCryptoProviderOptions) {
    this.#keyring = options.keyring;
    this.#cache = options.cache;
    this.#randomBytes = options.randomBytes;
  }

  /** Every KeySpec can be held in software; the KeySpec/usage pairing is the key rules' business. */
  async assertCanCreate(_spec: KeySpec, _usage: KeyUsage): Promise<void> {}

  /**
   * Creates a key version's material, wraps it under the primary root key and caches it for the calls that follow.
   * @throws InternalCryptoError when the random source returns the wrong length; the asymmetric module's errors.
   */
  async generate(identity: KeyVersionIdentity): Promise<GeneratedMaterial> {
    const symmetric = keySpecInfo(identity.keySpec).symmetric;
    if (symmetric !== undefined) {
      return this.#keep(identity, this.#random(symmetric.keyBytes), undefined);
    }
    const pair = await generateKeyPair(identity.keySpec);
    return this.#keep(identity, pair.privateKey, pair.publicKeyPem);
  }

  /** AES-GCM or SM4-GCM by KeySpec, with a fresh random nonce. */
  async encrypt(key: KeyVersionHandle, plaintext: Uint8Array, aad: Uint8Array): Promise<SealedData> {
    const cipher = symmetricCipherOf(key.keySpec);
    const nonce = this.#random(GCM_NONCE_BYTES);
    const sealed = this.#withMaterial(key, (material) => cipher.seal(material, nonce, plaintext, aad));
    return { nonce, ...sealed };
  }

  /** Opens AES-GCM or SM4-GCM by KeySpec; the caller owns (and wipes) the plaintext. */
  async decrypt(key: KeyVersionHandle, sealed: SealedData, aad: Uint8Array): Promise<Uint8Array> {
    const cipher = symmetricCipherOf(key.keySpec);
    return this.#withMaterial(key, (material) =>
      cipher.open(material, sealed.nonce, sealed.ciphertext, sealed.tag, aad),
    );
  }

  /** RSA-OAEP or SM2PKE decryption with the version's private key (the asymmetric module checks the algorithm). */
  async asymmetricDecrypt(
    key: KeyVersionHandle,
    algorithm: EncryptionAlgorithm,
    ciphertext: Uint8Array,
  ): Promise<Uint8Array> {
    assertAsymmetric(key.keySpec);
    return this.#withMaterial(key, (privateKey) =>
      asymmetricDecrypt(key.keySpec, algorithm, privateKey, ciphertext),
    );
  }

  /** Signs a digest with the version's private key (RSA raw, ECDSA and SM2DSA DER). */
  async sign(key: KeyVersionHandle, algorithm: SigningAlgorithm, digest: Uint8Array): Promise<Uint8Array> {
    assertAsymmetric(key.keySpec);
    return this.#withMaterial(key, (privateKey) => signDigest(key.keySpec, algorithm, privateKey, digest));
  }

  /** The wrapped bytes live in the key record, which the caller deletes; this drops the cached material. */
  async destroy(key: KeyVersionHandle): Promise<void> {
    this.#cache.delete(key);
  }

  #random(length: number): Uint8Array {
    const bytes = this.#randomBytes(length);
    /* Postcondition: the random source returned the requested length. */
    if (bytes.length !== length) {
      wipe(bytes);
      throw new InternalCryptoError(`the random source returned ${bytes.length} bytes, not ${length}`);
    }
    // A copy that owns its buffer: the source might hand out a view into a shared pool.
    const own = copyBytes(bytes);
    wipe(bytes);
    return own;
  }

  /** Wraps fresh material and hands it to the cache (which wipes it in time); wipes it if wrapping fails. */
  #keep(
    identity: KeyVersionIdentity,
    material: Uint8Array,
    publicKey: string | undefined,
  ): GeneratedMaterial {
    let ref: ReturnType<typeof wrapMaterial>;
    try {
      ref = wrapMaterial(this.#keyring, identity, material, this.#randomBytes);
    } catch (error) {
      wipe(material);
      throw error;
    }
    this.#cache.set(identity, material);
    const generated: GeneratedMaterial = { material: { kind: "software", ...ref } };
    return publicKey === undefined ? generated : { ...generated, publicKey };
  }

  /**
   * Runs `use` synchronously on the version's material: the cached copy when warm, else the unwrapped one, which
   * is then handed to the cache (so it is wiped on eviction, or at once when the cache is disabled).
   */
  #withMaterial<T>(key: KeyVersionHandle, use: (material: Uint8Array) => T): T {
    const cached = this.#cache.get(key);
    if (cached !== undefined) return use(cached);
    /* Precondition: the version's material is wrapped in software, not held by an HSM. */
    if (key.material.kind !== "software") {
      throw new InternalCryptoError(
        `key version material of kind ${key.material.kind} sent to the software provider`,
      );
    }
    const material = unwrapMaterial(this.#keyring, key, key.material);
    try {
      return use(material);
    } finally {
      this.#cache.set(key, material);
    }
  }
}
