/**
 * The command line's entry: parses the arguments, runs `segment` or `clv`, and turns every refusal
 * into one line on stderr with exit status 2, and any other error into one line with exit status 1
 * (its stack trace only with --debug). Returns the exit status instead of exiting, so tests can call
 * it with an argv array and a locale of their own.
 */
import { existsSync, readFileSync } from "fs";
import { dirname, join } from "path";
import { isCrmError } from "../core/errors";
import { IngestError } from "../core/ingest/ingest";
import { parseArgs, USAGE, UsageError } from "./args";
import { langFromLocale, processLocale, type LocaleEnv } from "./locale";
import type { Io } from "./output";
import { segment } from "./segment";

export type { Io } from "./output";

const processIo: Io = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

export async function main(argv: string[], io: Io = processIo, locale: LocaleEnv = processLocale()): Promise<number> {
  let debug = false;
  try {
    if (argv[0] === "sql") {
      const { sqlCommand } = await import("./sql");
      sqlCommand(argv.slice(1), io, langFromLocale(locale));
      return 0;
    }
    if (argv[0] === "clv" && argv.some((a) => a === "--from-triples" || a.startsWith("--from-triples="))) {
      const { clvFromTriples } = await import("./clv-triples");
      await clvFromTriples(argv.slice(1), io);
      return 0;
    }
    const command = parseArgs(argv, langFromLocale(locale));
    if (command.kind === "help") {
      io.out(`${USAGE}\n`);
      return 0;
    }
    if (command.kind === "version") {
      io.out(`${version()}\n`);
      return 0;
    }
    debug = command.args.debug;
    if (command.kind === "clv") {
      // Loaded on demand, as the workbook writer is: `segment` never pays for the models.
      const { clv } = await import("./clv");
      await clv(command.args, io);
    } else if (command.kind === "method") {
      const { methodCommand } = await import("./methods");
      await methodCommand(command.args, io);
    } else await segment(command.args, io);
    return 0;
  } catch (error) {
    if (error instanceof UsageError || error instanceof IngestError || isCrmError(error)) {
      io.err(`crm-segments: ${oneLine((error as Error).message)}${flagHint(error)}\n`);
      return 2;
    }
    io.err(`${internalError(error)}\n`);
    if (debug && error instanceof Error && error.stack) io.err(`${error.stack}\n`);
    return 1;
  }
}

/** The core says "map them"; on the command line that is done with the role's flag. */
function flagHint(error: unknown): string {
  if (!(error instanceof IngestError && error.code === "MISSING_COLUMNS")) return "";
  return ` Name them here with ${error.missing.map((role) => `--${role} COL`).join(" ")}.`;
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, " ");
}

/** The one line an unexpected error gets (index.ts prints it too, should main itself fail). */
export function internalError(error: unknown): string {
  const message = error instanceof Error ? error.message || error.name : String(error);
  return `crm-segments: internal error: ${oneLine(message)}; run again with --debug for details`;
}

function version(): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const file = join(dir, "package.json");
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, "utf8")) as { name?: string; version?: string };
      if (pkg.name === "crm-segments") return pkg.version ?? "unknown";
    }
    if (dirname(dir) === dir) return "unknown";
  }
}
