/**
 * Analytic hierarchy process (METHODS.md §10): weights from a pairwise comparison matrix, the
 * consistency test and hierarchy (global) weights.
 */
import { numError, valueError } from "../errors";

export type AhpMethod = "EIGEN" | "GEOMEAN" | "SUM";
export type RiTable = "SAATY" | "CN" | "ST2007";

/** A matrix as typed in a sheet: blanks (null/undefined/NaN) below the diagonal are filled as 1/a_ij. */
export type AhpMatrixInput = readonly (readonly (number | null | undefined)[])[];

export interface AhpOptions {
  method?: AhpMethod;
  ri?: RiTable;
  /** Saaty's stricter limits: CR < 0.05 for n = 3 and < 0.08 for n = 4 (0.10 otherwise). */
  strict?: boolean;
}

export interface AhpJudgement {
  /** 0-based row and column of the upper-triangle entry a_ij (i < j). */
  i: number;
  j: number;
  /** The entry as given. */
  given: number;
  /** The value the weights imply, w_i / w_j. */
  implied: number;
  /** max(|a_ij − w_i/w_j| / (w_i/w_j), |a_ji − w_j/w_i| / (w_j/w_i)): symmetric in the pair. */
  relativeError: number;
}

export interface AhpResult {
  n: number;
  /** The full reciprocal matrix after filling the lower triangle. */
  matrix: number[][];
  /** Σ = 1. */
  weights: number[];
  lambdaMax: number;
  ci: number;
  /** Random index used (0 for n ≤ 2). */
  ri: number;
  cr: number;
  /** The acceptance limit CR was compared with (0.10, or 0.05 / 0.08 when strict). */
  crLimit: number;
  consistent: boolean;
  /** n > 15: RI = 1.59 is the asymptotic value, not a table entry (§10.3). */
  riExtrapolated: boolean;
  /** When not consistent: the judgement most responsible (largest relative error); else null. */
  worstJudgement: AhpJudgement | null;
}

const RECIPROCITY_TOLERANCE = 1e-6;
const POWER_TOLERANCE = 1e-12;
const POWER_MAX_ITERATIONS = 10000;

/** Saaty's RI for n = 1…15 (as in CRAN AHPWR::CR). */
const RI_SAATY = [0, 0, 0.58, 0.9, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49, 1.51, 1.48, 1.56, 1.57, 1.59];
/** Chinese textbook values, n = 3…10. */
const RI_CN: Record<number, number> = { 3: 0.52, 4: 0.89, 5: 1.12, 6: 1.26, 7: 1.36, 8: 1.41, 9: 1.46, 10: 1.49 };
/** ahpsurvey's simulated values; the spec quotes only n = 3…5. */
const RI_ST2007: Record<number, number> = { 3: 0.5252, 4: 0.8837, 5: 1.1081 };

/**
 * The random index RI(n) of `table`. For n ≤ 2 every table gives 0. SAATY beyond n = 15 gives the
 * asymptotic 1.59 with `extrapolated`; CN beyond 10 and ST2007 beyond 5 are unknown → NUM.
 */
export function randomIndex(n: number, table: RiTable = "SAATY"): { ri: number; extrapolated: boolean } {
  if (!Number.isInteger(n) || n < 1) throw numError(`n must be a whole number ≥ 1 (got ${n})`);
  if (n <= 2) return { ri: 0, extrapolated: false };
  if (table === "SAATY") {
    return n <= 15 ? { ri: RI_SAATY[n - 1], extrapolated: false } : { ri: 1.59, extrapolated: true };
  }
  const values = table === "CN" ? RI_CN : table === "ST2007" ? RI_ST2007 : undefined;
  if (!values) throw valueError(`ri must be SAATY, CN or ST2007 (got "${String(table)}")`);
  const ri = values[n];
  if (ri === undefined) {
    const max = table === "CN" ? 10 : 5;
    throw numError(`ri table ${table} has no value for n = ${n} (known for n ≤ ${max}); use SAATY`);
  }
  return { ri, extrapolated: false };
}

