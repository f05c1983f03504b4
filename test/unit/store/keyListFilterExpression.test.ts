import { describe, expect, it } from "vitest";
import { InvalidParameterError } from "../../../core/errors";
import { keyListFilterExpression } from "../../../core/store/keyListFilterExpression";

describe("keyListFilterExpression", () => {
  it("filters nothing when no attribute is given", () => {
    expect(keyListFilterExpression({})).toBeUndefined();
  });

  it("ANDs attributes and ORs the values of one attribute, without duplicates", () => {
    const filter = keyListFilterExpression({
      keyState: ["Enabled", "Disabled", "Enabled"],
      protectionLevel: ["HSM"],
    });
    expect(filter?.expression).toBe(
      "#keyState IN (:keyState0, :keyState1) AND #protectionLevel IN (:protectionLevel0)",
    );
    expect(filter?.names).toEqual({ "#keyState": "keyState", "#protectionLevel": "protectionLevel" });
    expect(filter?.values).toEqual({
      ":keyState0": { S: "Enabled" },
      ":keyState1": { S: "Disabled" },
      ":protectionLevel0": { S: "HSM" },
    });
  });

  it("leaves out keys past their deletion date with liveAt", () => {
    const filter = keyListFilterExpression({ liveAt: "2024-03-25T10:00:00Z" });
    expect(filter?.expression).toBe("NOT (#liveState = :pendingDeletion AND #deleteDate <= :liveAt)");
    expect(filter?.values[":liveAt"]).toEqual({ S: "2024-03-25T10:00:00Z" });
    expect(() => keyListFilterExpression({ liveAt: "yesterday" })).toThrow(InvalidParameterError);
  });

  it("a filtered attribute has at least one value.", () => {
    expect(() => keyListFilterExpression({ keySpec: [] })).toThrow(InvalidParameterError);
    expect(() => keyListFilterExpression({ keySpec: [] })).toThrow(/Filters/);
  });
});
