import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { KeyState } from "../../../core/keys/types";
import { ACCOUNT_A, startTestbed, type Testbed } from "../../support/testbed";

let bed: Testbed;
beforeAll(async () => {
  bed = await startTestbed();
});
afterAll(() => bed.stop());

async function newKey(): Promise<string> {
  return (await bed.ok("CreateKey", {})).KeyMetadata.KeyId;
}

describe("concurrent changes to one key", () => {
  it("20 parallel TagResource calls lose no update", async () => {
    const KeyId = await newKey();
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        bed.call("TagResource", { KeyId, Tags: JSON.stringify([{ TagKey: `t${i}`, TagValue: `v${i}` }]) }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200));
    const tags = (await bed.ok("ListResourceTags", { KeyId })).Tags.Tag;
    expect(tags).toHaveLength(20);
    const stored = await bed.deps.keys.get(ACCOUNT_A, KeyId);
    expect(stored?.revision).toBe(21);
  });

  it("20 parallel DisableKey, EnableKey and ScheduleKeyDeletion calls end in a consistent record", async () => {
    const KeyId = await newKey();
    const actions = Array.from(
      { length: 20 },
      (_, i) => ["DisableKey", "EnableKey", "ScheduleKeyDeletion"][i % 3] as string,
    );
    const answers = await Promise.all(
      actions.map((action) =>
        bed.call(action, action === "ScheduleKeyDeletion" ? { KeyId, PendingWindowInDays: "7" } : { KeyId }),
      ),
    );
    for (const answer of answers) {
      expect([200, 409]).toContain(answer.status);
      if (answer.status === 409) {
        expect(["Rejected.StateModifiedFailed", "Rejected.ConcurrentModification"]).toContain(
          answer.body.Code,
        );
      }
    }
    const scheduled = answers.filter((a, i) => actions[i] === "ScheduleKeyDeletion" && a.status === 200);
    const final = await bed.deps.keys.get(ACCOUNT_A, KeyId);
    // Exactly one ScheduleKeyDeletion can win; after it nothing else may change the state.
    expect(scheduled.length).toBeLessThanOrEqual(1);
    if (scheduled.length === 1) {
      expect(final?.keyState).toBe("PendingDeletion");
      expect(final?.deleteDate).toBeDefined();
    } else {
      expect(["Enabled", "Disabled"]).toContain(final?.keyState);
      expect(final?.deleteDate).toBeUndefined();
    }
  });
});

describe("bad input changes nothing and gets the documented code", () => {
  const cases: [string, string, Record<string, string>, number, string][] = [
    ["missing KeyId", "DescribeKey", {}, 400, "MissingParameter"],
    ["empty KeyId", "DisableKey", { KeyId: "" }, 400, "MissingParameter"],
    ["invalid KeySpec", "CreateKey", { KeySpec: "AES_999" }, 400, "InvalidParameter"],
    ["oversized Description", "CreateKey", { Description: "d".repeat(8193) }, 400, "InvalidParameter"],
    ["unknown parameter", "CreateKey", { Colour: "blue" }, 400, "InvalidParameter"],
    ["malformed Tags", "CreateKey", { Tags: "[{" }, 400, "InvalidParameter"],
    ["PageSize over 100", "ListKeys", { PageSize: "101" }, 400, "InvalidParameter"],
    ["boolean not true/false", "CreateKey", { EnableAutomaticRotation: "yes" }, 400, "InvalidParameter"],
    ["EXTERNAL origin", "CreateKey", { Origin: "EXTERNAL" }, 400, "InvalidParameter"],
    ["HSM without an HSM", "CreateKey", { ProtectionLevel: "HSM" }, 400, "Rejected.UnsupportedOperation"],
    [
      "bad alias name",
      "CreateAlias",
      { AliasName: "alias/sp ace", KeyId: "alias/none" },
      400,
      "InvalidParameter",
    ],
    [
      "unknown key",
      "EnableKey",
      { KeyId: "00000000-0000-4000-8000-000000000000" },
      404,
      "Forbidden.KeyNotFound",
    ],
    ["not a key reference", "EnableKey", { KeyId: "nonsense" }, 404, "Forbidden.KeyNotFound"],
  ];

  it.each(cases)("%s", async (_title, action, params, status, code) => {
    const before = (await bed.ok("ListKeys", { PageSize: "100" })).TotalCount;
    const answer = await bed.call(action, params);
    expect(answer.status).toBe(status);
    expect(answer.body.Code).toBe(code);
    expect(answer.body).toMatchObject({
      RequestId: expect.any(String),
      HostId: expect.any(String),
      Message: expect.any(String),
    });
    expect((await bed.ok("ListKeys", { PageSize: "100" })).TotalCount).toBe(before);
  });
});

