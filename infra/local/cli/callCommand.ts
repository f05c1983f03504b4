import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { encodeQuery, rpcV1Parameters, signRpcV1 } from "../../../core/auth";
import { runningLocalEndpoint } from "../localEndpoint";
import type { CliIo } from "./CliIo";
import type { GlobalOptions } from "./globalOptions";
import { CliFailure, UsageError } from "./usage";

const ACTION = /^[A-Za-z][A-Za-z0-9]{0,63}$/;
/** The parameters the CLI itself sets on every request (reference section 6a). */
const SIGNING_PARAMETERS = new Set([
  "Action",
  "Version",
  "Format",
  "AccessKeyId",
  "SignatureMethod",
  "SignatureVersion",
  "SignatureNonce",
  "Timestamp",
  "Signature",
]);

interface Credentials {
  readonly accessKeyId: string;
  readonly secret: string;
}

/** The API parameters of `Name=Value` arguments (a value may itself hold `=`). */
export function callParameters(args: readonly string[]): Record<string, string> {
  const params: Record<string, string> = {};
  for (const arg of args) {
    const split = arg.indexOf("=");
    /* Precondition: each parameter is Name=Value with a non-empty name. */
    if (split < 1) throw new UsageError(`"${arg}" is not Name=Value.`);
    const name = arg.slice(0, split);
    /* Precondition: the signing parameters are the CLI's. */
    if (SIGNING_PARAMETERS.has(name)) throw new UsageError(`${name} is set by the CLI itself.`);
    /* Precondition: a parameter is given once. */
    if (Object.hasOwn(params, name)) throw new UsageError(`${name} is given twice.`);
    params[name] = arg.slice(split + 1);
  }
  return params;
}

/** The AccessKey to sign with: both flags, else KEYWARD_ACCESS_KEY_ID/SECRET, else `<dir>/dev-access-key.json`. */
function credentials(values: Record<string, unknown>, options: GlobalOptions, io: CliIo): Credentials {
  const id = values["access-key-id"];
  const secret = values["access-key-secret"];
  if (typeof id === "string" && typeof secret === "string") return { accessKeyId: id, secret };
  if (io.env.KEYWARD_ACCESS_KEY_ID && io.env.KEYWARD_ACCESS_KEY_SECRET) {
    return { accessKeyId: io.env.KEYWARD_ACCESS_KEY_ID, secret: io.env.KEYWARD_ACCESS_KEY_SECRET };
  }
  const file = join(options.dir, "dev-access-key.json");
  try {
    const { accessKeyId, secret: devSecret } = JSON.parse(readFileSync(file, "utf8")) as Partial<Credentials>;
    if (typeof accessKeyId === "string" && typeof devSecret === "string")
      return { accessKeyId, secret: devSecret };
  } catch {
    // reported below
  }
  throw new CliFailure(
    `No AccessKey to sign with: ${file} is missing or unreadable; give --access-key-id and --access-key-secret.`,
  );
}

/**
 * `call <Action> [Name=Value ...]`: sends an RPC signature v1 request (every parameter in the query string, as the
 * official 1.x client sends it) to the running local service, or to `--url`, and prints the JSON answer.
 * Returns 0 for a success answer and 1 for an error answer.
 * @throws UsageError for a bad command line; CliFailure when no service or AccessKey is found or the service
 *   cannot be reached.
 */
export async function callCommand(
  args: readonly string[],
  options: GlobalOptions,
  io: CliIo,
): Promise<number> {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: [...args],
      strict: true,
      allowPositionals: true,
      options: {
        url: { type: "string" },
        "access-key-id": { type: "string" },
        "access-key-secret": { type: "string" },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  /* Precondition: --access-key-id and --access-key-secret come together. */
  if ((parsed.values["access-key-id"] === undefined) !== (parsed.values["access-key-secret"] === undefined)) {
    throw new UsageError("--access-key-id and --access-key-secret go together.");
  }
  const [action, ...rest] = parsed.positionals;
  /* Precondition: call names an Action. */
  if (action === undefined || !ACTION.test(action))
    throw new UsageError("call needs an Action, e.g. call ListKeys.");
  const params = callParameters(rest);
  const url =
    typeof parsed.values.url === "string" ? parsed.values.url : runningLocalEndpoint(options.dir)?.url;
  if (!url) {
    throw new CliFailure(
      `No Keyward runs in ${options.dir} (no live endpoint.json): start it with npm start, or give --url.`,
    );
  }
  const key = credentials(parsed.values, options, io);
  const signed = rpcV1Parameters(
    {
      action,
      accessKeyId: key.accessKeyId,
      nonce: randomBytes(16).toString("hex"),
      timestamp: new Date().toISOString().replace(/\.\d{3}Z$/, "Z"),
    },
    params,
  );
  signed.Signature = signRpcV1(signed, "POST", key.secret);
  const query = encodeQuery(signed);
  let response: Response;
  try {
    response = await fetch(`${url.replace(/\/+$/, "")}/?${query}`, { method: "POST" });
  } catch (error) {
    throw new CliFailure(`Cannot reach ${url}: ${(error as Error).cause ?? (error as Error).message}`);
  }
  const text = await response.text();
  try {
    io.out(JSON.stringify(JSON.parse(text), null, 2));
  } catch {
    io.out(text);
  }
  return response.ok ? 0 : 1;
}
