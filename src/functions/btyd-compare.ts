/**
 * The spill of CRM.BTYDCOMPARE: every transaction model fitted to the same per-customer summaries,
 * one row each (code, parameters, log-likelihood, AIC, BIC, convergence, holdout scores, problem),
 * then the recommendation and its reason (core compare.ts states the rule).
 */
import { compareTransactionModels, type ComparisonData, type TransactionModelName } from "../core/btyd";

/** The function arguments' model codes. */
export const MODEL_CODE: Record<TransactionModelName, string> = { bgnbd: "BGNBD", mbgnbd: "MBGNBD", paretonbd: "PNBD", nbd: "NBD" };

const COMPARE_HEADER = [
  "Model",
  "Parameters",
  "LogLikelihood",
  "AIC",
  "BIC",
  "Converged",
  "HoldoutActual",
  "HoldoutPredicted",
  "TotalError",
  "MAE",
  "Problem",
];

export function compareSpill(data: ComparisonData, headers: boolean): any[][] {
  const comparison = compareTransactionModels(data);
  const rows: any[][] = headers ? [COMPARE_HEADER.slice()] : [];
  for (const s of comparison.scores) {
    const h = s.holdout;
    rows.push([
      MODEL_CODE[s.model],
      s.parameters,
      s.logLikelihood,
      s.aic,
      s.bic,
      s.fit.converged,
      h ? h.actual : "",
      h ? h.predicted : "",
      h ? h.totalError : "",
      h ? h.meanAbsoluteError : "",
      s.problem ?? "",
    ]);
  }
  const last = new Array<any>(COMPARE_HEADER.length).fill("");
  [last[0], last[1], last[2]] = ["Recommended", MODEL_CODE[comparison.recommended], comparison.reason];
  rows.push(last);
  return rows;
}
