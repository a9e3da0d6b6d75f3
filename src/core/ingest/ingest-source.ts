/**
 * The ingest proper, shared by ingest() and ingestColumns() (ingest.ts, which documents the rules):
 * its options, result and error, one pass over the parsed columns that keeps the usable rows, the
 * day/month order of the date column, and the messages of rejected rows and of the warnings.
 */
import { amountError } from "./amounts";
import {
  DateError,
  dayFromParts,
  dayOf,
  describeDateError,
  emptyEvidence,
  resolveDateOrder,
  type DateOptions,
  type DateOrder,
  type DateOrderEvidence,
  type DateOrderOption,
} from "./dates";
import { columnName, type Detection } from "./detect";
import {
  Currencies,
  isBlank,
  isBlankRow,
  isExcelError,
  keyText,
  showCell,
  type DateContext,
  type Parsed,
  type ReadColumns,
} from "./ingest-cells";
import { findTotals, totalsRow, totalsWarning } from "./table-shape";
import type { Cell, ColumnMapping, ColumnRole, RejectedRow, RejectReason, Transactions, Warning } from "../types";

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
  /**
   * The columns as detected on a sample of this same table (with the same `mapping` given), used
   * as they are: a reader that settles the mapping on a sample keeps its notes and warnings.
   */
  detection?: Detection;
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

export type IngestErrorCode = "MISSING_COLUMNS" | "BAD_MAPPING" | "AMBIGUOUS_COLUMNS";

/** The table cannot be read at all: a required column is missing or the mapping is invalid. */
export class IngestError extends Error {
  constructor(
    public readonly code: IngestErrorCode,
    message: string,
    /** Roles that are missing (MISSING_COLUMNS). */
    public readonly missing: ColumnRole[],
    /** Header texts seen. */
    public readonly headers: string[],
    /** AMBIGUOUS_COLUMNS: the columns that fit the role, and the roles settled besides. */
    public readonly ambiguity?: { columns: number[]; mapping: ColumnMapping; detection: Detection },
  ) {
    super(message);
    this.name = "IngestError";
  }
}

export const ROLE_NAMES: Record<ColumnRole, string> = {
  customer: "customer",
  date: "order date",
  amount: "amount",
  order: "order id",
  quantity: "quantity",
  price: "unit price",
  cost: "cost",
  profit: "profit",
};

/** A table as the shared part of the ingest reads it: its size, its rows on demand, and a parse of its columns. */
export interface Source {
  rowCount: number;
  width: number;
  row(i: number): readonly Cell[] | undefined;
  /** Every column the ingest reads, through the cell rules of ingest-cells.ts. */
  parse(columns: ReadColumns, ctx: DateContext, currencies: Currencies): Parsed;
}

