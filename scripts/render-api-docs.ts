/**
 * Writes docs/api.md from functions/operations.ts (STYLE rule 4: the declaration is the single source).
 * `npm run docs:api`; test/unit/functions/apiDocs.test.ts fails when the file is stale.
 */
import { writeFileSync } from "node:fs";
import { apiDocument } from "../functions/lib/apiDocument";

writeFileSync(new URL("../docs/api.md", import.meta.url), apiDocument());
console.log("docs/api.md written");
