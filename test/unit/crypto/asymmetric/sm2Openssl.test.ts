import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  asymmetricDecrypt,
  asymmetricEncrypt,
  generateKeyPair,
  signDigest,
  sm2SigningDigest,
  verifyDigest,
} from "../../../../core/crypto/asymmetric";
import { OpensslWorkspace, privateKeyPem } from "./support";

/**
 * The OpenSSL 3 command line as a user would check Keyward's SM2 output. The verifying incantation is
 * `openssl pkeyutl -verify -pubin -inkey pub.pem -rawin -digest sm3 -in msg -sigfile sig
 * -pkeyopt distid:1234567812345678`; without `distid` OpenSSL 3 uses an empty ID and the check fails.
 */
describe("SM2 against the openssl command line", () => {
  const workspace = new OpensslWorkspace();
  const message = new TextEncoder().encode("Keyward SM2 interop with OpenSSL");
  let pkcs8: Uint8Array;
  let pem: string;

  beforeAll(async () => {
    ({ privateKey: pkcs8, publicKeyPem: pem } = await generateKeyPair("EC_SM2"));
    workspace.write("pub.pem", pem);
    workspace.write("priv.pem", privateKeyPem(pkcs8));
    workspace.write("msg.bin", message);
  });
  afterAll(() => workspace.dispose());

  it("reads the public key as an SM2 key (curve OID 1.2.156.10197.1.301)", () => {
    const result = workspace.run("pkey", "-pubin", "-in", "pub.pem", "-text", "-noout");
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("ASN1 OID: SM2");
  });

  it("reads the PKCS#8 private key and derives the same public key", () => {
    const result = workspace.run("pkey", "-in", "priv.pem", "-pubout");
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(pem);
  });

  const verifyWithOpenssl = (distid: string) =>
    workspace.run(
      "pkeyutl",
      "-verify",
      "-pubin",
      "-inkey",
      "pub.pem",
      "-rawin",
      "-digest",
      "sm3",
      "-in",
      "msg.bin",
      "-sigfile",
      "sig.der",
      "-pkeyopt",
      `distid:${distid}`,
    );

  it("verifies Keyward's SM2DSA signature over SM3(Z_A ‖ M)", () => {
    workspace.write("sig.der", signDigest("EC_SM2", "SM2DSA", pkcs8, sm2SigningDigest(pem, message)));
    const result = verifyWithOpenssl("1234567812345678");
    expect(result.stdout).toContain("Signature Verified Successfully");
    expect(result.status).toBe(0);
    expect(verifyWithOpenssl("1234567812345679").status).not.toBe(0);
  });

  it("makes signatures Keyward verifies", () => {
    const result = workspace.run(
      "pkeyutl",
      "-sign",
      "-inkey",
      "priv.pem",
      "-rawin",
      "-digest",
      "sm3",
      "-in",
      "msg.bin",
      "-out",
      "openssl-sig.der",
      "-pkeyopt",
      "distid:1234567812345678",
    );
    expect(result.status).toBe(0);
    const signature = workspace.read("openssl-sig.der");
    expect(verifyDigest("EC_SM2", "SM2DSA", pem, sm2SigningDigest(pem, message), signature)).toBe(true);
  });

  it("decrypts Keyward's SM2PKE ciphertext (GM/T 0009 DER)", () => {
    workspace.write("ours.der", asymmetricEncrypt("EC_SM2", "SM2PKE", pem, message));
    const result = workspace.run(
      "pkeyutl",
      "-decrypt",
      "-inkey",
      "priv.pem",
      "-in",
      "ours.der",
      "-out",
      "ours.txt",
    );
    expect(result.status).toBe(0);
    expect(workspace.read("ours.txt")).toEqual(message);
  });

  it("encrypts what Keyward decrypts", () => {
    const result = workspace.run(
      "pkeyutl",
      "-encrypt",
      "-pubin",
      "-inkey",
      "pub.pem",
      "-in",
      "msg.bin",
      "-out",
      "theirs.der",
    );
    expect(result.status).toBe(0);
    expect(asymmetricDecrypt("EC_SM2", "SM2PKE", pkcs8, workspace.read("theirs.der"))).toEqual(message);
  });
});
