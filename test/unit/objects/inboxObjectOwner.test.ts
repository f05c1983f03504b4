import { describe, expect, it } from "vitest";
import { InvalidParameterError } from "../../../core/errors";
import { inboxObjectOwner, isFolderMarker } from "../../../core/objects/inboxObjectOwner";

describe("inbox object owner", () => {
  it("is the first segment of the key", () => {
    expect(inboxObjectOwner("1234567890123456/report.pdf")).toBe("1234567890123456");
    expect(inboxObjectOwner("acct-1/a/b/c d.txt")).toBe("acct-1");
  });

  it("an inbox key starts with an account id and a slash", () => {
    for (const key of ["report.pdf", "/report.pdf", "a#b/report.pdf", `${"1".repeat(129)}/x`, "é/x"]) {
      expect(() => inboxObjectOwner(key)).toThrow(InvalidParameterError);
    }
  });

  it("an inbox key names an object after the account prefix", () => {
    expect(() => inboxObjectOwner("123456/")).toThrow(InvalidParameterError);
  });

  it("recognises folder markers", () => {
    expect(isFolderMarker("123456/photos/")).toBe(true);
    expect(isFolderMarker("123456/photos")).toBe(false);
  });
});
