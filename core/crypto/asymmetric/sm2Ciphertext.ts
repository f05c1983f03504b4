import { InvalidCiphertextError } from "../../errors";
import { encryptionLimits } from "../../keys/keySpecs";
import { bigIntToBytes, bytesToBigInt } from "./bigIntBytes";
import { DER_TAG, DerReader } from "./DerReader";
import { derOctetString, derSequence, derUnsignedInteger } from "./derEncode";
import { SM2_PARAMS } from "./ecCurves";

/** The three parts of an SM2PKE ciphertext (GB/T 32918.4-2016 section 6.1). */
export interface Sm2Ciphertext {
  /** C1 = k·G, uncompressed (0x04 ‖ x ‖ y); not yet checked to be on the curve. */
  readonly c1: Uint8Array;
  /** C3 = SM3(x2 ‖ M ‖ y2), 32 bytes. */
  readonly c3: Uint8Array;
  /** C2 = M ⊕ t, as long as the plaintext. */
  readonly c2: Uint8Array;
}

const C3_BYTES = 32;
const COORDINATE_BYTES = 32;

/** The largest C2, i.e. plaintext, Keyward accepts: 6047 bytes (the reference's SM2PKE limit). */
export function sm2MaxPlaintextBytes(): number {
  return encryptionLimits("EC_SM2", "SM2PKE").maxPlaintextBytes;
}

/**
 * Encodes an SM2PKE ciphertext as GM/T 0009-2012 DER: SEQUENCE { INTEGER x, INTEGER y, OCTET STRING C3, OCTET STRING
 * C2 } (what `openssl pkeyutl -encrypt` writes and `-decrypt` reads).
 */
export function encodeSm2Ciphertext(ciphertext: Sm2Ciphertext): Uint8Array {
  return derSequence(
    derUnsignedInteger(ciphertext.c1.subarray(1, 1 + COORDINATE_BYTES)),
    derUnsignedInteger(ciphertext.c1.subarray(1 + COORDINATE_BYTES)),
    derOctetString(ciphertext.c3),
    derOctetString(ciphertext.c2),
  );
}

function decodeDer(bytes: Uint8Array, fail: () => InvalidCiphertextError): Sm2Ciphertext {
  const outer = new DerReader(bytes, fail);
  const sequence = outer.readSequence();
  outer.assertEnd();
  const x = bytesToBigInt(sequence.readUnsignedInteger());
  const y = bytesToBigInt(sequence.readUnsignedInteger());
  const c3 = sequence.read(DER_TAG.OCTET_STRING);
  const c2 = sequence.read(DER_TAG.OCTET_STRING);
  sequence.assertEnd();
  /* Precondition: the coordinates are field elements. */
  if (x >= SM2_PARAMS.p || y >= SM2_PARAMS.p) throw fail();
  const c1 = Buffer.concat([
    Uint8Array.of(4),
    bigIntToBytes(x, COORDINATE_BYTES),
    bigIntToBytes(y, COORDINATE_BYTES),
  ]);
  return { c1, c3, c2 };
}

/**
 * Decodes an SM2PKE ciphertext in either layout DESIGN section 3 accepts: GM/T 0009 DER (first byte 0x30) or raw
 * 0x04 ‖ x ‖ y ‖ C3 ‖ C2 (first byte 0x04; sm-crypto's C1C3C2 output with the 04 prefix). The parts are views into
 * `bytes`.
 * @throws InvalidCiphertextError for any other layout, malformed DER, C3 not 32 bytes, or C2 (the plaintext length)
 *   empty or longer than 6047 bytes. An empty C2 is refused as the standard refuses an all-zero t (the empty t is
 *   vacuously all zero).
 */
export function decodeSm2Ciphertext(bytes: Uint8Array): Sm2Ciphertext {
  const fail = () => new InvalidCiphertextError();
  let ciphertext: Sm2Ciphertext;
  if (bytes[0] === 0x30) {
    ciphertext = decodeDer(bytes, fail);
  } else if (bytes[0] === 0x04) {
    const c1End = 1 + 2 * COORDINATE_BYTES;
    ciphertext = {
      c1: bytes.subarray(0, c1End),
      c3: bytes.subarray(c1End, c1End + C3_BYTES),
      c2: bytes.subarray(c1End + C3_BYTES),
    };
  } else {
    /* Precondition: the ciphertext is DER (0x30) or raw C1C3C2 with the 04 prefix (0x04). */
    throw fail();
  }
  /* Precondition: C3 is one SM3 digest and C2 holds 1 to 6047 bytes. */
  if (ciphertext.c3.length !== C3_BYTES) throw fail();
  if (ciphertext.c2.length < 1 || ciphertext.c2.length > sm2MaxPlaintextBytes()) throw fail();
  return ciphertext;
}
