import { InvalidParameterError } from "../errors";
import { SECONDS_PER_DAY } from "./dates";

const UNIT_SECONDS: Record<string, number> = { d: SECONDS_PER_DAY, h: 3600, m: 60, s: 1 };

/** The shortest and longest automatic rotation intervals (DESIGN section 6: 7 to 730 days). */
export const MIN_ROTATION_SECONDS = 7 * SECONDS_PER_DAY;
export const MAX_ROTATION_SECONDS = 730 * SECONDS_PER_DAY;

/**
 * Parses a RotationInterval (`<n>[d|h|m|s]`, for example `365d` or `604800s`) into seconds.
 * @throws InvalidParameterError (`RotationInterval`) when malformed or outside 7 to 730 days.
 */
export function parseRotationInterval(text: string): number {
  const match = /^([0-9]{1,12})([dhms])$/.exec(text);
  /* Precondition: the interval is a whole number followed by one unit letter. */
  if (!match) throw new InvalidParameterError("RotationInterval", "Use <number>[d|h|m|s], for example 365d.");
  const seconds = Number(match[1]) * (UNIT_SECONDS[match[2] ?? "s"] ?? 1);
  /* Precondition: the interval lies between 7 and 730 days. */
  if (seconds < MIN_ROTATION_SECONDS || seconds > MAX_ROTATION_SECONDS) {
    throw new InvalidParameterError("RotationInterval", "The interval must be between 7 and 730 days.");
  }
  return seconds;
}

/** The wire form of an interval: `<seconds>s`, as DescribeKey returns it. */
export function formatRotationInterval(seconds: number): string {
  return `${seconds}s`;
}
