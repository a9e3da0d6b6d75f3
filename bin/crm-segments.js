#!/usr/bin/env node
/*
 * The command line is TypeScript (src/cli over src/core) compiled to lib/. In a clone this file
 * compiles it on first use, and again whenever a source is newer than the compiled entry, with the
 * TypeScript compiler from the dev dependencies; `npm run build:cli` does the same ahead of time.
 * It cannot be left to `npm ci`: .npmrc sets ignore-scripts, so a `prepare` script never runs.
 * Without src/ (a packed copy) lib/ is used as it is.
 */
const fs = require("fs");
const path = require("path");
const { spawnSync } = require("child_process");

const ROOT = path.join(__dirname, "..");
const LIB = path.join(ROOT, "lib");
const ENTRY = path.join(LIB, "src", "cli", "index.js");
const CONFIG = path.join(ROOT, "tsconfig.cli.json");

function fail(message) {
  process.stderr.write(`crm-segments: ${message}\n`);
  process.exit(2);
}

function mtime(file) {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return -Infinity;
  }
}

/** The newest modification time among the compiler's inputs: the folders tsconfig.cli.json includes and the configs. */
function newestInput() {
  const { include } = JSON.parse(fs.readFileSync(CONFIG, "utf8"));
  let newest = Math.max(mtime(CONFIG), mtime(path.join(ROOT, "tsconfig.json")));
  const visit = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(full);
      else if (/\.(ts|json)$/.test(entry.name)) newest = Math.max(newest, mtime(full));
    }
  };
  for (const dir of include) if (fs.existsSync(path.join(ROOT, dir))) visit(path.join(ROOT, dir));
  return newest;
}

/** Compiles into a fresh folder and swaps it in, so a failed or concurrent build never leaves lib/ half-written. */
function compile() {
  let tsc;
  try {
    tsc = require.resolve("typescript/bin/tsc", { paths: [ROOT] });
  } catch {
    fail(
      "lib/ is missing or older than src/, and TypeScript is not installed to compile it; run `npm ci` (with dev dependencies), then `npm run build:cli`",
    );
  }
  process.stderr.write("crm-segments: compiling the command line into lib/ (once after each change to src/)...\n");
  const out = `${LIB}.build-${process.pid}`;
  const old = `${LIB}.old-${process.pid}`;
  // Leftovers of a killed run with the same pid would mix into this build or block the swap.
  for (const dir of [out, old]) fs.rmSync(dir, { recursive: true, force: true });
  const result = spawnSync(process.execPath, [tsc, "-p", CONFIG, "--outDir", out], { cwd: ROOT, encoding: "utf8" });
  if (result.status !== 0) {
    fs.rmSync(out, { recursive: true, force: true });
    const output = `${result.stdout ?? ""}${result.stderr ?? ""}${result.error ? `${result.error.message}\n` : ""}`;
    // A folder the user cannot write to is no fault of the sources: one line, not the compiler's.
    if (/\b(EACCES|EPERM|EROFS)\b/.test(output))
      fail(`cannot write the compiled command line next to ${LIB} (permission denied); run \`npm run build:cli\` as the folder's owner`);
    process.stderr.write(output);
    fail("compiling src/ failed (the compiler's messages are above); fix them or run `npm run build:cli` to see them again");
  }
  try {
    fs.renameSync(LIB, old);
  } catch (error) {
    // No lib/ yet, or another run has just moved it aside to swap its own build in.
    if (error.code !== "ENOENT") fail(`could not move the old lib/ aside (${error.message}); check the folder's permissions`);
  }
  try {
    fs.renameSync(out, LIB);
  } catch (error) {
    // Another run swapped its build in first: that one is as fresh as ours.
    if (!fs.existsSync(ENTRY)) fail(`could not put the new build in place as lib/ (${error.message}); check the folder's permissions`);
    fs.rmSync(out, { recursive: true, force: true });
  }
  fs.rmSync(old, { recursive: true, force: true });
}

if (fs.existsSync(path.join(ROOT, "src", "cli")) && mtime(ENTRY) < newestInput()) compile();
/** Another run may be between its two renames: lib/ is back within milliseconds. */
function entryAppears() {
  const until = Date.now() + 2000;
  while (!fs.existsSync(ENTRY)) {
    if (Date.now() > until) return false;
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
  }
  return true;
}

if (!entryAppears()) fail("lib/ is missing from this copy and there is no src/ to compile it from; reinstall the package");
require(ENTRY);
