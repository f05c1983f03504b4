/**
 * Elliptic-curve point arithmetic with the scalar multiplications done by OpenSSL through node:crypto's ECDH (the
 * only EC point operations node exposes: k·G as a derived public key, and the x-coordinate of k·P as a shared
 * secret), and the rest (one point addition, a square root) in BigInt. Much faster than BigInt-only arithmetic for
 * P-256, about twice as fast for SM2 and secp256k1 (OpenSSL has no fast path for those), and a secret scalar is
 * multiplied by OpenSSL's constant-time ladder rather than in JavaScript.
 */
import { createECDH } from "node:crypto";
import { InternalFailureError } from "../../errors";
import { bigIntToBytes, bytesToBigInt, invert, mod } from "./bigIntBytes";
import type { EcCurve } from "./ecCurves";

/** A point of the curve other than the point at infinity, in affine coordinates. */
interface AffinePoint {
  readonly x: bigint;
  readonly y: bigint;
}

/**
 * The x-coordinate of u1·G + u2·Q, the point an ECDSA verification (FIPS 186-5 section 6.4.2 step 5) and an SM2
 * verification (GB/T 32918.2-2016 section 7.1 step B6) compute, with both scalar multiplications done by OpenSSL
 * through node:crypto's ECDH rather than in BigInt arithmetic (about twenty times faster here). With
 * v = u1·u2⁻¹ mod n: u1·G + u2·Q = u2·(v·G + Q). v·G is the public key ECDH derives from the private scalar v, the
 * sum is one affine addition here, and u2·(v·G + Q) is the ECDH shared secret of u2 and that point, which is its
 * x-coordinate: all a verification needs. Every input is public, so nothing here needs to run in constant time.
 *
 * @param u1 a scalar in [0, n-1].
 * @param u2 a scalar in [1, n-1].
 * @param publicPoint Q, uncompressed (0x04 ‖ x ‖ y), already checked to lie on the curve.
 * @returns the x-coordinate, or undefined when u1·G + u2·Q is the point at infinity.
 */
export function xOfLinearCombination(
  curve: EcCurve,
  u1: bigint,
  u2: bigint,
  publicPoint: Uint8Array,
): bigint | undefined {
  const { n } = curve;
  let base = publicPoint;
  if (u1 !== 0n) {
    const generatorMultiple = createECDH(curve.nodeName);
    generatorMultiple.setPrivateKey(bigIntToBytes(mod(u1 * invert(u2, n), n), curve.bytes));
    const sum = addPoints(
      curve,
      readPoint(curve, generatorMultiple.getPublicKey()),
      readPoint(curve, publicPoint),
    );
    if (sum === undefined) return undefined;
    base = writePoint(curve, sum);
  }
  const shared = createECDH(curve.nodeName);
  shared.setPrivateKey(bigIntToBytes(u2, curve.bytes));
  return bytesToBigInt(shared.computeSecret(base));
}

/**
 * k·P in full (uncompressed), with both multiplications by OpenSSL. ECDH gives only x of k·P; y is one of the two
 * square roots of x³ + ax + b. The root is chosen with a second ECDH: k·(P + G) = k·P + k·G, where k·G is the public
 * key ECDH derives from k, so exactly one candidate c has x(c + k·G) equal to that shared secret's x (the other
 * candidate, −k·P, would need 2·k·G = 0, impossible in a group of odd prime order). P = −G, where P + G does not
 * exist, gives k·P = −k·G directly.
 *
 * @param scalar k, big-endian, in [1, n-1] (a secret: only OpenSSL multiplies with it).
 * @param point P, uncompressed, already checked to lie on the curve.
 */
export function multiplyPoint(curve: EcCurve, scalar: Uint8Array, point: Uint8Array): Uint8Array {
  const { p } = curve;
  const ecdh = createECDH(curve.nodeName);
  ecdh.setPrivateKey(scalar);
  const kG = readPoint(curve, ecdh.getPublicKey());
  const base = readPoint(curve, point);
  const generator = generatorOf(curve);
  const pPlusG = addPoints(curve, base, generator);
  if (pPlusG === undefined) return writePoint(curve, { x: kG.x, y: mod(-kG.y, p) });
  const x = bytesToBigInt(ecdh.computeSecret(point));
  const xOfSum = bytesToBigInt(ecdh.computeSecret(writePoint(curve, pPlusG)));
  const y = squareRoot(curve, mod(x * x * x + curve.a * x + generator.b, p));
  const candidate = { x, y };
  const sum = addPoints(curve, candidate, kG);
  return writePoint(curve, sum !== undefined && sum.x === xOfSum ? candidate : { x, y: mod(-y, p) });
}

/** G and b of a curve, derived once from OpenSSL (G = 1·G; b = Gy² − Gx³ − a·Gx), so no constant is copied here. */
const generators = new Map<string, AffinePoint & { readonly b: bigint }>();

function generatorOf(curve: EcCurve): AffinePoint & { readonly b: bigint } {
  let known = generators.get(curve.nodeName);
  if (known === undefined) {
    const one = createECDH(curve.nodeName);
    one.setPrivateKey(bigIntToBytes(1n, curve.bytes));
    const { x, y } = readPoint(curve, one.getPublicKey());
    known = { x, y, b: mod(y * y - x * x * x - curve.a * x, curve.p) };
    generators.set(curve.nodeName, known);
  }
  return known;
}

/**
 * A square root modulo p for p ≡ 3 (mod 4), as all three curves' primes are: v^((p+1)/4).
 * @throws InternalFailureError when v has none (x was not the x-coordinate of a curve point).
 */
function squareRoot(curve: EcCurve, v: bigint): bigint {
  const { p } = curve;
  let result = 1n;
  let base = v;
  for (let exponent = (p + 1n) >> 2n; exponent > 0n; exponent >>= 1n) {
    if (exponent & 1n) result = (result * base) % p;
    base = (base * base) % p;
  }
  /* Postcondition: the root squares back to v. */
  if ((result * result) % p !== v)
    throw new InternalFailureError({ cause: "no square root: not a curve point" });
  return result;
}

/** a + b on the curve (SEC 1 section 2.2.1); undefined for the point at infinity (b = −a). */
function addPoints(curve: EcCurve, a: AffinePoint, b: AffinePoint): AffinePoint | undefined {
  const { p } = curve;
  let slope: bigint;
  if (a.x !== b.x) {
    slope = mod((b.y - a.y) * invert(b.x - a.x, p), p);
  } else if (a.y === b.y) {
    // Doubling; y is never 0 on these curves (a point with y = 0 has order 2, and the groups have odd prime order).
    slope = mod((3n * a.x * a.x + curve.a) * invert(2n * a.y, p), p);
  } else {
    return undefined;
  }
  const x = mod(slope * slope - a.x - b.x, p);
  return { x, y: mod(slope * (a.x - x) - a.y, p) };
}

/** The affine coordinates of an uncompressed point. */
function readPoint(curve: EcCurve, encoded: Uint8Array): AffinePoint {
  return {
    x: bytesToBigInt(encoded.subarray(1, 1 + curve.bytes)),
    y: bytesToBigInt(encoded.subarray(1 + curve.bytes)),
  };
}

/** A point uncompressed: 0x04 ‖ x ‖ y. */
function writePoint(curve: EcCurve, point: AffinePoint): Uint8Array {
  const encoded = new Uint8Array(1 + 2 * curve.bytes);
  encoded[0] = 4;
  encoded.set(bigIntToBytes(point.x, curve.bytes), 1);
  encoded.set(bigIntToBytes(point.y, curve.bytes), 1 + curve.bytes);
  return encoded;
}
