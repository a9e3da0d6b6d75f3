/** One Excel.run's request context with a sync counter, cancellation and requirement-set checks. */

/** SOURCE_CHANGED: a pinned source address (SourceChoice "address") no longer holds the data previewed there. */
export type WorkbookErrorCode = "NO_DATA" | "TABLE_NOT_FOUND" | "SHEET_NOT_FOUND" | "READ_TOO_LARGE" | "SOURCE_CHANGED";

/** A problem the user can fix (no data selected, a table or sheet gone); `message` says how. */
export class WorkbookError extends Error {
  constructor(
    readonly code: WorkbookErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "WorkbookError";
  }
}

export function abortError(signal?: AbortSignal): Error {
  const reason: unknown = signal?.reason;
  if (reason instanceof Error && reason.name === "AbortError") return reason;
  return new DOMException("The segmentation was cancelled.", "AbortError");
}

export function isOfficeError(error: unknown, code: string): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === code;
}

/** Whether the host supports an ExcelApi requirement set; false outside Office. */
export function supportsExcelApi(version: string): boolean {
  return typeof Office !== "undefined" && Office.context?.requirements?.isSetSupported("ExcelApi", version) === true;
}

export class Session {
  syncs = 0;

  constructor(
    readonly context: Excel.RequestContext,
    readonly signal?: AbortSignal,
  ) {}

  async sync(): Promise<void> {
    this.syncs++;
    await this.context.sync();
  }

  throwIfAborted(): void {
    if (this.signal?.aborted) throw abortError(this.signal);
  }
}
