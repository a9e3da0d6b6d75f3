/**
 * bin/crm-segments.js after `npm ci` in a clone (no build step): it compiles lib/ on first use and
 * whenever a source is newer, and says in one line what to do when it cannot. Each case runs the
 * real bin in a temporary copy, so the project's own lib/ is never touched.
 */
import { spawnSync } from "child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from "fs";
import { tmpdir } from "os";
import { join } from "path";

const ROOT = join(__dirname, "../..");
const BIN = join("bin", "crm-segments.js");
const ENTRY = join("lib", "src", "cli", "index.js");
const VERSION = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string }).version;
const temps: string[] = [];

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "crm-bin-"));
  temps.push(dir);
  return dir;
}

function copy(dir: string, paths: string[]): void {
  for (const p of paths) cpSync(join(ROOT, p), join(dir, p), { recursive: true });
}

function runBin(dir: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [join(dir, BIN), ...args], { cwd: dir, encoding: "utf8" });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A copy with a stand-in lib/ and one source file, and no node_modules: no TypeScript to compile with. */
function stubCopy(): string {
  const dir = tempDir();
  copy(dir, [BIN, "tsconfig.json", "tsconfig.cli.json"]);
  mkdirSync(join(dir, "src", "cli"), { recursive: true });
  writeFileSync(join(dir, "src", "cli", "index.ts"), "export {};\n");
  mkdirSync(join(dir, "lib", "src", "cli"), { recursive: true });
  writeFileSync(join(dir, ENTRY), 'process.stdout.write("stub lib ran\\n");\n');
  return dir;
}

const setMtime = (file: string, seconds: number) => utimesSync(file, seconds, seconds);

afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

describe("bin/crm-segments.js in a clone without lib/", () => {
  it("compiles lib/ on the first run, then runs the compiled command line without compiling again", () => {
    const dir = tempDir();
    copy(dir, ["bin", "src", "scripts", "bench", "test/support", "package.json", "tsconfig.json", "tsconfig.cli.json"]);
    symlinkSync(realpathSync(join(ROOT, "node_modules")), join(dir, "node_modules"), "dir");
    expect(existsSync(join(dir, "lib"))).toBe(false);

    const first = runBin(dir, "--version");
    expect(first.stderr).toMatch(/^crm-segments: compiling the command line into lib\//);
    expect(first).toMatchObject({ status: 0, stdout: `${VERSION}\n` });
    expect(existsSync(join(dir, ENTRY))).toBe(true);
    // The build went to a side folder and was swapped in: nothing is left beside lib/.
    expect(readdirSync(dir).filter((name) => name.startsWith("lib"))).toEqual(["lib"]);

    const second = runBin(dir, "--version");
    expect(second).toEqual({ status: 0, stdout: `${VERSION}\n`, stderr: "" });
  });
});

describe("bin/crm-segments.js deciding whether to compile", () => {
  it("runs a lib/ newer than every source as it is, TypeScript or not", () => {
    const dir = stubCopy();
    setMtime(join(dir, "src", "cli", "index.ts"), 1_000_000);
    expect(runBin(dir)).toEqual({ status: 0, stdout: "stub lib ran\n", stderr: "" });
  });

  it("refuses a lib/ older than a source in one line, exit 2, when there is no TypeScript to compile with", () => {
    const dir = stubCopy();
    setMtime(join(dir, ENTRY), 1_000_000);
    const r = runBin(dir);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^crm-segments: lib\/ is missing or older than src\/.*run `npm ci`.*`npm run build:cli`\n$/);
  });

  it("says a packed copy without src/ and lib/ must be reinstalled", () => {
    const dir = tempDir();
    copy(dir, [BIN]);
    const r = runBin(dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^crm-segments: lib\/ is missing from this copy .*reinstall the package\n$/);
  });
});
