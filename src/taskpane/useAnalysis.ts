/**
 * State of the Analyses tab: which analysis, its step, its options form and checks, and the request
 * the WorkbookApi runs. The view is AnalysesTab.tsx.
 */
import { useState } from "react";
import { MATRIX_DEFAULTS } from "../core/methods/analysis-spec";
import type { Measure } from "../core/methods/measures";
import type { ColumnMapping, OutputLang } from "../core/types";
import type { AnalysisReport, AnalysisRequest, SourceChoice } from "../excel/types";
import { DEFAULT_MIGRATION, migrationOptions, migrationProblems, type MigrationField, type MigrationForm } from "./analyses/migration-form";
import type { AnalysisKind, AnalysesStrings, CutKind, MatrixScheme } from "./i18n-analyses";
import { DEFAULT_LOYALTY_FORM, loyaltyChoice, loyaltyProblems, type LoyaltyForm } from "./loyalty-form";
import { asOfDay } from "./model";
import { cascadeChoice, cascadeProblems, DEFAULT_CASCADE, type CascadeField, type CascadeForm } from "./analyses/cascade-form";

export type AnalysisStep = "pick" | "data" | "columns" | "options" | "running" | "results";
export const ANALYSIS_WIZARD: AnalysisStep[] = ["pick", "data", "columns", "options"];

export interface AnalysisForm extends CascadeForm {
  kind: AnalysisKind;
  scheme: MatrixScheme;
  x: Measure;
  y: Measure;
  xCut: CutKind;
  yCut: CutKind;
  xValue: string;
  yValue: string;
  asOf: string;
  compareTo: string;
  loyalty: LoyaltyForm;
  migration: MigrationForm;
}

const DEFAULT_ANALYSIS: AnalysisForm = {
  kind: "matrix",
  scheme: "PROFIT",
  ...MATRIX_DEFAULTS.PROFIT,
  xCut: "MEDIAN",
  yCut: "MEDIAN",
  xValue: "",
  yValue: "",
  asOf: "",
  compareTo: "",
  migration: DEFAULT_MIGRATION,
  ...DEFAULT_CASCADE,
  loyalty: DEFAULT_LOYALTY_FORM,
};

export type AnalysisField = "xValue" | "yValue" | "x" | "y" | "asOf" | "compareTo" | "loyalty" | MigrationField;

const number = (text: string) => (text.trim() === "" ? NaN : Number(text));

/** Problems per field, in the pane's language; none when the form can run. */
export function analysisProblems(
  form: AnalysisForm,
  mapping: ColumnMapping,
  t: AnalysesStrings,
): Partial<Record<AnalysisField | CascadeField, string>> {
  if (form.kind === "cascade") return cascadeProblems(form, mapping, t.cascade, t.needsCost);
  if (form.kind === "migration") return migrationProblems(form.migration, t.mig);
  const out: Partial<Record<AnalysisField, string>> = {};
  if (form.kind === "matrix") {
    if (form.xCut === "VALUE" && !Number.isFinite(number(form.xValue))) out.xValue = t.cutInvalid;
    if (form.yCut === "VALUE" && !Number.isFinite(number(form.yValue))) out.yValue = t.cutInvalid;
    const costless = mapping.cost === undefined && mapping.profit === undefined;
    if (costless && form.x === "PROFIT") out.x = t.needsCost;
    if (costless && form.y === "PROFIT") out.y = t.needsCost;
    return out;
  }
  if (form.kind === "loyalty") {
    // The options view words each problem itself (it knows the counts); a marker here disables Run.
    if (loyaltyProblems(form.loyalty).length > 0) out.loyalty = loyaltyProblems(form.loyalty).join(" ");
    return out;
  }
  const asOf = form.asOf.trim() === "" ? undefined : asOfDay(form.asOf);
  if (asOf !== undefined && asOf < 0) out.asOf = t.dateInvalid;
  const compare = asOfDay(form.compareTo);
  if (compare < 0) out.compareTo = t.dateInvalid;
  else if (asOf !== undefined && asOf >= 0 && compare >= asOf) out.compareTo = t.compareBefore;
  return out;
}

export function analysisRequest(form: AnalysisForm, source: SourceChoice, mapping: ColumnMapping, lang: OutputLang): AnalysisRequest {
  const base = { source, mapping, lang };
  if (form.kind === "loyalty") return { ...base, kind: "loyalty", loyalty: loyaltyChoice(form.loyalty) };
  if (form.kind === "migration") return { ...base, kind: "migration", migration: migrationOptions(form.migration) };
  if (form.kind === "lifecycle") {
    const asOf = form.asOf.trim() === "" ? undefined : asOfDay(form.asOf);
    return { ...base, kind: "lifecycle", lifecycle: { asOf, compareTo: asOfDay(form.compareTo) } };
  }
  if (form.kind === "cascade") return { ...base, kind: "cascade", cascade: cascadeChoice(form) };
  const cut = (kind: CutKind, value: string) => (kind === "VALUE" ? number(value) : kind);
  return {
    ...base,
    kind: "matrix",
    matrix: { x: form.x, y: form.y, scheme: form.scheme, xCut: cut(form.xCut, form.xValue), yCut: cut(form.yCut, form.yValue) },
  };
}

export function useAnalysis() {
  const [step, setStep] = useState<AnalysisStep>("pick");
  const [form, setForm] = useState<AnalysisForm>(DEFAULT_ANALYSIS);
  const [result, setResult] = useState<AnalysisReport | null>(null);
  const update = (patch: Partial<AnalysisForm>) =>
    // A new scheme brings its default axes (METHODS §6.3, §11.3).
    setForm((f) => ({ ...f, ...(patch.scheme && patch.scheme !== f.scheme ? MATRIX_DEFAULTS[patch.scheme] : {}), ...patch }));
  return { step, setStep, form, update, result, setResult };
}
