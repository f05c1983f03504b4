import { describeAccountKmsStatus } from "../core/service/describeKeys";
import { defineHandler } from "./lib/defineHandler";

/** DescribeAccountKmsStatus: `AccountStatus`. */
export const handler = defineHandler("DescribeAccountKmsStatus", async () => {
  return { AccountStatus: describeAccountKmsStatus().accountStatus };
});
