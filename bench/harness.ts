/**
 * Benchmark harness: wall time and peak memory of a step. Run through `npm run bench` (Node with
 * --expose-gc), never from unit tests.
 */
import { cpus, totalmem } from "os";

export interface BenchResult {
  name: string;
  /** Median wall time over the timed runs, in milliseconds. */
  ms: number;
  /** Fastest run, in milliseconds. */
  minMs: number;
  /** Peak resident set size seen during the runs, in MiB. */
  peakRssMiB: number;
  /** Target the figure is held against, in words (e.g. "< 217 ms"). */
  target?: string;
  /** Whether the target was met; undefined when there is none. */
  met?: boolean;
  notes?: string;
}

function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) gc();
}

/** Times `fn` `runs` times after `warmup` untimed runs, sampling RSS every 5 ms. */
export async function measure(
  name: string,
  fn: () => unknown | Promise<unknown>,
  opts: { runs?: number; warmup?: number; targetMs?: number; notes?: string } = {},
): Promise<BenchResult> {
  const runs = opts.runs ?? 5;
  for (let i = 0; i < (opts.warmup ?? 1); i++) await fn();
  let peak = process.memoryUsage.rss();
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 5);
  const times: number[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      collectGarbage();
      const start = process.hrtime.bigint();
      await fn();
      times.push(Number(process.hrtime.bigint() - start) / 1e6);
      peak = Math.max(peak, process.memoryUsage.rss());
    }
  } finally {
    clearInterval(sampler);
  }
  times.sort((a, b) => a - b);
  const ms = times[Math.floor(times.length / 2)];
  return {
    name,
    ms,
    minMs: times[0],
    peakRssMiB: peak / 2 ** 20,
    target: opts.targetMs === undefined ? undefined : `< ${opts.targetMs} ms`,
    met: opts.targetMs === undefined ? undefined : ms < opts.targetMs,
    notes: opts.notes,
  };
}

export function machineLine(): string {
  return `${cpus().length} cores (${cpus()[0]?.model ?? "unknown CPU"}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
}

export function formatResults(results: BenchResult[]): string {
  const lines = results.map((r) => {
    const verdict = r.met === undefined ? "" : r.met ? "  ok" : "  MISSED";
    const target = r.target ? `  target ${r.target}` : "";
    const notes = r.notes ? `  (${r.notes})` : "";
    return `${r.name.padEnd(58)} ${r.ms.toFixed(1).padStart(9)} ms  min ${r.minMs.toFixed(1).padStart(9)} ms  peak RSS ${r.peakRssMiB.toFixed(0).padStart(5)} MiB${target}${verdict}${notes}`;
  });
  return lines.join("\n");
}
