/**
 * The command line's entry: parses the arguments, runs `segment` or `clv`, and turns every refusal
 * into one line on stderr with exit status 2. Returns the exit status instead of exiting, so tests
 * can call it with an argv array.
 */
import { existsSync, readFileSync } from "fs";
import { dirname, join } from "path";
import { isCrmError } from "../core/errors";
import { IngestError } from "../core/ingest";
import { parseArgs, USAGE, UsageError } from "./args";
import type { Io } from "./output";
import { segment } from "./segment";

export type { Io } from "./output";

const processIo: Io = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

export async function main(argv: string[], io: Io = processIo): Promise<number> {
  try {
    const command = parseArgs(argv);
    if (command.kind === "help") {
      io.out(`${USAGE}\n`);
      return 0;
    }
    if (command.kind === "version") {
      io.out(`${version()}\n`);
      return 0;
    }
    if (command.kind === "clv") {
      // Loaded on demand, as the workbook writer is: `segment` never pays for the models.
      const { clv } = await import("./clv");
      await clv(command.args, io);
    } else await segment(command.args, io);
    return 0;
  } catch (error) {
    if (error instanceof UsageError || error instanceof IngestError || isCrmError(error)) {
      io.err(`crm-segments: ${(error as Error).message.replace(/\s*\n\s*/g, " ")}\n`);
      return 2;
    }
    throw error;
  }
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