/**
 * Validates a comparison matrix (§10.3 step 1) and returns it complete: square, positive upper
 * triangle, diagonal 1 (a blank diagonal is taken as 1), lower triangle blank (filled as 1/a_ij) or
 * reciprocal within 1e−6.
 */
export function completeMatrix(input: AhpMatrixInput): number[][] {
  const n = input.length;
  if (n === 0) throw valueError("matrix is empty");
  input.forEach((row, i) => {
    if (row.length !== n) throw valueError(`matrix must be square: row ${i + 1} has ${row.length} entries, expected ${n}`);
  });
  const cell = (i: number, j: number): number | null => {
    const v = input[i][j];
    if (v === null || v === undefined || (typeof v === "number" && Number.isNaN(v))) return null;
    if (typeof v !== "number" || !Number.isFinite(v)) {
      throw valueError(`matrix entry (${i + 1},${j + 1}) must be a number (got ${String(v)})`);
    }
    return v;
  };
  const a = Array.from({ length: n }, () => new Array<number>(n).fill(1));
  for (let i = 0; i < n; i++) {
    const d = cell(i, i);
    if (d !== null && d !== 1) throw valueError(`matrix diagonal entry (${i + 1},${i + 1}) must be 1 (got ${d})`);
    for (let j = i + 1; j < n; j++) {
      const upper = cell(i, j);
      if (upper === null) throw valueError(`matrix entry (${i + 1},${j + 1}) above the diagonal is blank`);
      if (upper <= 0) throw valueError(`matrix entry (${i + 1},${j + 1}) must be > 0 (got ${upper})`);
      const lower = cell(j, i);
      if (lower !== null && !(Math.abs(upper * lower - 1) <= RECIPROCITY_TOLERANCE)) {
        throw valueError(`matrix entries (${i + 1},${j + 1}) = ${upper} and (${j + 1},${i + 1}) = ${lower} are not reciprocal`);
      }
      a[i][j] = upper;
      a[j][i] = lower ?? 1 / upper;
    }
  }
  return a;
}

/** AHP weights and consistency of one comparison matrix. */
export function ahp(input: AhpMatrixInput, opts: AhpOptions = {}): AhpResult {
  const method = opts.method ?? "EIGEN";
  const a = completeMatrix(input);
  const n = a.length;
  const weights = method === "EIGEN" ? eigenWeights(a) : method === "GEOMEAN" ? geomeanWeights(a) : method === "SUM" ? sumWeights(a) : null;
  if (!weights) throw valueError(`method must be EIGEN, GEOMEAN or SUM (got "${String(method)}")`);

  const aw = multiply(a, weights);
  const lambdaMax = aw.reduce((s, v, i) => s + v / weights[i], 0) / n;
  const { ri, extrapolated } = randomIndex(n, opts.ri ?? "SAATY");
  // n ≤ 2 matrices are always consistent (§10.3 step 4); λmax − n is only rounding noise there.
  const ci = n <= 2 ? 0 : (lambdaMax - n) / (n - 1);
  const cr = n <= 2 ? 0 : ci / ri;
  const crLimit = opts.strict && n === 3 ? 0.05 : opts.strict && n === 4 ? 0.08 : 0.1;
  const consistent = cr < crLimit;
  return {
    n,
    matrix: a,
    weights,
    lambdaMax,
    ci,
    ri,
    cr,
    crLimit,
    consistent,
    riExtrapolated: extrapolated,
    worstJudgement: consistent ? null : worstJudgement(a, weights),
  };
}

/** Element-wise geometric mean of several judges' matrices (group AHP); each is completed first. */
export function aggregateJudgements(matrices: readonly AhpMatrixInput[]): number[][] {
  if (matrices.length === 0) throw valueError("no matrices to aggregate");
  const full = matrices.map(completeMatrix);
  const n = full[0].length;
  if (full.some((m) => m.length !== n)) throw valueError("matrices to aggregate must all have the same size");
  return full[0].map((row, i) => row.map((_, j) => Math.exp(full.reduce((s, m) => s + Math.log(m[i][j]), 0) / full.length)));
}

