/**
 * Progress of a run as the pane's bar shows it: every report moves the bar on (fractions strictly
 * increase, so a report that would not is dropped), and 1 is reached only by the last report, stage
 * "done". Shares of the bar: reading up to 38 %, the analysis at 40 %, writing from 50 % to 98 %.
 */
import type { Progress, RunStage } from "./types";

const READ_END = 0.38;
const ANALYZE = 0.4;
const WRITE_START = 0.5;
const WRITE_END = 0.98;

const share = (done: number) => Math.min(1, Math.max(0, done));

export class ProgressReporter {
  private last = -1;

  constructor(private readonly onProgress: (p: Progress) => void) {}

  private report(stage: RunStage, fraction: number): void {
    if (!(fraction > this.last)) return;
    this.last = fraction;
    this.onProgress({ stage, fraction });
  }

  /** The run has started: reading, at 0. */
  start(): void {
    this.report("read", 0);
  }

  /** `rows` of the source's `total` (header included) have been read. */
  read(rows: number, total: number): void {
    this.report("read", READ_END * share(rows / Math.max(1, total)));
  }

  /** The data are read; the analysis starts. */
  analyze(): void {
    this.report("analyze", ANALYZE);
  }

  /** Share `done` (0..1) of the write phase; 0 when the analysis has finished. */
  write(done: number): void {
    this.report("write", WRITE_START + (WRITE_END - WRITE_START) * share(done));
  }

  /** The run has finished and will not be undone. */
  done(): void {
    this.report("done", 1);
  }
}
