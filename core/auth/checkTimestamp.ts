import { IllegalTimestampError, InternalFailureError } from "../errors";

/** The one timestamp form both schemes use: `yyyy-MM-ddTHH:mm:ssZ`, UTC, no fractions (reference 6a, 6b). */
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})Z$/;

/**
 * Parses a signing timestamp (`Timestamp` for RPC v1, `x-acs-date` for ACS3) and checks that it lies at most
 * `maxSkewSeconds` before or after `now` (15 minutes by default, reference 6c).
 *
 * @returns the timestamp in whole seconds since the epoch.
 * @throws IllegalTimestampError when the timestamp is missing, not of the form `yyyy-MM-ddTHH:mm:ssZ`, not a real
 *   date, or too far from `now`; InternalFailureError when `now` is not a valid date (a broken clock must not
 *   disable the check).
 */
export function checkTimestamp(value: string, now: Date, maxSkewSeconds: number): number {
  const millis = parseTimestamp(value);
  /* Precondition: the server clock gives a valid time. */
  if (!Number.isFinite(now.getTime())) throw new InternalFailureError();
  /* Precondition: the timestamp is at most maxSkewSeconds away from now. */
  if (Math.abs(now.getTime() - millis) > maxSkewSeconds * 1000) {
    throw new IllegalTimestampError(
      `The timestamp is more than ${maxSkewSeconds} seconds away from server time.`,
    );
  }
  return millis / 1000;
}

/**
 * The last timestamp parsed and its time. Requests signed within the same second carry the same timestamp, so most
 * requests of a busy instance skip the parse; the skew check is made every time.
 */
let lastParsed = { value: "", millis: 0 };

/** Milliseconds since the epoch of a `yyyy-MM-ddTHH:mm:ssZ` timestamp (see checkTimestamp for the errors). */
function parseTimestamp(value: string): number {
  if (value === lastParsed.value && value !== "") return lastParsed.millis;
  /* Precondition: the request carries a timestamp. */
  if (value === "") throw new IllegalTimestampError("The timestamp is missing.");
  const fields = TIMESTAMP.exec(value);
  /* Precondition: the timestamp has the form yyyy-MM-ddTHH:mm:ssZ. */
  if (fields === null) throw new IllegalTimestampError("Use the form yyyy-MM-ddTHH:mm:ssZ (UTC).");
  const [year, month, day, hour, minute, second] = fields.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const millis = Date.UTC(year, month - 1, day, hour, minute, second);
  const parsed = new Date(millis);
  /* Precondition: the timestamp is a real date and time. */
  if (
    parsed.getUTCFullYear() !== year ||
    parsed.getUTCMonth() !== month - 1 ||
    parsed.getUTCDate() !== day ||
    parsed.getUTCHours() !== hour ||
    parsed.getUTCMinutes() !== minute ||
    parsed.getUTCSeconds() !== second
  ) {
    throw new IllegalTimestampError("The timestamp is not a valid date and time.");
  }
  lastParsed = { value, millis };
  return millis;
}
