/** Times on the wire and in records: ISO-8601 UTC with second precision, as the API returns them. */

/** `2024-03-25T10:00:00Z` for a Date (fractions of a second are dropped). */
export function isoSeconds(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

/** The ISO time `seconds` after `iso`. */
export function addSeconds(iso: string, seconds: number): string {
  return isoSeconds(new Date(Date.parse(iso) + seconds * 1000));
}

/** Whether the ISO time `iso` is at or before `now`. */
export function isAtOrBefore(iso: string, now: Date): boolean {
  return Date.parse(iso) <= now.getTime();
}

export const SECONDS_PER_DAY = 86_400;
