/**
 * RequestContext with Office.js batching: every write, method call and load is queued and runs only
 * at sync(); loaded values reach the proxies after a successful sync. Each sync is measured against
 * Excel on the web's limits (request and response ≤ 5 MB, a range read ≤ 5,000,000 cells) and logged.
 */
import { ErrorCodes, FakeOfficeError, fail } from "./errors";
import { jsonBytes } from "./payload";
import type { WorkbookModel } from "./model";

export interface FakeLimits {
  requestBytes: number;
  responseBytes: number;
  cellsPerRead: number;
}

export const EXCEL_LIMITS: FakeLimits = { requestBytes: 5_000_000, responseBytes: 5_000_000, cellsPerRead: 5_000_000 };

export interface ReadRecord {
  address: string;
  cells: number;
  bytes: number;
}

export interface SyncRecord {
  /** 1-based, over the fake's life (or since resetStats). */
  index: number;
  /** Queued requests (writes, method calls, loads) sent with this sync. */
  ops: number;
  requestBytes: number;
  responseBytes: number;
  reads: ReadRecord[];
  writes: ReadRecord[];
  suspendedCalculation: boolean;
  suspendedScreenUpdating: boolean;
  error?: string;
}

export interface FakeStats {
  syncs: number;
  /** Method calls, property writes and loads on proxies (navigation getters are free). */
  apiCalls: number;
  calls: Record<string, number>;
  log: SyncRecord[];
  /** Strings written through `values` that Excel would turn into formulas. */
  formulaWrites: string[];
  /** NaN / ±Infinity written through `values`: JSON turns them into null, so Excel leaves the cell unchanged. */
  nonFiniteWrites: number;
}

export function emptyStats(): FakeStats {
  return { syncs: 0, apiCalls: 0, calls: {}, log: [], formulaWrites: [], nonFiniteWrites: 0 };
}

export interface ExecState {
  record: SyncRecord;
  deliveries: (() => void)[];
  responseBytes: number;
}

interface Op {
  payload: unknown;
  run: (exec: ExecState) => void;
}

export interface FakeHost {
  readonly model: WorkbookModel;
  readonly stats: FakeStats;
  readonly limits: FakeLimits;
  readonly latencyMs: number;
  /** Called with each successful sync's record once its requests have been applied, before sync() resolves. */
  readonly duringSync?: (record: SyncRecord) => void;
  /** Called with each sync's record before its requests run; throwing fails the sync with nothing applied. */
  readonly beforeSync?: (record: SyncRecord) => void;
  supports(version: string): boolean;
}

export class FakeRequestContext {
  private queue: Op[] = [];
  closed = false;
  /** Office.js has it; tracking is irrelevant to an in-memory workbook, so these only count. */
  readonly trackedObjects = {
    add: () => this.call("TrackedObjects.add"),
    remove: () => this.call("TrackedObjects.remove"),
  };
  workbook: any;

  constructor(readonly host: FakeHost) {}

  /** Counts one API call; with `minVersion`, the request fails at sync on an older host, like Excel. */
  call(kind: string, minVersion?: string): void {
    if (this.closed) fail(ErrorCodes.invalidRequestContext, `${kind}: the request context of this object has ended (Excel.run finished).`);
    const stats = this.host.stats;
    stats.apiCalls++;
    stats.calls[kind] = (stats.calls[kind] ?? 0) + 1;
    if (minVersion && !this.host.supports(minVersion)) {
      this.enqueue(undefined, () => fail(ErrorCodes.apiNotFound, `${kind} needs ExcelApi ${minVersion}.`));
    }
  }

  get pendingRequests(): number {
    return this.queue.length;
  }

  enqueue(payload: unknown, run: (exec: ExecState) => void): void {
    this.queue.push({ payload, run });
  }

  async sync(): Promise<void> {
    if (this.closed) fail(ErrorCodes.invalidRequestContext, "sync() on a context whose Excel.run has finished.");
    const ops = this.queue;
    this.queue = [];
    const { stats, limits } = this.host;
    stats.syncs++;
    const record: SyncRecord = {
      index: stats.syncs,
      ops: ops.length,
      requestBytes: 0,
      responseBytes: 0,
      reads: [],
      writes: [],
      suspendedCalculation: false,
      suspendedScreenUpdating: false,
    };
    stats.log.push(record);
    // Serialised at sync, as Office.js does: mutating an array after assigning it changes what is sent.
    for (const op of ops) record.requestBytes += 64 + (op.payload === undefined ? 0 : jsonBytes(op.payload));
    await new Promise((resolve) => setTimeout(resolve, this.host.latencyMs));
    try {
      this.host.beforeSync?.(record);
      if (record.requestBytes > limits.requestBytes) {
        fail(
          ErrorCodes.requestPayloadSizeLimitExceeded,
          `The request payload size (${record.requestBytes} bytes) has exceeded the limit of ${limits.requestBytes} bytes.`,
        );
      }
      const exec: ExecState = { record, deliveries: [], responseBytes: 0 };
      for (const op of ops) op.run(exec);
      record.responseBytes = exec.responseBytes;
      if (exec.responseBytes > limits.responseBytes) {
        fail(
          ErrorCodes.responsePayloadSizeLimitExceeded,
          `The response payload size (${exec.responseBytes} bytes) has exceeded the limit of ${limits.responseBytes} bytes.`,
        );
      }
      for (const deliver of exec.deliveries) deliver();
    } catch (error) {
      record.error = error instanceof FakeOfficeError ? error.code : String(error);
      throw error;
    }
    this.host.duringSync?.(record);
  }
}
