import { getRandomPassword } from "../core/service/getRandomPassword";
import { defineHandler } from "./lib/defineHandler";

/** GetRandomPassword: returns `RandomPassword` (reference section 3, "Tags and misc"). */
export const handler = defineHandler("GetRandomPassword", async ({ deps }, input) => {
  const { randomPassword } = getRandomPassword(deps, input);
  return { RandomPassword: randomPassword };
});
