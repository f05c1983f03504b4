import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkTimestamp } from "../../../core/auth/checkTimestamp";
import { IllegalTimestampError, InternalFailureError } from "../../../core/errors";

const NOW = new Date("2024-01-01T00:00:00Z");

describe("checkTimestamp", () => {
  it("returns the timestamp in epoch seconds", () => {
    expect(checkTimestamp("2024-01-01T00:00:00Z", NOW, 900)).toBe(1_704_067_200);
    expect(checkTimestamp("2023-12-31T23:59:59Z", NOW, 900)).toBe(1_704_067_199);
  });

  it("Precondition: the request carries a timestamp.", () => {
    expect(() => checkTimestamp("", NOW, 900)).toThrow(IllegalTimestampError);
  });

  it("Precondition: the timestamp has the form yyyy-MM-ddTHH:mm:ssZ.", () => {
    for (const value of [
      "2024-01-01T00:00:00.000Z",
      "2024-01-01T00:00:00+00:00",
      "2024-01-01T00:00:00z",
      "2024-01-01 00:00:00Z",
      "2024-01-01T00:00:00",
      "1704067200",
      " 2024-01-01T00:00:00Z",
      "2024-1-01T00:00:00Z",
      "２０２４-01-01T00:00:00Z",
    ]) {
      expect(() => checkTimestamp(value, NOW, 900), value).toThrow(/yyyy-MM-ddTHH:mm:ssZ/);
    }
  });

  it("Precondition: the timestamp is a real date and time.", () => {
    for (const value of [
      "2024-02-30T00:00:00Z",
      "2023-02-29T00:00:00Z",
      "2024-01-01T24:00:00Z",
      "2024-01-01T00:60:00Z",
      "2024-13-01T00:00:00Z",
      "0099-01-01T00:00:00Z",
    ]) {
      expect(() => checkTimestamp(value, NOW, 900), value).toThrow(/not a valid date/);
    }
    expect(checkTimestamp("2024-02-29T00:00:00Z", new Date("2024-02-29T00:00:00Z"), 900)).toBe(1_709_164_800);
  });

  it("Precondition: the server clock gives a valid time.", () => {
    expect(() => checkTimestamp("2024-01-01T00:00:00Z", new Date(Number.NaN), 900)).toThrow(
      InternalFailureError,
    );
  });

  it("Precondition: the timestamp is at most maxSkewSeconds away from now.", () => {
    expect(checkTimestamp("2023-12-31T23:45:00Z", NOW, 900)).toBe(1_704_066_300);
    expect(checkTimestamp("2024-01-01T00:15:00Z", NOW, 900)).toBe(1_704_068_100);
    expect(() => checkTimestamp("2023-12-31T23:44:59Z", NOW, 900)).toThrow(IllegalTimestampError);
    expect(() => checkTimestamp("2024-01-01T00:15:01Z", NOW, 900)).toThrow(IllegalTimestampError);
    expect(() => checkTimestamp("2023-12-31T23:44:00Z", NOW, 900)).toThrow(/more than 900 seconds/);
    expect(() => checkTimestamp("2024-01-01T00:16:00Z", NOW, 900)).toThrow(/more than 900 seconds/);
  });

  it("reads back every second it is given (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(1970, 0, 1) / 1000, max: Date.UTC(9999, 11, 31) / 1000 }),
        (seconds) => {
          const date = new Date(seconds * 1000);
          expect(checkTimestamp(date.toISOString().replace(".000Z", "Z"), date, 1)).toBe(seconds);
        },
      ),
    );
  });

  it("checks a timestamp seen before against the clock again, and never remembers a refused one", () => {
    const value = "2024-01-01T00:10:00Z";
    expect(checkTimestamp(value, NOW, 900)).toBe(1_704_067_800);
    expect(() => checkTimestamp(value, new Date("2024-01-01T01:00:00Z"), 900)).toThrow(/more than 900/);
    for (let i = 0; i < 2; i++) {
      expect(() => checkTimestamp("2024-02-30T00:00:00Z", NOW, 900)).toThrow(/not a valid date/);
    }
    expect(checkTimestamp(value, NOW, 900)).toBe(1_704_067_800);
  });
});