/** The ingest proper, over columns; `firstRowNumber` is the sheet row of data row 0. */
export function ingestSource(
  source: Source,
  detection: Detection,
  header: string[],
  mapping: ColumnMapping,
  options: IngestOptions,
  firstRowNumber: number,
): IngestResult {
  const date1904 = options.date1904 === true;
  const width = source.width;
  while (header.length < width) header.push("");
  for (const role of Object.keys(mapping) as ColumnRole[]) {
    const column = mapping[role] as number;
    if (column >= width) {
      throw new IngestError(
        "BAD_MAPPING",
        `The mapping puts ${ROLE_NAMES[role]} in column index ${column}, but the table has columns 0–${width - 1}.`,
        [],
        header,
      );
    }
  }

  const colCustomer = mapping.customer as number;
  const colDate = mapping.date as number;
  const colAmount = mapping.amount ?? -1;
  const colOrder = mapping.order ?? -1;
  const colCost = mapping.cost ?? -1;
  const colProfit = colCost < 0 ? (mapping.profit ?? -1) : -1;
  const n = source.rowCount;

  // Every column through the cell rules (ingest-cells.ts); the arrays become the output.
  const evidence = emptyEvidence();
  const dateOptions: DateOptions = { date1904, order: options.dateOrder === "MDY" ? "MDY" : "DMY" };
  const currencies = new Currencies();
  const read: ReadColumns = {
    customer: colCustomer,
    date: colDate,
    amount: colAmount,
    quantity: colAmount < 0 ? (mapping.quantity as number) : -1,
    price: colAmount < 0 ? (mapping.price as number) : -1,
    cost: colCost >= 0 ? colCost : colProfit,
    order: colOrder,
  };
  const parsed = source.parse(read, { date1904, options: dateOptions, evidence, firstRowNumber }, currencies);
  const { customers, orders, cost } = parsed;
  const { days, pairs } = parsed.dates;
  let amounts = parsed.amounts;
  const costBad = cost ? cost.bad : null;

  // Keep the usable rows, moved up in place: no array is copied while a million rows pass.
  let costs = cost ? cost.values : undefined;
  let sourceRows = new Int32Array(n);
  /** Data row indexes of rejected rows; their messages are written at the end. */
  const rejectedAt: number[] = [];
  /** Output indexes of rows dated by day/month text, dated once the column's order is known. */
  const pairAt: number[] = [];
  let used = 0;
  let blank = 0;
  let blankOrders = 0;
  for (let i = 0; i < n; i++) {
    const customer = customers[i];
    const day = days[i];
    const amount = amounts[i];
    if (customer === "" || day < 0 || amount !== amount || (costBad !== null && costBad[i] === 1)) {
      const row = source.row(i);
      if (!row || isBlankRow(row)) blank++;
      else rejectedAt.push(i);
      continue;
    }
    if (pairs !== null && pairs[i] === 1) pairAt.push(used);
    customers[used] = customer;
    if (orders) {
      const order = orders[i];
      if (order === "") blankOrders++;
      orders[used] = order;
    }
    days[used] = day;
    amounts[used] = amount;
    // Blank cost or profit: NaN either way (amount − NaN).
    if (costs) costs[used] = colProfit >= 0 ? amount - costs[i] : costs[i];
    sourceRows[used] = firstRowNumber + i;
    used++;
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
  /** Removes the kept rows marked with a negative day. */
  const removeMarked = () => {
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
  };
  if (misfits > 0) removeMarked();
  // Totals rows leave the sales (those kept so far) and are rejected as such.
  const totals = findTotals({
    customers,
    amounts,
    rowNumbers: sourceRows,
    used,
    rejected: rejectedAt,
    firstRowNumber,
    row: source.row,
    customer: colCustomer,
    date: colDate,
    amount: colAmount,
  });
  for (const k of totals.kept) {
    const i = sourceRows[k] - firstRowNumber;
    totals.rejected.add(i);
    rejectedAt.push(i);
    if (orders?.[k] === "") blankOrders--;
    days[k] = -1;
  }
  if (totals.kept.length > 0) removeMarked();

  // Cut to length; the typed arrays as views, since copying would only make another array to fill
  // the memory while this one waits for the collector.
  let outDays = days;
  if (used < n) {
    customers.length = used;
    if (orders) orders.length = used;
    outDays = days.subarray(0, used);
    amounts = amounts.subarray(0, used);
    if (costs) costs = costs.subarray(0, used);
    sourceRows = sourceRows.subarray(0, used);
  }
  const transactions: Transactions = { customer: customers, day: outDays, amount: amounts, sourceRow: sourceRows };
  if (orders) transactions.order = orders;
  if (costs) transactions.cost = costs;

  let orderRejects = 0;
  const rejected = rejectedAt.map((i) => {
    const row = source.row(i) as readonly Cell[];
    if (totals.rejected.has(i)) return totalsRow(row, firstRowNumber + i, colCustomer);
    const day = dayOf(row[colDate], dateOptions);
    if (day === DateError.ORDER) orderRejects++;
    return rejectRow(row, firstRowNumber + i, header, mapping, day, dateOptions);
  });
  const counts: IngestCounts = { dataRows: n, used, rejected: rejected.length, blank };
  addWarnings(warnings, { counts, header, mapping, detection, dateOrder, orderRejects, blankOrders, currencies, options });
  if (totals.rejected.size > 0) warnings.push(totalsWarning(rejected));
  return { transactions, rejected, mapping, header, detection, dateOrder, counts, warnings };
}

/** The day/month order of the date column's text, with warnings. */
function decideDateOrder(
  evidence: DateOrderEvidence,
  column: number,
  option: DateOrderOption,
  header: string[],
  warnings: Warning[],
): DateOrder | null {
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

interface Problem {
  reason: RejectReason;
  text: string;
}

/** The rejected row with every problem it has; the first problem gives the reason code. */
function rejectRow(
  row: readonly Cell[],
  rowNumber: number,
  header: string[],
  mapping: ColumnMapping,
  day: number,
  dateOptions: DateOptions,
): RejectedRow {
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
      problems.push({
        reason: "MISSING_AMOUNT",
        text: `columns ${columnName(header, mapping.quantity as number)} and ${columnName(header, mapping.price as number)} are both blank; the amount is quantity × unit price`,
      });
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
  currencies: Currencies;
  options: IngestOptions;
}

function addWarnings(warnings: Warning[], w: WarningContext): void {
  const { counts, header, mapping, detection } = w;
  if (counts.dataRows - counts.blank === 0) {
    warnings.push({
      code: "NO_DATA",
      message: detection.hasHeader ? "The table has a header but no data rows." : "The table has no data rows.",
    });
  } else if (counts.used === 0) {
    warnings.push({ code: "NO_VALID_ROWS", message: `None of the ${counts.rejected} data rows could be used; see the rejected rows.` });
  }
  for (const [role, found] of Object.entries(detection.roles) as [ColumnRole, Detection["roles"][ColumnRole]][]) {
    if (found?.source !== "values" || mapping[role] !== found.column || (w.options.mapping && role in w.options.mapping)) continue;
    warnings.push({
      code: "COLUMN_FROM_VALUES",
      message: `The ${ROLE_NAMES[role]} column (${columnName(header, found.column)}) was recognised from its values, not its name; check the mapping.`,
      params: { role, column: columnName(header, found.column) },
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
      message: `Amounts carry several currencies (${w.currencies.list().join(", ")}); they are added as they are, without conversion.`,
    });
  }
  if (detection.amountFromPrice && mapping.amount === detection.mapping.amount && !(w.options.mapping && "amount" in w.options.mapping)) {
    warnings.push({
      code: "AMOUNT_FROM_PRICE",
      message: `The amount column (${columnName(header, mapping.amount as number)}) is a price, used as the amount since there is no quantity column; check the mapping.`,
      params: { column: columnName(header, mapping.amount as number) },
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
