import { describe, expect, it } from "vitest";
import { renderApiTable } from "../../../functions/lib/apiTable";
import { ACTION_NAMES } from "../../../functions/operations";

describe("renderApiTable", () => {
  const table = renderApiTable();
  it("has a section for every operation", () => {
    for (const action of ACTION_NAMES) expect(table).toContain(`### ${action}\n`);
  });
  it("lists parameters with presence, default, limits and description", () => {
    expect(table).toContain("| `PendingWindowInDays` | yes | integer, 7-366 | Days until deletion. |");
    expect(table).toContain("| `PageSize` | no (default `10`) | integer, 1-100 | Entries per page. |");
    expect(table).toContain(
      "| `Origin` | no (default `Aliyun_KMS`) | Aliyun_KMS | Where the material comes from (no BYOK). |",
    );
    expect(table).toContain("Give exactly one of `ProtectedResourceArn`, `KeyId`.");
    expect(table).toContain(
      "Refused parameters: `DKMSInstanceId`: Keyward has no KMS instances. `KeyStorageMechanism`",
    );
  });
  it("escapes pipes inside cells", () => {
    expect(table).toContain("SOFTWARE \\| HSM");
  });
});
