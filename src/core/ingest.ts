/**
 * A sales sheet (a 2-D array of cells, header first by default) into clean columnar transactions,
 * with every unusable row reported, never dropped.
 *
 * Rules:
 * - Columns come from detectColumns; `mapping` overrides roles one by one (a role set to undefined
 *   is dropped), and a detected role that lands on an overridden column is dropped.
 * - Customer id: text after trimming; a number becomes its shortest text (1001 and "1001" are the
 *   same customer, no ".0"); TRUE/FALSE become "TRUE"/"FALSE" as Excel's TRIM gives them.
 * - Date: dates.ts, with the day/month order of text such as 05/03/2024 decided once for the whole
 *   column from its values (resolveDateOrder), unless `dateOrder` says it.
 * - Amount: the amount column (amounts.ts); without one, quantity × unit price (both then needed).
 *   Negative amounts (returns) are kept.
 * - Cost: the cost column is the line cost; with only a profit column, cost = amount − profit. A
 *   blank cost or profit gives NaN (unknown); an unreadable one rejects the row.
 * - Order id: trimmed text like the customer id; blank stays "" (summary.ts counts such a row as
 *   its own order).
 * - A row whose every cell is blank is skipped and counted; any other row lacking a customer, a
 *   readable date or a readable amount goes to `rejected` with its sheet row number, a reason code,
 *   a message naming the column and the value (all of the row's problems), and its raw cells.
 *
 * One pass over the rows writes typed arrays; rows dated by day/month text get their day after the
 * pass, once the column's order is known (and leave the output if they do not fit it), and the
 * messages of rejected rows are written then too. Numbers and ISO text allocate nothing per cell.
 */
import { amountError, amountOf, type AmountInfo } from "./amounts";
import {
  addDateOrderEvidence,
  DateError,
  dayFromParts,
  dayFromSerial,
  dayOf,
  describeDateError,
  emptyEvidence,
  kindOfParts,
  PairKind,
  parseDayText,
  resolveDateOrder,
  type DateOptions,
  type DateOrder,
  type DateOrderEvidence,
  type DateOrderOption,
} from "./dates";
import { columnName, detectColumns, REQUIRED_ROLES, type Detection } from "./detect";
import type { Cell, ColumnMapping, ColumnRole, RejectedRow, RejectReason, Transactions, Warning } from "./types";

export interface IngestOptions {
  /** Roles to set (column index) or drop (undefined), over the detected ones. */
  mapping?: ColumnMapping;
  /** Whether table[0] is a header; default: detected (looksLikeHeader). */
  hasHeader?: boolean;
  /** Sheet row number of table[0]; default 1. */
  firstRowNumber?: number;
  /** The workbook uses the 1904 date system. */
  date1904?: boolean;
  /** Order of day/month text; default AUTO (decided from the column, DMY when nothing tells). */
  dateOrder?: DateOrderOption;
}

export interface IngestCounts {
  /** Rows after the header, blank ones included. */
  dataRows: number;
  used: number;
  rejected: number;
  blank: number;
}

export interface IngestResult {
  transactions: Transactions;
  /** In sheet row order. */
  rejected: RejectedRow[];
  /** The roles actually used. */
  mapping: ColumnMapping;
  /** Header text per column ("" for a blank header cell, or every column when there is no header). */
  header: string[];
  detection: Detection;
  /** Order used for day/month text; null when the date column has none. */
  dateOrder: DateOrder | null;
  counts: IngestCounts;
  warnings: Warning[];
}

export type IngestErrorCode = "MISSING_COLUMNS" | "BAD_MAPPING";

/** The table cannot be read at all: a required column is missing or the mapping is invalid. */
export class IngestError extends Error {
  constructor(
    public readonly code: IngestErrorCode,
    message: string,
    /** Roles that are missing (MISSING_COLUMNS). */
    public readonly missing: ColumnRole[],
    /** Header texts seen. */
    public readonly headers: string[],
  ) {
    super(message);
    this.name = "IngestError";
  }
}

const ROLE_NAMES: Record<ColumnRole, string> = {
  customer: "customer",
  date: "order date",
  amount: "amount",
  order: "order id",
  quantity: "quantity",
  price: "unit price",
  cost: "cost",
  profit: "profit",
};

/** Excel error values as Office.js and file readers give them. */
const EXCEL_ERRORS = new Set([
  "#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA", "#SPILL!", "#CALC!", "#FIELD!",
  "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!", "#PYTHON!",
]);

