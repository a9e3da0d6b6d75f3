/**
 * Where a command writes: its messages (Io) and its output files. Outputs never destroy data: an
 * output that is the input file under another name (a symbolic or hard link, another spelling of
 * the path) is refused, and every file is written beside its target under a temporary name and
 * renamed into place only when complete, so a failure leaves any previous file as it was.
 */
import { chmodSync, existsSync, lstatSync, mkdirSync, realpathSync, renameSync, rmSync, statSync, writeFileSync, type Stats } from "fs";
import { basename, dirname, join, resolve } from "path";
import { randomBytes } from "crypto";
import { UsageError } from "./args";

export interface Io {
  out(text: string): void;
  err(text: string): void;
}

/** Which file a path names: device and inode when it exists (links resolved), else its real path. */
function identity(path: string): string {
  const stats = statOrNull(path);
  if (stats) return `${stats.dev}:${stats.ino}`;
  // Not there yet: the nearest existing folder's real path, then the rest as written.
  const rest: string[] = [];
  let dir = resolve(path);
  while (!existsSync(dir) && dirname(dir) !== dir) {
    rest.unshift(basename(dir));
    dir = dirname(dir);
  }
  return join(realpathOr(dir), ...rest);
}

function statOrNull(path: string): Stats | null {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}

function realpathOr(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/**
 * Refuses, in one line, an output that is the input file (by identity: a symbolic link, a hard link
 * or another spelling of the input's path) and two outputs that are the same file. `outputs` are
 * [flag, path] pairs, the flag as the message names it.
 */
export function checkOutputs(input: string, outputs: [string, string | undefined][]): void {
  const inputId = identity(input);
  const seen = new Map<string, [string, string]>();
  for (const [flag, path] of outputs) {
    if (path === undefined) continue;
    const id = identity(path);
    if (id === inputId) throw new UsageError(`output ${path} (${flag}) is the input file (same file as ${input})`);
    const other = seen.get(id);
    if (other)
      throw new UsageError(`outputs ${other[1]} (${other[0]}) and ${path} (${flag}) are the same file; give each output its own file`);
    seen.set(id, [flag, path]);
  }
}

/**
 * Writes an output file through `write`, which is given a temporary path beside `path` (same
 * folder, so the rename never crosses devices), then renames it over `path`. On any failure the
 * temporary file is removed and `path` is untouched. A symbolic link at `path` is replaced by the
 * file, not written through (checkOutputs has refused links to the input). Creates the folder
 * (e.g. out/ for `npm run demo`).
 */
export async function writeOutput(path: string, write: (path: string) => void | Promise<void>): Promise<void> {
  const temp = join(dirname(resolve(path)), `.${basename(path)}.tmp-${process.pid}-${randomBytes(4).toString("hex")}`);
  try {
    mkdirSync(dirname(resolve(path)), { recursive: true });
    await write(temp);
    keepMode(path, temp);
    renameSync(temp, path);
  } catch (error) {
    removeQuietly(temp);
    const code = (error as NodeJS.ErrnoException).code;
    if (code === undefined) throw error;
    const reason =
      code === "ENOTDIR" || code === "EEXIST"
        ? "a parent of it is a file"
        : code === "EISDIR"
          ? "it is a folder"
          : code === "EACCES" || code === "EPERM"
            ? "permission denied"
            : code === "ENOSPC"
              ? "no space left on the device"
              : (error as Error).message;
    throw new UsageError(`cannot write ${path}: ${reason}${statOrNull(path)?.isFile() ? " (the existing file is unchanged)" : ""}`);
  }
}

/** Removes a temporary file if it is there; a folder that is not there (ENOTDIR) means no file. */
function removeQuietly(path: string): void {
  try {
    rmSync(path, { force: true });
  } catch {
    // Nothing was written there.
  }
}

/** A file replaced keeps its permissions (the temporary file has the default ones). */
function keepMode(path: string, temp: string): void {
  let stats: Stats;
  try {
    stats = lstatSync(path);
  } catch {
    return;
  }
  if (stats.isFile()) chmodSync(temp, stats.mode & 0o7777);
}

/**
 * A CSV file's text, after a UTF-8 byte-order mark unless `bom` is false: without one, Excel on
 * Windows reads the file in the ANSI code page and garbles Chinese.
 */
export function writeCsvFile(path: string, text: string, bom: boolean): void {
  writeFileSync(path, bom ? `\ufeff${text}` : text, { flag: "wx" });
}