// The reference's state table, driven through the handlers: A = allowed, R = Rejected.<State>,
// F = Rejected.StateModifiedFailed. Columns: Enabled, Disabled, PendingDeletion, PendingImport.
const TABLE: [string, string][] = [
  ["EnableKey", "A A F F"],
  ["DisableKey", "A A F F"],
  ["ScheduleKeyDeletion", "A A F A"],
  ["CancelKeyDeletion", "F F A F"],
  ["SetDeletionProtection", "A A R A"],
  ["CreateAlias", "A A F A"],
  ["UpdateAlias", "A A R A"],
  ["CreateKeyVersion", "A R R R"],
  ["UpdateRotationPolicy", "A A R R"],
  ["Encrypt", "A R R R"],
  ["GenerateDataKey", "A R R R"],
  ["DescribeKey", "A A A A"],
  ["UpdateKeyDescription", "A A A A"],
  ["ListKeyVersions", "A A A A"],
];
const STATES: KeyState[] = ["Enabled", "Disabled", "PendingDeletion", "PendingImport"];

async function keyIn(state: KeyState): Promise<string> {
  const KeyId = await newKey();
  if (state === "Disabled") await bed.ok("DisableKey", { KeyId });
  if (state === "PendingDeletion") await bed.ok("ScheduleKeyDeletion", { KeyId, PendingWindowInDays: "7" });
  if (state === "PendingImport") {
    // No operation leads here (Keyward offers no BYOK); set the state in the store as an import would.
    const record = await bed.deps.keys.get(ACCOUNT_A, KeyId);
    if (!record) throw new Error("key vanished");
    await bed.deps.keys.update({ ...record, keyState: "PendingImport", revision: record.revision + 1 });
  }
  return KeyId;
}

let aliasCounter = 0;
function paramsFor(action: string, KeyId: string): Record<string, string> {
  switch (action) {
    case "ScheduleKeyDeletion":
      return { KeyId, PendingWindowInDays: "7" };
    case "SetDeletionProtection":
      return { KeyId, EnableDeletionProtection: "true" };
    case "CreateAlias":
      return { KeyId, AliasName: `alias/state-${++aliasCounter}` };
    case "UpdateAlias":
      return { KeyId, AliasName: "alias/state-target" };
    case "UpdateRotationPolicy":
      return { KeyId, EnableAutomaticRotation: "true", RotationInterval: "7d" };
    case "Encrypt":
      return { KeyId, Plaintext: "x" };
    case "UpdateKeyDescription":
      return { KeyId, Description: "changed" };
    default:
      return { KeyId };
  }
}

describe("the key state machine through the handlers", () => {
  beforeAll(async () => {
    await bed.ok("CreateAlias", { AliasName: "alias/state-target", KeyId: await newKey() });
  });

  const cases = TABLE.flatMap(([action, row]) =>
    row.split(" ").map((outcome, column) => ({ action, state: STATES[column] as KeyState, outcome })),
  );
  it.each(cases)("$action in $state: $outcome", async ({ action, state, outcome }) => {
    const KeyId = await keyIn(state);
    bed.deps.keyCache?.invalidate();
    const answer = await bed.call(action, paramsFor(action, KeyId));
    const expected = { A: 200, R: 409, F: 409 }[outcome];
    expect(answer.status, JSON.stringify(answer.body)).toBe(expected);
    if (outcome === "R") expect(answer.body.Code).toBe(`Rejected.${state}`);
    if (outcome === "F") expect(answer.body.Code).toBe("Rejected.StateModifiedFailed");
  });
});
