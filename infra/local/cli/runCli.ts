import { ConfigurationError } from "../../../core/config";
import { InvalidParameterError, isKmsError, MissingParameterError } from "../../../core/errors";
import type { CliIo } from "./CliIo";
import type { CliTarget } from "./cliTarget";
import { extractGlobalOptions } from "./globalOptions";
import { CliFailure, USAGE, UsageError } from "./usage";

/** Whether an error of a command means a bad command line (exit status 2) rather than a failed operation. */
function isUsageError(error: unknown): boolean {
  if (error instanceof UsageError) return true;
  // decrypt-object reports its own argument errors as parameter errors naming an option.
  if (error instanceof InvalidParameterError) return error.parameter === "arguments";
  return error instanceof MissingParameterError && error.parameter.startsWith("--");
}

/**
 * The Keyward CLI (`npm run keyward -- <command>`): runs one command and returns the process's exit status, 0 for
 * success, 1 when the operation failed or the service answered an error, 2 for a bad command line (the message
 * and the usage go to stderr). The store a command opened is closed before returning.
 */
export async function runCli(args: readonly string[], io: CliIo): Promise<number> {
  let target: Promise<CliTarget> | undefined;
  try {
    const { options, rest } = extractGlobalOptions(args, io.env);
    const [command, ...commandArgs] = rest;
    if (options.help || command === "help") {
      io.out(USAGE);
      return 0;
    }
    const open = () => {
      target ??= import("./cliTarget").then(({ openCliTarget }) => openCliTarget(options, io.env));
      return target;
    };
    // Each command's modules (the AWS SDK, the services) load only when it runs, so help and usage errors are quick.
    switch (command) {
      case "access-key":
        return await (await import("./accessKeyCommand")).accessKeyCommand(commandArgs, open, io);
      case "call":
        return await (await import("./callCommand")).callCommand(commandArgs, options, io);
      case "root-keys":
        return await (await import("./rootKeysCommand")).rootKeysCommand(commandArgs, open, io);
      case "decrypt-object":
        return await (await import("./decryptObjectCli")).decryptObjectCli(commandArgs, options, open, io);
      case undefined:
        throw new UsageError("no command given.");
      default:
        throw new UsageError(`unknown command "${command}".`);
    }
  } catch (error) {
    if (isUsageError(error)) {
      io.err(`keyward: ${(error as Error).message}\n\n${USAGE}`);
      return 2;
    }
    if (error instanceof ConfigurationError || error instanceof CliFailure)
      io.err(`keyward: ${error.message}`);
    else if (isKmsError(error)) io.err(`keyward: ${error.code}: ${error.message}`);
    else io.err(`keyward: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    await target?.then(
      (opened) => opened.close(),
      () => undefined,
    );
  }
}