function isExcelError(cell: Cell): boolean {
  return typeof cell === "string" && cell.charCodeAt(0) === 35 && EXCEL_ERRORS.has(cell.trim().toUpperCase());
}

function isBlank(cell: Cell): boolean {
  return cell === null || cell === undefined || cell === "" || (typeof cell === "string" && cell.trim() === "");
}

/** Key text of a customer or order cell; "" when blank or an Excel error. */
function keyText(cell: Cell): string {
  if (typeof cell === "string") {
    if (cell.charCodeAt(0) === 35 && isExcelError(cell)) return "";
    return cell.trim();
  }
  if (typeof cell === "number") return Number.isFinite(cell) ? String(cell) : "";
  if (typeof cell === "boolean") return cell ? "TRUE" : "FALSE";
  return "";
}

/** A cell as shown in a message: text in quotes, numbers as they are. */
function showCell(cell: Cell): string {
  if (typeof cell === "string") return JSON.stringify(cell.length > 60 ? `${cell.slice(0, 57)}...` : cell);
  if (typeof cell === "boolean") return cell ? "TRUE" : "FALSE";
  return String(cell);
}

/** Detected roles with the caller's overrides; column indexes are checked against the width later. */
function finalMapping(detected: ColumnMapping, override: ColumnMapping | undefined, header: string[]): ColumnMapping {
  if (!override) return { ...detected };
  const mapping: ColumnMapping = {};
  const overridden = new Set<number>();
  for (const [role, column] of Object.entries(override) as [ColumnRole, number | undefined][]) {
    if (column === undefined) continue;
    if (!Number.isInteger(column) || column < 0) {
      throw new IngestError("BAD_MAPPING", `The mapping puts ${ROLE_NAMES[role]} in column index ${column}, which is not a column index (0, 1, 2, …).`, [], header);
    }
    if (overridden.has(column)) {
      throw new IngestError("BAD_MAPPING", `The mapping puts two roles in column index ${column}; each column can play one role.`, [], header);
    }
    overridden.add(column);
    mapping[role] = column;
  }
  for (const [role, column] of Object.entries(detected) as [ColumnRole, number][]) {
    if (!(role in override) && !overridden.has(column)) mapping[role] = column;
  }
  return mapping;
}

function requireRoles(mapping: ColumnMapping, header: string[], detection: Detection): void {
  const missing = REQUIRED_ROLES.filter((role) => mapping[role] === undefined);
  const amountFromParts = mapping.quantity !== undefined && mapping.price !== undefined;
  const reallyMissing = missing.filter((role) => !(role === "amount" && amountFromParts));
  if (reallyMissing.length === 0) return;
  const named = header.filter((h) => h !== "");
  const seen = header.length === 0
    ? "The table is empty."
    : detection.hasHeader
    ? named.length > 0
      ? `Headers seen: ${named.map((h) => `"${h}"`).join(", ")}.`
      : "The header row is blank."
    : `No header row was found (the first row holds data), and the values did not reveal these columns.`;
  const what = reallyMissing.map((role) => (role === "amount" ? "amount (or quantity and unit price)" : ROLE_NAMES[role]));
  throw new IngestError(
    "MISSING_COLUMNS",
    `No column found for ${what.join(", ")}. ${seen} Name the columns (e.g. Customer ID / 客户编号, Order Date / 下单日期, Amount / 金额) or map them.`,
    reallyMissing,
    header,
  );
}

