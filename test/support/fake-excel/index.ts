export { FakeExcel, type FakeExcelOptions, type FakeSnapshot } from "./fake";
export { createFakeOffice, installFakeOffice, type FakeOfficeOptions } from "./office";
export { FakeOfficeError, ErrorCodes } from "./errors";
export type { FakeStats, SyncRecord, ReadRecord, FakeLimits } from "./context";
export { EXCEL_LIMITS } from "./context";
export { jsonBytes } from "./payload";
export { parseAddress, fullAddress, cellA1, columnName } from "./address";
export type { CellValue, ChartModel, ConditionalFormatModel, SheetModel, TableModel } from "./model";
