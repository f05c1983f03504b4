import { randomBytes as nodeRandomBytes } from "node:crypto";
import type { SealedData } from "../crypto/CryptoProvider";
import { InvalidParameterError, RejectedUnsupportedOperationError, ServiceUnavailableError } from "../errors";
import type { KeyVersionIdentity } from "../keys/KeyRecord";
import type { EncryptionAlgorithm, KeyUsage, SigningAlgorithm } from "../keys/types";
import type { GcmIvSource, HsmCapabilities, HsmDriver, HsmGeneratedKey } from "./HsmDriver";
import { assertHsmKeyLabel } from "./hsmKeyLabel";
import { openPkcs11Token } from "./openPkcs11Token";
import { acquirePkcs11Library, type Pkcs11LibraryLease } from "./Pkcs11Library";
import { Pkcs11Token } from "./Pkcs11Token";
import { oaepDecrypt, signDigest, verifyDigest } from "./pkcs11Asymmetric";
import { gcmDecrypt, gcmEncrypt } from "./pkcs11Gcm";
import { generateKeyObjects, publicKeyOf } from "./pkcs11KeyMaterial";
import { probeCapabilities, type SessionRunner } from "./probeCapabilities";

/** How to reach one HSM token (see hsmConfig.ts for where the values come from). */
export interface Pkcs11DriverOptions {
  /** The vendor's PKCS#11 library (SoftHSM: /usr/lib/softhsm/libsofthsm2.so). */
  readonly libraryPath: string;
  /** CKA token label (trimmed). */
  readonly tokenLabel: string;
  /** The normal user's PIN; only passed to C_Login, never logged or put into errors. */
  readonly pin: string;
  /** Sessions open at most at once; default 4. */
  readonly sessionPoolSize?: number;
  /** Who makes AES-GCM IVs; default `caller` (SoftHSM). AWS CloudHSM: `hsm`. */
  readonly gcmIv?: GcmIvSource;
  /** The random source for caller-made IVs; default node:crypto. */
  readonly randomBytes?: (size: number) => Uint8Array;
}

/**
 * The PKCS#11 driver (DESIGN section 8) over pkcs11js: C_Initialize with CKF_OS_LOCKING_OK, one login per
 * instance, a bounded session pool, object handles cached by label, capabilities from C_GetMechanismList, and
 * PKCS#11 errors mapped to KmsErrors. Create it once per process (a Lambda instance) and reuse it.
 */
export class Pkcs11Driver implements HsmDriver {
  private capabilitiesPromise?: Promise<HsmCapabilities>;
  private closed = false;
  private generating: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly lease: Pkcs11LibraryLease,
    private readonly token: Pkcs11Token,
    private readonly gcmIv: GcmIvSource,
    private readonly randomBytes: (size: number) => Uint8Array,
  ) {}

  /**
   * Loads the library, finds the token and logs in.
   * @throws InvalidParameterError for a pool size outside 1–64; ServiceUnavailableError when the library, the
   *   token or the login fails.
   */
  static async open(options: Pkcs11DriverOptions): Promise<Pkcs11Driver> {
    const poolSize = options.sessionPoolSize ?? 4;
    /* Precondition: the session pool holds between 1 and 64 sessions. */
    if (!Number.isInteger(poolSize) || poolSize < 1 || poolSize > 64) {
      throw new InvalidParameterError("sessionPoolSize", "It must be an integer from 1 to 64.");
    }
    const lease = acquirePkcs11Library(options.libraryPath);
    try {
      const { slot, loginSession } = openPkcs11Token(lease.module, options.tokenLabel, options.pin);
      const token = new Pkcs11Token(lease.module, loginSession, slot, poolSize);
      return new Pkcs11Driver(
        lease,
        token,
        options.gcmIv ?? "caller",
        options.randomBytes ?? nodeRandomBytes,
      );
    } catch (error) {
      lease.release();
      throw error;
    }
  }

  capabilities(): Promise<HsmCapabilities> {
    this.capabilitiesPromise ??= (async () => {
      const token = this.live();
      const run: SessionRunner = (step) => token.run({ operation: "capability probe" }, step);
      return probeCapabilities(token.module, token.slot, run, this.gcmIv);
    })().catch((error: unknown) => {
      this.capabilitiesPromise = undefined;
      throw error;
    });
    return this.capabilitiesPromise;
  }

  /**
   * Key generation is serialised per driver: it is rare (CreateKey, rotation), and once, in a loaded CI run, three
   * key pairs generated at the same moment on SoftHSM failed with an InternalFailure that no later run reproduced.
   * Serialising costs nothing that matters and removes concurrent token-object creation from the picture.
   */
  async generateKey(identity: KeyVersionIdentity, usage?: KeyUsage): Promise<HsmGeneratedKey> {
    const turn = this.generating.then(() => generateKeyObjects(this.live(), identity, usage));
    this.generating = turn.catch(() => undefined);
    return turn;
  }

  async encrypt(label: string, plaintext: Uint8Array, aad: Uint8Array, iv?: Uint8Array): Promise<SealedData> {
    assertHsmKeyLabel(label);
    const hsmMakesIv = this.gcmIv === "hsm";
    if (iv !== undefined && hsmMakesIv) {
      throw new RejectedUnsupportedOperationError("This HSM generates AES-GCM IVs itself.");
    }
    // With an HSM that makes IVs, a zero placeholder it overwrites; otherwise the caller's IV or a fresh one.
    const chosen = hsmMakesIv ? Buffer.alloc(12) : Buffer.from(iv ?? this.randomBytes(12));
    return await gcmEncrypt(this.live(), label, plaintext, aad, chosen, hsmMakesIv);
  }

  async decrypt(label: string, sealed: SealedData, aad: Uint8Array): Promise<Uint8Array> {
    return await gcmDecrypt(this.live(), assertHsmKeyLabel(label), sealed, aad);
  }

  async asymmetricDecrypt(
    label: string,
    algorithm: EncryptionAlgorithm,
    ciphertext: Uint8Array,
  ): Promise<Uint8Array> {
    assertHsmKeyLabel(label);
    const capabilities = await this.capabilities();
    return await oaepDecrypt(this.live(), label, algorithm, ciphertext, capabilities);
  }

  async sign(label: string, algorithm: SigningAlgorithm, digest: Uint8Array): Promise<Uint8Array> {
    return await signDigest(this.live(), assertHsmKeyLabel(label), algorithm, digest);
  }

  async verify(
    label: string,
    algorithm: SigningAlgorithm,
    digest: Uint8Array,
    signature: Uint8Array,
  ): Promise<boolean> {
    return await verifyDigest(this.live(), assertHsmKeyLabel(label), algorithm, digest, signature);
  }

  async getPublicKey(label: string): Promise<string> {
    return publicKeyOf(this.live(), assertHsmKeyLabel(label));
  }

  async destroyKey(label: string): Promise<number> {
    return this.live().destroyAll(assertHsmKeyLabel(label));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.token.close();
    this.lease.release();
  }

  /** The token, while the driver is open: a closed driver must never call into a finalised library. */
  private live(): Pkcs11Token {
    /* Precondition: the driver is open. */
    if (this.closed) throw new ServiceUnavailableError("the HSM connection is closed.");
    return this.token;
  }
}
