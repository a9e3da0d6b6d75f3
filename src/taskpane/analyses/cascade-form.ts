/** The profitability cascade's part of the Analyses form: its checks and its request (useAnalysis.ts dispatches here). */
import type { ColumnMapping } from "../../core/types";
import type { CascadeChoice } from "../../excel/types";
import type { CtsMode, CascadeStrings } from "./i18n-cascade";

export interface CascadeForm {
  /** Column index as text; "" = none. */
  discount: string;
  ctsMode: CtsMode;
  ctsColumn: string;
  ctsTotal: string;
  profitScheme: "PROFIT" | "SHAPIRO";
}

export const DEFAULT_CASCADE: CascadeForm = { discount: "", ctsMode: "NONE", ctsColumn: "", ctsTotal: "", profitScheme: "PROFIT" };

export type CascadeField = "ctsColumn" | "ctsTotal" | "cost";

const amount = (text: string) => (text.trim() === "" ? NaN : Number(text));

export function cascadeProblems(
  form: CascadeForm,
  mapping: ColumnMapping,
  c: CascadeStrings,
  needsCost: string,
): Partial<Record<CascadeField, string>> {
  const out: Partial<Record<CascadeField, string>> = {};
  // Gross profit (NSV − product cost) is the cascade's second step: it needs the cost or profit column.
  if (mapping.cost === undefined && mapping.profit === undefined) out.cost = needsCost;
  if (form.ctsMode === "COLUMN" && form.ctsColumn === "") out.ctsColumn = c.pickColumn;
  const total = amount(form.ctsTotal);
  if (form.ctsMode !== "NONE" && form.ctsMode !== "COLUMN" && !(Number.isFinite(total) && total >= 0)) out.ctsTotal = c.ctsTotalInvalid;
  return out;
}

export function cascadeChoice(form: CascadeForm): CascadeChoice {
  const choice: CascadeChoice = { scheme: form.profitScheme };
  if (form.discount !== "") choice.discount = Number(form.discount);
  if (form.ctsMode === "COLUMN") choice.costToServe = { kind: "column", column: Number(form.ctsColumn) };
  else if (form.ctsMode !== "NONE") choice.costToServe = { kind: "driver", driver: form.ctsMode, total: amount(form.ctsTotal) };
  return choice;
}
