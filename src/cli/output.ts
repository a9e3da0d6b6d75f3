/** Where a command writes: its messages (Io) and its output files. */
import { mkdirSync } from "fs";
import { dirname, resolve } from "path";
import { UsageError } from "./args";

export interface Io {
  out(text: string): void;
  err(text: string): void;
}

/** Writes an output file through `write`, creating its folder (e.g. out/ for `npm run demo`). */
export async function writeOutput(path: string, write: (path: string) => void | Promise<void>): Promise<void> {
  try {
    mkdirSync(dirname(resolve(path)), { recursive: true });
    await write(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === undefined) throw error;
    const reason = code === "ENOTDIR" || code === "EEXIST" ? "a parent of it is a file" : code === "EACCES" ? "permission denied" : (error as Error).message;
    throw new UsageError(`cannot write ${path}: ${reason}`);
  }
}

