import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InvalidParameterError } from "../../../core/errors";
import { formatRotationInterval, parseRotationInterval } from "../../../core/keys/rotationInterval";

describe("RotationInterval", () => {
  it("parses each unit into seconds", () => {
    expect(parseRotationInterval("7d")).toBe(604800);
    expect(parseRotationInterval("168h")).toBe(604800);
    expect(parseRotationInterval("10080m")).toBe(604800);
    expect(parseRotationInterval("31536000s")).toBe(31536000);
    expect(parseRotationInterval("730d")).toBe(730 * 86400);
    expect(formatRotationInterval(31536000)).toBe("31536000s");
  });

  it("Precondition: the interval lies between 7 and 730 days", () => {
    expect(() => parseRotationInterval("6d")).toThrow(InvalidParameterError);
    expect(() => parseRotationInterval("604799s")).toThrow(InvalidParameterError);
    expect(() => parseRotationInterval("731d")).toThrow(InvalidParameterError);
  });

  it("Precondition: the interval is a whole number followed by one unit letter", () => {
    for (const text of ["", "7", "d", "7 d", "7D", "7.5d", "-7d", "7dd", "1e3d"]) {
      expect(() => parseRotationInterval(text), text).toThrow(InvalidParameterError);
    }
  });

  it("accepts any string only with the documented error", () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        try {
          const seconds = parseRotationInterval(text);
          return seconds >= 604800 && seconds <= 730 * 86400;
        } catch (error) {
          return error instanceof InvalidParameterError && error.parameter === "RotationInterval";
        }
      }),
    );
  });
});
