import { resolve } from "node:path";
import { UsageError } from "./usage";

/** The options every command takes: where its data is. */
export interface GlobalOptions {
  /** The local state directory (absolute). */
  readonly dir: string;
  /** A deployed table: act on it instead of the local store. */
  readonly table?: string;
  /** The AWS region of `table` (default: the AWS SDK's default chain). */
  readonly region?: string;
  readonly help: boolean;
}

const WITH_VALUE = new Set(["--dir", "--table", "--region"]);

/**
 * Takes the global options (`--dir`, `--table`, `--region`, `--help`/`-h`) out of a command line, wherever they
 * stand, in `--name value` or `--name=value` form, and returns them with the remaining arguments.
 * @throws UsageError for a global option without a value or given twice, or `--region` without `--table`.
 */
export function extractGlobalOptions(
  args: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): { options: GlobalOptions; rest: string[] } {
  const found: Record<string, string> = {};
  const rest: string[] = [];
  let help = false;
  for (let index = 0; index < args.length; index++) {
    const arg = args[index] as string;
    if (arg === "--") {
      rest.push(...args.slice(index));
      break;
    }
    if (arg === "--help" || arg === "-h") {
      help = true;
      continue;
    }
    const [name, inline] = arg.includes("=")
      ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)]
      : [arg];
    if (!WITH_VALUE.has(name as string)) {
      rest.push(arg);
      continue;
    }
    const value = inline ?? args[++index];
    /* Precondition: a global option has a value. */
    if (value === undefined || value === "" || (inline === undefined && value.startsWith("--"))) {
      throw new UsageError(`${name} needs a value.`);
    }
    /* Precondition: a global option is given once. */
    if (Object.hasOwn(found, name as string)) throw new UsageError(`${name} is given twice.`);
    found[name as string] = value;
  }
  /* Precondition: --region goes with --table (the local store has no region). */
  if (found["--region"] !== undefined && found["--table"] === undefined) {
    throw new UsageError("--region goes with --table.");
  }
  const options: GlobalOptions = {
    dir: resolve(found["--dir"] ?? (env.KEYWARD_DIR || ".keyward")),
    help,
    ...(found["--table"] !== undefined ? { table: found["--table"] } : {}),
    ...(found["--region"] !== undefined ? { region: found["--region"] } : {}),
  };
  return { options, rest };
}