/** Reads a sales table into transactions; throws IngestError when a required column is missing. */
export function ingest(table: readonly (readonly Cell[] | undefined)[], options: IngestOptions = {}): IngestResult {
  const date1904 = options.date1904 === true;
  const detection = detectColumns(table, { hasHeader: options.hasHeader, date1904 });
  const start = detection.hasHeader ? 1 : 0;
  const header = detection.header.slice();
  const mapping = finalMapping(detection.mapping, options.mapping, header);
  requireRoles(mapping, header, detection);
  const firstRowNumber = options.firstRowNumber ?? 1;

  const colCustomer = mapping.customer as number;
  const colDate = mapping.date as number;
  const colAmount = mapping.amount ?? -1;
  const colQuantity = colAmount < 0 ? (mapping.quantity as number) : -1;
  const colPrice = colAmount < 0 ? (mapping.price as number) : -1;
  const colOrder = mapping.order ?? -1;
  const colCost = mapping.cost ?? -1;
  const colProfit = colCost < 0 ? (mapping.profit ?? -1) : -1;
  const hasCost = colCost >= 0 || colProfit >= 0;

  const capacity = Math.max(0, table.length - start);
  // Sized up front and cut to length at the end: no regrowth while a million rows stream in.
  const customers: string[] = new Array<string>(capacity);
  const orders: string[] | undefined = colOrder >= 0 ? new Array<string>(capacity) : undefined;
  let days = new Float64Array(capacity);
  let amounts = new Float64Array(capacity);
  let costs = hasCost ? new Float64Array(capacity) : undefined;
  let sourceRows = new Int32Array(capacity);
  /** Table indexes of rejected rows; their messages are written after the pass. */
  const rejectedAt: number[] = [];
  /** Output indexes of rows dated by day/month text, dated once the column's order is known. */
  const pairAt: number[] = [];
  const evidence = emptyEvidence();
  const dateOptions: DateOptions = { date1904, order: options.dateOrder === "MDY" ? "MDY" : "DMY" };
  let width = header.length;
  let used = 0;
  let blank = 0;
  let blankOrders = 0;
  const info: AmountInfo = { currency: null };
  const currencies = new Set<string>();
  const money = (cell: Cell): number => {
    if (typeof cell === "number") return Number.isFinite(cell) ? cell : NaN;
    const value = amountOf(cell, info);
    if (info.currency !== null) currencies.add(info.currency);
    return value;
  };

  for (let r = start; r < table.length; r++) {
    const row = table[r];
    if (!row) {
      blank++;
      continue;
    }
    if (row.length > width) width = row.length;
    const customer = keyText(row[colCustomer]);

    const dateCell = row[colDate];
    let day: number;
    let pair = false;
    if (typeof dateCell === "number") {
      day = !date1904 && dateCell >= 61 && dateCell < 2958466 ? Math.floor(dateCell) : dayFromSerial(dateCell, date1904);
    } else if (typeof dateCell === "string") {
      const parts = addDateOrderEvidence(evidence, dateCell, firstRowNumber + r);
      if (parts < 0) day = parseDayText(dateCell, dateOptions);
      else {
        // Kept as packed parts until the column's order is known (dayFromParts after the pass).
        pair = true;
        day = kindOfParts(parts) === PairKind.NEITHER ? DateError.CALENDAR : parts;
      }
    } else day = typeof dateCell === "boolean" ? DateError.BOOLEAN : DateError.BLANK;

    let amount: number;
    if (colAmount >= 0) amount = money(row[colAmount]);
    else amount = money(row[colQuantity]) * money(row[colPrice]);

    let cost = NaN;
    let costOk = true;
    if (hasCost) {
      const cell = row[colCost >= 0 ? colCost : colProfit];
      if (!isBlank(cell)) {
        const value = money(cell);
        costOk = value === value;
        cost = colCost >= 0 ? value : amount - value;
      }
    }

    if (customer === "" || day < 0 || amount !== amount || !costOk) {
      if (isBlankRow(row)) blank++;
      else rejectedAt.push(r);
      continue;
    }

    if (pair) pairAt.push(used);
    customers[used] = customer;
    if (orders) {
      const order = keyText(row[colOrder]);
      if (order === "") blankOrders++;
      orders[used] = order;
    }
    days[used] = day;
    amounts[used] = amount;
    if (costs) costs[used] = cost;
    sourceRows[used] = firstRowNumber + r;
    used++;
  }

  while (header.length < width) header.push("");
  for (const role of Object.keys(mapping) as ColumnRole[]) {
    const column = mapping[role] as number;
    if (column >= width) {
      throw new IngestError("BAD_MAPPING", `The mapping puts ${ROLE_NAMES[role]} in column index ${column}, but the table has columns 0–${width - 1}.`, [], header);
    }
  }

  const warnings: Warning[] = [];
  const dateOrder = decideDateOrder(evidence, colDate, options.dateOrder ?? "AUTO", header, warnings);
  if (dateOrder) dateOptions.order = dateOrder;
  // Day/month rows: read in the column's order now; those that do not fit it leave the output.
  let misfits = 0;
  for (const i of pairAt) {
    const day = dayFromParts(days[i], dateOptions.order ?? "DMY");
    if (day > 0) days[i] = day;
    else {
      rejectedAt.push(sourceRows[i] - firstRowNumber);
      if (orders?.[i] === "") blankOrders--;
      days[i] = -1; // marks the row for removal below
      misfits++;
    }
  }
  if (misfits > 0) {
    rejectedAt.sort((x, y) => x - y);
    let kept = 0;
    for (let i = 0; i < used; i++) {
      if (days[i] < 0) continue;
      customers[kept] = customers[i];
      if (orders) orders[kept] = orders[i];
      days[kept] = days[i];
      amounts[kept] = amounts[i];
      if (costs) costs[kept] = costs[i];
      sourceRows[kept] = sourceRows[i];
      kept++;
    }
    used = kept;
  }

  if (used < capacity) {
    customers.length = used;
    if (orders) orders.length = used;
    days = days.slice(0, used);
    amounts = amounts.slice(0, used);
    if (costs) costs = costs.slice(0, used);
    sourceRows = sourceRows.slice(0, used);
  }
  const transactions: Transactions = { customer: customers, day: days, amount: amounts, sourceRow: sourceRows };
  if (orders) transactions.order = orders;
  if (costs) transactions.cost = costs;

  let orderRejects = 0;
  const rejected = rejectedAt.map((r) => {
    const row = table[r] as readonly Cell[];
    const day = dayOf(row[colDate], dateOptions);
    if (day === DateError.ORDER) orderRejects++;
    return rejectRow(row, firstRowNumber + r, header, mapping, day, dateOptions);
  });
  const counts: IngestCounts = { dataRows: capacity, used, rejected: rejected.length, blank };
  addWarnings(warnings, { counts, header, mapping, detection, dateOrder, orderRejects, blankOrders, currencies, options });
  return { transactions, rejected, mapping, header, detection, dateOrder, counts, warnings };
}

