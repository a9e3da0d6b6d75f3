/**
 * The loyalty builder's options as the pane edits them (pure, no React): the picked indicators
 * (core measures or numeric source columns), their directions, and the AHP judgements as typed
 * text keyed by indicator pair, with the live weights and consistency the editor shows.
 */
import { ahp, type AhpResult } from "../core/methods/ahp";
import {
  A1_JUDGEMENTS,
  LOYALTY_MEASURES,
  measureDirection,
  type LoyaltyChoice,
  type LoyaltyIndicator,
  type LoyaltyMeasure,
} from "../core/methods/loyalty-builder";
import type { Cell, ColumnMapping } from "../core/types";

/** "m:DURATION" for a core measure, "c:4" for source column 4 (0-based). */
export type IndicatorKey = string;

export interface LoyaltyForm {
  indicators: IndicatorKey[];
  directions: Record<IndicatorKey, 1 | -1>;
  /** Typed judgements, "a|b" → how much more important a is than b (a listed before b when typed). */
  judgements: Record<string, string>;
  /** Source column of the relative preference, "" for none. */
  attitude: string;
}

export const MIN_INDICATORS = 2;
export const MAX_INDICATORS = 9;

const measureKey = (m: LoyaltyMeasure): IndicatorKey => `m:${m}`;
const [A11, A12, A13] = (["DURATION", "RATE", "FTREND"] as const).map(measureKey);

/** §9.3's transactional factors A11–A13 with the §9.3 A1 judgements (the illustrative default, editable). */
export const DEFAULT_LOYALTY_FORM: LoyaltyForm = {
  indicators: [A11, A12, A13],
  directions: {},
  judgements: {
    [`${A11}|${A12}`]: formatJudgement(A1_JUDGEMENTS[0][1]),
    [`${A11}|${A13}`]: formatJudgement(A1_JUDGEMENTS[0][2]),
    [`${A12}|${A13}`]: formatJudgement(A1_JUDGEMENTS[1][2]),
  },
  attitude: "",
};

export function measureKeys(): IndicatorKey[] {
  return LOYALTY_MEASURES.map(measureKey);
}

export function columnKey(column: number): IndicatorKey {
  return `c:${column}`;
}

export function indicatorOf(key: IndicatorKey): LoyaltyIndicator {
  return key.startsWith("m:")
    ? { kind: "measure", measure: key.slice(2) as LoyaltyMeasure }
    : { kind: "column", column: Number(key.slice(2)) };
}

export function directionOf(form: LoyaltyForm, key: IndicatorKey): 1 | -1 {
  const indicator = indicatorOf(key);
  return form.directions[key] ?? (indicator.kind === "measure" ? measureDirection(indicator.measure) : 1);
}

/** Full-width digits and slash (a Chinese IME) as ASCII. */
function ascii(text: string): string {
  return text.replace(/[\uFF10-\uFF19\uFF0F\uFF0E]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0)).trim();
}

/** A judgement on Saaty's scale: 1–9, a reciprocal such as 1/3, or a decimal in [1/9, 9]; null when not one. */
export function parseJudgement(text: string): number | null {
  const s = ascii(text);
  const fraction = /^(\d+(?:\.\d+)?)\s*\/\s*(\d+(?:\.\d+)?)$/.exec(s);
  const value = fraction ? Number(fraction[1]) / Number(fraction[2]) : /^\d*\.?\d+$/.test(s) ? Number(s) : NaN;
  if (!Number.isFinite(value) || value < 1 / 9 - 1e-9 || value > 9 + 1e-9) return null;
  return value;
}

/** A reciprocal for display: 1/3 for 3, 3 for 1/3, two decimals otherwise. */
export function formatJudgement(value: number): string {
  const near = (v: number) => Math.abs(v - Math.round(v)) < 1e-9;
  if (near(value)) return String(Math.round(value));
  if (near(1 / value)) return `1/${Math.round(1 / value)}`;
  return value.toFixed(2);
}

/** The typed text of a_ij (i before j in the list): stored under i|j, or the reciprocal of j|i; "1" by default. */
export function judgementText(form: LoyaltyForm, a: IndicatorKey, b: IndicatorKey): string {
  const direct = form.judgements[`${a}|${b}`];
  if (direct !== undefined) return direct;
  const reverse = form.judgements[`${b}|${a}`];
  const parsed = reverse === undefined ? null : parseJudgement(reverse);
  return parsed === null ? "1" : formatJudgement(1 / parsed);
}

export function setJudgement(form: LoyaltyForm, a: IndicatorKey, b: IndicatorKey, text: string): LoyaltyForm {
  const judgements = { ...form.judgements, [`${a}|${b}`]: text };
  delete judgements[`${b}|${a}`];
  return { ...form, judgements };
}

export interface EditorState {
  /** Upper-triangle judgements parsed (null where invalid); 1 on the diagonal; reciprocals below. */
  matrix: (number | null)[][];
  invalid: { i: number; j: number }[];
  /** Weights and consistency, when every judgement is valid and n ≥ 2. */
  result: AhpResult | null;
}

export function editorState(form: LoyaltyForm): EditorState {
  const keys = form.indicators;
  const n = keys.length;
  const matrix: (number | null)[][] = keys.map(() => new Array<number | null>(n).fill(1));
  const invalid: EditorState["invalid"] = [];
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const v = parseJudgement(judgementText(form, keys[i], keys[j]));
      if (v === null) invalid.push({ i, j });
      matrix[i][j] = v;
      matrix[j][i] = v === null ? null : 1 / v;
    }
  }
  const result =
    n >= MIN_INDICATORS && invalid.length === 0 ? ahp(matrix.map((row, i) => row.map((v, j) => (j > i ? v : j === i ? 1 : null)))) : null;
  return { matrix, invalid, result };
}

export type LoyaltyProblem = "count" | "judgement";

export function loyaltyProblems(form: LoyaltyForm): LoyaltyProblem[] {
  const out: LoyaltyProblem[] = [];
  if (form.indicators.length < MIN_INDICATORS || form.indicators.length > MAX_INDICATORS) out.push("count");
  else if (editorState(form).invalid.length > 0) out.push("judgement");
  return out;
}

export function loyaltyChoice(form: LoyaltyForm, asOf?: number): LoyaltyChoice {
  const { matrix } = editorState(form);
  return {
    indicators: form.indicators.map(indicatorOf),
    directions: form.indicators.map((k) => directionOf(form, k)),
    judgements: matrix.map((row) => row.map((v) => v ?? 1)),
    attitude: form.attitude === "" ? undefined : Number(form.attitude),
    asOf,
  };
}

/** Source columns the user may pick as indicators: not mapped to a role, and mostly numbers in the preview. */
export function numericColumns(header: readonly string[], rows: readonly (readonly Cell[])[], mapping: ColumnMapping): number[] {
  const mapped = new Set(Object.values(mapping));
  return header
    .map((_, col) => col)
    .filter((col) => {
      if (mapped.has(col)) return false;
      const cells = rows.map((r) => r[col]).filter((v) => v !== null && v !== undefined && v !== "");
      const numbers = cells.filter((v) => typeof v === "number" || (typeof v === "string" && Number.isFinite(Number(v.trim()))));
      return cells.length > 0 && numbers.length * 2 > cells.length;
    });
}
