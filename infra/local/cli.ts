/**
 * `npm run keyward -- <command>`: the Keyward command line (AccessKeys, signed calls to the local service,
 * decrypting objects). `npm run keyward -- help` prints the usage; see infra/local/cli/usage.ts.
 */
import { processIo } from "./cli/CliIo";
import { runCli } from "./cli/runCli";

process.exitCode = await runCli(process.argv.slice(2), processIo());