/** The day/month order of the date column's text, with warnings. */
function decideDateOrder(evidence: DateOrderEvidence, column: number, option: DateOrderOption, header: string[], warnings: Warning[]): DateOrder | null {
  const decision = resolveDateOrder(evidence, option);
  const name = columnName(header, column);
  if (decision.status === "ambiguous") {
    warnings.push({
      code: "DATE_ORDER_AMBIGUOUS",
      message: `Column ${name}: ${evidence.either} dates such as 05/03/2024 fit both day/month and month/day; they were read as day/month (DMY). Set the date order to MDY if they are month/day.`,
    });
  } else if (decision.status === "conflict" && evidence.firstDmy && evidence.firstMdy) {
    const [kept, other] = decision.order === "MDY" ? ["month/day (MDY)", "day/month"] : ["day/month (DMY)", "month/day"];
    warnings.push({
      code: "DATE_ORDER_CONFLICT",
      message: `Column ${name} mixes day/month dates (${evidence.dmyOnly}, e.g. ${evidence.firstDmy.text} in row ${evidence.firstDmy.index}) and month/day dates (${evidence.mdyOnly}, e.g. ${evidence.firstMdy.text} in row ${evidence.firstMdy.index}). It was read as ${kept}, the more frequent; rows that fit only ${other} were rejected, and dates that fit both may be misread.`,
    });
  }
  return decision.order;
}

function isBlankRow(row: readonly Cell[]): boolean {
  for (let c = 0; c < row.length; c++) if (!isBlank(row[c])) return false;
  return true;
}

interface Problem {
  reason: RejectReason;
  text: string;
}

