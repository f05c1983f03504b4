/**
 * Asymmetric cryptography of Keyward (DESIGN sections 1 and 3; foundation issue item 4): RSA-OAEP, RSA-PSS and
 * PKCS#1 v1.5 signatures, ECDSA on P-256 and secp256k1, SM2 (signature and encryption), SM3, key generation and
 * public keys.
 *
 * Private key material is PKCS#8 DER for every KeySpec (see `generateKeyPair`); public keys are PEM
 * SubjectPublicKeyInfo. The caller owns and zeroes the Uint8Arrays it passes; library-internal copies of secrets
 * (BigInts, hex strings, OpenSSL key objects) cannot be wiped in JavaScript.
 */
export { asymmetricDecrypt } from "./asymmetricDecrypt";
export { asymmetricEncrypt } from "./asymmetricEncrypt";
export { ecSignatureFromRaw, ecSignatureToRaw } from "./ecdsaSignature";
export { type AsymmetricKeyPair, generateKeyPair } from "./generateKeyPair";
export { parsePublicKey } from "./parsePublicKey";
export { assertDigestFor, signDigest } from "./signDigest";
export { SM2_DEFAULT_USER_ID, sm2SigningDigest } from "./sm2SigningDigest";
export { sm3 } from "./sm3";
export { verifyDigest } from "./verifyDigest";
