import { describeRegions } from "../core/service/describeKeys";
import { defineHandler } from "./lib/defineHandler";

/** DescribeRegions: `{"Regions":{"Region":[{RegionId}]}}`. */
export const handler = defineHandler("DescribeRegions", async ({ deps }) => {
  const { regionIds } = describeRegions(deps);
  return { Regions: { Region: regionIds.map((regionId) => ({ RegionId: regionId })) } };
});