/** The rejected row with every problem it has; the first problem gives the reason code. */
function rejectRow(row: readonly Cell[], rowNumber: number, header: string[], mapping: ColumnMapping, day: number, dateOptions: DateOptions): RejectedRow {
  const problems: Problem[] = [];
  const describe = (role: ColumnRole, cell: Cell, detail: string) =>
    `column ${columnName(header, mapping[role] as number)}: ${isBlank(cell) ? "the cell" : showCell(cell)} ${detail}`;
  const excelError = (cell: Cell) => (isExcelError(cell) ? "is an Excel error value" : null);

  const customerCell = row[mapping.customer as number];
  if (keyText(customerCell) === "") {
    const detail = excelError(customerCell) ?? "is blank; every row needs a customer";
    problems.push({ reason: "BLANK_CUSTOMER", text: describe("customer", customerCell, detail) });
  }
  if (day < 0) {
    const cell = row[mapping.date as number];
    const detail = excelError(cell) ?? describeDateError(day, cell, dateOptions);
    problems.push({ reason: day === DateError.BLANK ? "MISSING_DATE" : "BAD_DATE", text: describe("date", cell, detail) });
  }
  const moneyProblem = (role: ColumnRole, reason: RejectReason, blankReason: RejectReason) => {
    const cell = row[mapping[role] as number];
    const detail = excelError(cell) ?? amountError(cell);
    if (detail !== null) problems.push({ reason: isBlank(cell) ? blankReason : reason, text: describe(role, cell, detail) });
  };
  if (mapping.amount !== undefined) moneyProblem("amount", "BAD_AMOUNT", "MISSING_AMOUNT");
  else {
    const quantityBlank = isBlank(row[mapping.quantity as number]);
    const priceBlank = isBlank(row[mapping.price as number]);
    if (quantityBlank && priceBlank) {
      problems.push({ reason: "MISSING_AMOUNT", text: `columns ${columnName(header, mapping.quantity as number)} and ${columnName(header, mapping.price as number)} are both blank; the amount is quantity × unit price` });
    } else {
      moneyProblem("quantity", "BAD_QUANTITY", "BAD_QUANTITY");
      moneyProblem("price", "BAD_PRICE", "BAD_PRICE");
    }
  }
  const costRole: ColumnRole | undefined = mapping.cost !== undefined ? "cost" : mapping.profit !== undefined ? "profit" : undefined;
  if (costRole && !isBlank(row[mapping[costRole] as number])) moneyProblem(costRole, "BAD_COST", "BAD_COST");
  const message = `Row ${rowNumber}: ${problems.map((p) => p.text).join("; ")}.`;
  return { row: rowNumber, reason: problems[0].reason, message, values: row.slice() };
}

interface WarningContext {
  counts: IngestCounts;
  header: string[];
  mapping: ColumnMapping;
  detection: Detection;
  dateOrder: DateOrder | null;
  orderRejects: number;
  blankOrders: number;
  currencies: Set<string>;
  options: IngestOptions;
}

function addWarnings(warnings: Warning[], w: WarningContext): void {
  const { counts, header, mapping, detection } = w;
  if (counts.dataRows - counts.blank === 0) {
    warnings.push({ code: "NO_DATA", message: detection.hasHeader ? "The table has a header but no data rows." : "The table has no data rows." });
  } else if (counts.used === 0) {
    warnings.push({ code: "NO_VALID_ROWS", message: `None of the ${counts.rejected} data rows could be used; see the rejected rows.` });
  }
  for (const [role, found] of Object.entries(detection.roles) as [ColumnRole, Detection["roles"][ColumnRole]][]) {
    if (found?.source !== "values" || mapping[role] !== found.column || (w.options.mapping && role in w.options.mapping)) continue;
    warnings.push({
      code: "COLUMN_FROM_VALUES",
      message: `The ${ROLE_NAMES[role]} column (${columnName(header, found.column)}) was recognised from its values, not its name; check the mapping.`,
    });
  }
  if (w.orderRejects > 0 && w.dateOrder) {
    // Also covered by DATE_ORDER_CONFLICT when AUTO found both kinds; with a given order this is the only notice.
    if (!warnings.some((x) => x.code === "DATE_ORDER_CONFLICT")) {
      warnings.push({
        code: "DATE_ORDER_MISMATCH",
        message: `${w.orderRejects} dates in column ${columnName(header, mapping.date as number)} do not fit the ${w.dateOrder} day/month order and were rejected.`,
      });
    }
  }
  if (w.blankOrders > 0) {
    warnings.push({
      code: "BLANK_ORDER",
      message: `${w.blankOrders} rows have no order id in column ${columnName(header, mapping.order as number)}; each counts as an order of its own.`,
    });
  }
  if (w.currencies.size > 1) {
    warnings.push({
      code: "MIXED_CURRENCY",
      message: `Amounts carry several currencies (${[...w.currencies].join(", ")}); they are added as they are, without conversion.`,
    });
  }
  if (mapping.amount === undefined) {
    warnings.push({
      code: "AMOUNT_FROM_QUANTITY_PRICE",
      message: `No amount column: each row's amount is ${columnName(header, mapping.quantity as number)} × ${columnName(header, mapping.price as number)}.`,
    });
  }
  if (mapping.cost !== undefined && mapping.profit !== undefined) {
    warnings.push({
      code: "COST_AND_PROFIT",
      message: `Both a cost (${columnName(header, mapping.cost)}) and a profit column (${columnName(header, mapping.profit)}) are mapped; the cost column is used.`,
    });
  }
}