/** A criterion of a hierarchy; `judgements` compares its `children` (in that order). */
export interface AhpNode {
  name: string;
  judgements?: AhpMatrixInput;
  children?: readonly AhpNode[];
}

export interface AhpHierarchyEntry {
  /** Names from the first level below the root down to this node. */
  path: string[];
  name: string;
  local: number;
  /** Product of the local weights along the path (§10.3 "Hierarchies"). */
  global: number;
  leaf: boolean;
}

export interface AhpHierarchyResult {
  /** Every node below the root, depth first. */
  entries: AhpHierarchyEntry[];
  /** The AHP result of each comparison, keyed by the path of the compared node ("" for the root). */
  groups: { path: string[]; result: AhpResult }[];
}

/** Local and global weights of every criterion of a hierarchy. */
export function ahpHierarchy(root: AhpNode, opts: AhpOptions = {}): AhpHierarchyResult {
  const entries: AhpHierarchyEntry[] = [];
  const groups: AhpHierarchyResult["groups"] = [];
  const visit = (node: AhpNode, path: string[], parentGlobal: number) => {
    const children = node.children ?? [];
    if (children.length === 0) return;
    if (!node.judgements && children.length > 1) {
      throw valueError(`criterion "${node.name}" has ${children.length} children but no judgements`);
    }
    const result = node.judgements ? ahp(node.judgements, opts) : ahp([[1]], opts);
    if (result.n !== children.length) {
      throw valueError(`judgements of "${node.name}" are ${result.n}×${result.n} but it has ${children.length} children`);
    }
    groups.push({ path, result });
    children.forEach((child, k) => {
      const childPath = [...path, child.name];
      const global = parentGlobal * result.weights[k];
      entries.push({ path: childPath, name: child.name, local: result.weights[k], global, leaf: !child.children?.length });
      visit(child, childPath, global);
    });
  };
  visit(root, [], 1);
  return { entries, groups };
}

function multiply(a: number[][], w: number[]): number[] {
  return a.map((row) => row.reduce((s, v, j) => s + v * w[j], 0));
}

function normalise(v: number[]): number[] {
  const total = v.reduce((s, x) => s + x, 0);
  return v.map((x) => x / total);
}

/** Power iteration from w⁰ = 1/n (§10.3 step 2). */
function eigenWeights(a: number[][]): number[] {
  const n = a.length;
  let w = new Array<number>(n).fill(1 / n);
  for (let k = 0; k < POWER_MAX_ITERATIONS; k++) {
    const next = normalise(multiply(a, w));
    const delta = Math.max(...next.map((v, i) => Math.abs(v - w[i])));
    w = next;
    if (delta < POWER_TOLERANCE) break;
  }
  return w;
}

/** 方根法: w_i ∝ (Π_j a_ij)^{1/n}, via logarithms to avoid overflow for large n. */
function geomeanWeights(a: number[][]): number[] {
  const n = a.length;
  return normalise(a.map((row) => Math.exp(row.reduce((s, v) => s + Math.log(v), 0) / n)));
}

/** 和积法: normalise each column, then average the rows. */
function sumWeights(a: number[][]): number[] {
  const n = a.length;
  const colSums = a[0].map((_, j) => a.reduce((s, row) => s + row[j], 0));
  return a.map((row) => row.reduce((s, v, j) => s + v / colSums[j], 0) / n);
}

function worstJudgement(a: number[][], w: number[]): AhpJudgement {
  let worst: AhpJudgement | null = null;
  for (let i = 0; i < a.length; i++) {
    for (let j = i + 1; j < a.length; j++) {
      const implied = w[i] / w[j];
      const ratio = a[i][j] / implied;
      const relativeError = Math.max(Math.abs(ratio - 1), Math.abs(1 / ratio - 1));
      if (!worst || relativeError > worst.relativeError) worst = { i, j, given: a[i][j], implied, relativeError };
    }
  }
  // Only called when inconsistent, which needs n ≥ 3, so a pair exists.
  return worst!;
}
