/**
 * The loyalty weights sheet's live cells (METHODS §10): the pairwise matrix's upper triangle as
 * input cells, the diagonal 1 and the lower triangle `=1/<mirror>`, the AHP weights as one
 * `=CRM.AHP(matrix,,,"WEIGHTS")` spilling down, the weight used = the user's override when one is
 * typed, else the AHP weight, and λmax, CI, CR and Consistent as INDEX into CRM.AHP's ALL output.
 * The index formulas reference the weight-used cells, so one edited judgement recomputes the
 * weights, CR and every customer's index and ladder rung. Pure: src/excel/analysis-loyalty.ts writes it.
 */

/** Where the weights sheet's table sits: header on 0-based row 2, one row per indicator below it. */
export const WEIGHTS_LAYOUT = {
  headerRow: 2,
  directionCol: 1,
  /** The weight the index uses: the override if typed, else the AHP weight. */
  weightCol: 2,
  ahpCol: 3,
  overrideCol: 4,
  matrixCol: 5,
};

/** Rows of the consistency table (value in column B), in order; CR and Consistent adjacent for one flag rule. */
export const CONSISTENCY_ROWS = ["lambdaMax", "ci", "ri", "cr", "consistent", "limit"] as const;

/** A1 reference of a 0-based cell. */
export function cellA1(row: number, col: number, absolute = false): string {
  let n = col + 1;
  let letters = "";
  while (n > 0) {
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return absolute ? `$${letters}$${row + 1}` : `${letters}${row + 1}`;
}

export interface Rect {
  row: number;
  col: number;
  rows: number;
  cols: number;
}

/** A block of Range.formulas entries: formula texts (starting with "=") and numbers. */
export interface LiveBlock extends Rect {
  cells: (string | number)[][];
}

export interface LiveWeights {
  blocks: LiveBlock[];
  /** Cells the user is meant to edit (directions, overrides, upper-triangle judgements). */
  inputs: Rect[];
  /** The CR and Consistent rows, flagged when `formula` holds (the matrix is not consistent). */
  flag: Rect & { formula: string };
}

/** Header row of the consistency table for m indicators. */
export function consistencyHeaderRow(m: number): number {
  return WEIGHTS_LAYOUT.headerRow + m + 3;
}

/** The live cells of the weights sheet for the m×m matrix `judgements` (upper triangle read) and the table `ri`. */
export function liveWeights(judgements: readonly (readonly number[])[], ri: number, crLimit: number): LiveWeights {
  const m = judgements.length;
  const { headerRow, weightCol, ahpCol, overrideCol, matrixCol } = WEIGHTS_LAYOUT;
  const w0 = headerRow + 1;
  const matrix = `${cellA1(w0, matrixCol, true)}:${cellA1(w0 + m - 1, matrixCol + m - 1, true)}`;
  const pairwise = judgements.map((row, i) => row.map((v, j) => (j > i ? v : j === i ? 1 : `=1/${cellA1(w0 + j, matrixCol + i)}`)));
  const used = Array.from({ length: m }, (_, i) => {
    const [override, weight] = [cellA1(w0 + i, overrideCol), cellA1(w0 + i, ahpCol)];
    return [`=IF(ISNUMBER(${override}),${override},${weight})`];
  });
  // CRM.AHP's ALL output: w_1…w_m, then λmax, CI, CR, Consistent in column 2.
  const all = (k: number) => `=INDEX(CRM.AHP(${matrix}),${m + k},2)`;
  const values: Record<(typeof CONSISTENCY_ROWS)[number], string | number> = {
    lambdaMax: all(1),
    ci: all(2),
    ri,
    cr: all(3),
    consistent: all(4),
    limit: crLimit,
  };
  const c0 = consistencyHeaderRow(m) + 1;
  const crRow = c0 + CONSISTENCY_ROWS.indexOf("cr");
  const consistentRow = c0 + CONSISTENCY_ROWS.indexOf("consistent");
  return {
    blocks: [
      { row: w0, col: matrixCol, rows: m, cols: m, cells: pairwise },
      { row: w0, col: ahpCol, rows: 1, cols: 1, cells: [[`=CRM.AHP(${matrix},,,"WEIGHTS")`]] },
      { row: w0, col: weightCol, rows: m, cols: 1, cells: used },
      { row: c0, col: 1, rows: CONSISTENCY_ROWS.length, cols: 1, cells: CONSISTENCY_ROWS.map((k) => [values[k]]) },
    ],
    inputs: [
      { row: w0, col: WEIGHTS_LAYOUT.directionCol, rows: m, cols: 1 },
      { row: w0, col: overrideCol, rows: m, cols: 1 },
      ...Array.from({ length: m - 1 }, (_, i) => ({ row: w0 + i, col: matrixCol + i + 1, rows: 1, cols: m - 1 - i })),
    ],
    flag: { row: crRow, col: 0, rows: consistentRow - crRow + 1, cols: 2, formula: `=${cellA1(consistentRow, 1, true)}=FALSE` },
  };
}
