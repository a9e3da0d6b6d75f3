/**
 * One production build per state of the sources, shared by the test files that check the built
 * add-in (manifest, metadata, bundle). Jest runs those files in parallel workers: the first one
 * builds into test-output/dist-<hash of the inputs> under a lock directory, the others wait for it,
 * and a later run with unchanged sources reuses the result. Source maps are left out to keep the
 * build short; everything else is `npm run build`.
 */
import { execFile } from "child_process";
import { createHash } from "crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "fs";
import { join, relative } from "path";

const ROOT = join(__dirname, "..", "..");
const OUT = join(ROOT, "test-output");
const INPUTS = ["src", "assets", "manifest.xml", "webpack.config.js", "scripts/build-functions-zh.ts", "package.json", "tsconfig.json"];
const STALE_LOCK_MS = 10 * 60 * 1000;
/** A failure seen this recently is reported to the waiting workers instead of building again. */
const RECENT_FAILURE_MS = 2 * 60 * 1000;
/** Builds of other source states are removed once this old (a parallel run may still use one). */
const OLD_BUILD_MS = 60 * 60 * 1000;

function filesUnder(path: string): string[] {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .sort()
    .flatMap((name) => filesUnder(join(path, name)));
}

function inputHash(): string {
  const hash = createHash("sha1");
  for (const file of INPUTS.flatMap((p) => filesUnder(join(ROOT, p)))) {
    hash.update(relative(ROOT, file)).update("\0").update(readFileSync(file)).update("\0");
  }
  return hash.digest("hex").slice(0, 12);
}

function build(dir: string): Promise<void> {
  const cli = require.resolve("webpack-cli/bin/cli.js", { paths: [ROOT] });
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [cli, "--mode", "production", "--no-devtool", "--output-path", dir],
      { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`webpack build failed:\n${stdout.slice(-4000)}\n${stderr.slice(-4000)}`));
        else resolve();
      },
    );
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The directory of a complete production build of the current sources. */
export async function builtDist(): Promise<string> {
  const hash = inputHash();
  const dir = join(OUT, `dist-${hash}`);
  const done = join(dir, ".complete");
  const lock = `${dir}.lock`;
  const failed = `${dir}.failed`;
  mkdirSync(OUT, { recursive: true });
  for (;;) {
    if (existsSync(done)) return dir;
    if (existsSync(failed) && Date.now() - statSync(failed).mtimeMs < RECENT_FAILURE_MS) {
      throw new Error(readFileSync(failed, "utf8"));
    }
    try {
      mkdirSync(lock);
    } catch {
      // Another worker is building; take over only a lock left behind by a killed run.
      if (existsSync(lock) && Date.now() - statSync(lock).mtimeMs > STALE_LOCK_MS) rmSync(lock, { recursive: true, force: true });
      await sleep(500);
      continue;
    }
    try {
      if (existsSync(done)) return dir;
      for (const old of readdirSync(OUT)) {
        const path = join(OUT, old);
        if (/^dist-[0-9a-f]{12}(\.failed)?$/.test(old) && Date.now() - statSync(path).mtimeMs > OLD_BUILD_MS) {
          rmSync(path, { recursive: true, force: true });
        }
      }
      try {
        await build(dir);
      } catch (error) {
        writeFileSync(failed, (error as Error).message);
        throw error;
      }
      rmSync(failed, { force: true });
      writeFileSync(done, new Date().toISOString());
      return dir;
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  }
}
