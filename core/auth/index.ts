/**
 * Request authentication (DESIGN section 3): RPC signature v1 and ACS3-HMAC-SHA256, server and client side.
 * Explicit re-exports of the module's public API.
 */
export { type Acs3CanonicalInput, acs3CanonicalRequest, acs3Signature, hexSha256 } from "./acs3";
export { canonicalQuery, compareUtf8, singleValuedParameters } from "./canonicalQuery";
export { checkTimestamp } from "./checkTimestamp";
export { InMemoryNonceCache, type InMemoryNonceCacheOptions } from "./InMemoryNonceCache";
export { ACS3_ALGORITHM, type Acs3Authorization, parseAcs3Authorization } from "./parseAcs3Authorization";
export { encodeQuery, percentEncode } from "./percentEncode";
export {
  createRequestAuthenticator,
  DEFAULT_MAX_SKEW_SECONDS,
  type RequestAuthenticatorOptions,
} from "./RequestAuthenticator";
export { type Acs3ReadOptions, readAcs3Request } from "./readAcs3Request";
export { type Acs3SigningInput, signAcs3 } from "./signAcs3";
export {
  RPC_V1_SIGNATURE_METHOD,
  RPC_V1_SIGNATURE_VERSION,
  type RpcV1Caller,
  readRpcV1Request,
  rpcV1Parameters,
  rpcV1StringToSign,
  signRpcV1,
  verifyRpcV1Signature,
} from "./signatureV1";
export { API_VERSION } from "./signingRules";
export type {
  AccessKeyLookup,
  AccessKeySecretRecord,
  Authenticator,
  NonceStore,
  Principal,
  RawRequest,
  SignatureScheme,
  SignedRequest,
} from "./types";
