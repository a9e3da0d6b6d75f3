/**
 * Benchmark of the command line end to end, as a user runs it: a child `node lib/src/cli/index.js`
 * per run, wall time measured around it and the child's own peak RSS reported by a preloaded
 * hook (process.resourceUsage at exit), so no external `time` tool is needed.
 *
 * - 1,000,000-row CSV → --csv: target < 1,250 ms (pandas: 0.6 s read + 0.65 s compute) and < 1 GiB.
 * - the same CSV read into transactions in this process (loadCsv: the byte reader and the columnar
 *   ingest, warm): no target, the reading share of the figure above.
 * - the same CSV → full workbook (-o): target < 10 s and < 1 GiB.
 * - samples/sales.xlsx (25,000 rows) → segmented workbook: no target, for reference.
 * - the 1M-row CSV → `lifecycle --compare-to` and `profit` (cost to serve allocated by orders)
 *   --csv: target < 1,500 ms each.
 * Input generation is not timed.
 */
import { spawnSync } from "child_process";
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { loadCsv } from "../src/cli/input";
import { generateSalesCsv } from "../src/core/sample/synthetic";
import { measure, type BenchResult } from "./harness";

/** Compiled entry point: this file runs as lib/bench/cli.js. */
const CLI = join(__dirname, "..", "src", "cli", "index.js");
const SAMPLE = join(__dirname, "..", "..", "samples", "sales.xlsx");

const TARGET_MS = 1250;
const TARGET_RSS_MIB = 1024;
const METHODS_TARGET_MS = 1500;

interface ChildRun {
  ms: number;
  rssMiB: number;
  /** User + system CPU time of the child: a steadier figure than wall time on a busy machine. */
  cpuMs: number;
}

/** One child run of `script` (default: the command line) with `args`. */
export function runChild(dir: string, args: string[], script = CLI): ChildRun {
  const rssFile = join(dir, "rss.txt");
  const hook = join(dir, "rss-hook.js");
  writeFileSync(
    hook,
    `process.on("exit", () => { const u = process.resourceUsage(); require("fs").writeFileSync(${JSON.stringify(rssFile)}, [u.maxRSS, u.userCPUTime + u.systemCPUTime].join(" ")); });\n`,
  );
  const start = process.hrtime.bigint();
  const child = spawnSync(process.execPath, ["--require", hook, script, ...args], { encoding: "utf8" });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (child.status !== 0) throw new Error(`crm-segments ${args.join(" ")} exited ${child.status}: ${child.stderr}`);
  const [maxRssKiB, cpuMicros] = readFileSync(rssFile, "utf8").split(" ").map(Number);
  return { ms, rssMiB: maxRssKiB / 1024, cpuMs: cpuMicros / 1000 };
}

export function timeChild(
  name: string,
  dir: string,
  args: string[],
  runs: number,
  target?: { ms: number; rssMiB: number },
  notes?: string,
  script = CLI,
): BenchResult {
  // Warm the file cache and the compiled code cache (not for single runs of inputs that take minutes).
  if (runs > 1) runChild(dir, args, script);
  const results: ChildRun[] = [];
  for (let i = 0; i < runs; i++) results.push(runChild(dir, args, script));
  const times = results.map((r) => r.ms).sort((a, b) => a - b);
  const ms = times[Math.floor(times.length / 2)];
  const peakRssMiB = Math.max(...results.map((r) => r.rssMiB));
  const cpu = results.map((r) => r.cpuMs).sort((a, b) => a - b);
  const cpuNote = `median CPU ${cpu[Math.floor(cpu.length / 2)].toFixed(0)} ms`;
  return {
    name,
    ms,
    minMs: times[0],
    peakRssMiB,
    target: target ? `< ${target.ms} ms, < ${target.rssMiB} MiB` : undefined,
    met: target ? ms < target.ms && peakRssMiB < target.rssMiB : undefined,
    notes: notes ? `${notes}; ${cpuNote}` : cpuNote,
  };
}

export async function run(): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), "crm-bench-cli-"));
  try {
    const input = join(dir, "sales-1m.csv");
    const fd = openSync(input, "w");
    const options = { customers: 75_000, rows: 1_000_000, seed: 20240630, start: 45107, days: 730, lang: "en" as const, badRows: 20 };
    for (const chunk of generateSalesCsv(options)) writeSync(fd, chunk);
    closeSync(fd);
    const bytes = readFileSync(input);
    let cpuMs = 0;
    const read = await measure(
      "cli: read 1M-row CSV into transactions (loadCsv)",
      () => {
        const cpu = process.cpuUsage();
        loadCsv({ input, columns: {} }, bytes);
        const used = process.cpuUsage(cpu);
        cpuMs = (used.user + used.system) / 1000;
      },
      { runs: 5, warmup: 1 },
    );
    read.notes = `in process, warm; last run CPU ${cpuMs.toFixed(0)} ms`;
    return [
      timeChild(
        "cli: segment 1M-row CSV --csv (end to end)",
        dir,
        ["segment", input, "--csv", join(dir, "customers.csv")],
        5,
        { ms: TARGET_MS, rssMiB: TARGET_RSS_MIB },
        "child process; 75,000 customers, 20 bad rows",
      ),
      read,
      timeChild(
        "cli: segment 1M-row CSV -o workbook (end to end)",
        dir,
        ["segment", input, "-o", join(dir, "sales-1m.xlsx")],
        1,
        { ms: 10_000, rssMiB: TARGET_RSS_MIB },
        "child process; data copy with tier columns, charts, tables; ExcelJS streaming writer before: ~48-63 s, 1.56 GB",
      ),
      timeChild(
        "cli: lifecycle 1M-row CSV --compare-to --csv (end to end)",
        dir,
        ["lifecycle", input, "--compare-to", "2024-06-30", "--csv", join(dir, "lifecycle.csv")],
        5,
        { ms: METHODS_TARGET_MS, rssMiB: TARGET_RSS_MIB },
        "child process; stages at two dates",
      ),
      timeChild(
        "cli: profit 1M-row CSV --cost-to-serve orders --csv (end to end)",
        dir,
        ["profit", input, "--cost-to-serve", "orders", "--cts-total", "1000000", "--csv", join(dir, "profit.csv")],
        5,
        { ms: METHODS_TARGET_MS, rssMiB: TARGET_RSS_MIB },
        "child process; cascade and PROFIT matrix",
      ),
      timeChild(
        "cli: segment samples/sales.xlsx -o workbook (25k rows)",
        dir,
        ["segment", SAMPLE, "-o", join(dir, "sales-segmented.xlsx")],
        3,
        undefined,
        "child process; ExcelJS read + write",
      ),
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
