/**
 * The used SignatureNonces of state-changing requests (DESIGN section 3): each nonce is single-use per AccessKey
 * until it expires, shared by every function instance through the store. Cryptographic operations use an
 * in-memory cache with the same interface instead (core/auth).
 */
export interface NonceRepository {
  /**
   * Records the nonce as used until `expiresAtEpochSeconds` (whole seconds since the epoch).
   * Throws SignatureNonceUsedError when the nonce is already used by this AccessKey and not yet expired.
   */
  claim(accessKeyId: string, nonce: string, expiresAtEpochSeconds: number): Promise<void>;
}
