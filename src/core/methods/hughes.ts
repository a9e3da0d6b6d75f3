/**
 * Hughes cohort lifetime-value table (METHODS.md §7.6) and its discount factor
 * (`CRM.HUGHESDISCOUNT`). Year 1 is the acquisition year. Nothing is rounded: the printed tables
 * round only for display.
 */
import { numError, requireFinite, valueError } from "../errors";

/** Hughes's discount factor D_t = (1 + i·rf)^{(t−1) + delay_days/365}. */
export function hughesDiscount(interestRate: number, riskFactor: number, year: number, delayDays = 0): number {
  const i = requireFinite(interestRate, "interestRate");
  const rf = requireFinite(riskFactor, "riskFactor");
  const t = requireFinite(year, "year");
  const delay = requireFinite(delayDays, "delayDays");
  if (t < 1) throw numError(`year must be ≥ 1 (got ${t})`);
  if (delay < 0) throw numError(`delayDays must be ≥ 0 (got ${delay})`);
  const base = 1 + i * rf;
  if (base <= 0) throw numError(`1 + interestRate·riskFactor must be > 0 (got ${base})`);
  return base ** (t - 1 + delay / 365);
}

/** A per-year input: one value for every year, or one per year (index 0 = year 1). */
export type PerYear = number | readonly number[];

export type HughesDiscounting =
  /** Factors as given (e.g. printed in a source table), one per year, each > 0. */
  | { kind: "FACTORS"; factors: readonly number[] }
  /** Hughes's formula (hughesDiscount). */
  | { kind: "HUGHES"; interestRate: number; riskFactor: number; delayDays?: number }
  /** Plain (1+d)^{t−1}. */
  | { kind: "RATE"; rate: number };

export interface HughesInputs {
  /** Number of years T (≥ 1). */
  years: number;
  /** C_1: customers acquired in year 1. */
  cohortSize: number;
  /** Retention_t (0…1): share of year-t customers still there in year t+1. The year-T value is unused. */
  retention: PerYear;
  /** Referred_t = Retained_t · ReferralRate_t; default 0. */
  referralRate?: PerYear;
  ordersPerYear: PerYear;
  avgOrderValue: PerYear;
  /** Direct cost as a fraction of revenue (0.7 = 70%). */
  directCostPct: PerYear;
  /** Acquisition cost per acquired customer, charged in year 1 on C_1. */
  acquisitionCost?: number;
  /** Per-customer costs charged on Total_t each year. */
  marketingCost?: PerYear;
  programCost?: PerYear;
  databaseCost?: PerYear;
  /** Incentive per referred customer, charged on Referred_t. */
  referralIncentive?: PerYear;
  discount: HughesDiscounting;
}

export interface HughesYear {
  year: number;
  retained: number;
  referred: number;
  total: number;
  /** NaN for the last year when its (unused) retention was not given. */
  retentionRate: number;
  referralRate: number;
  ordersPerYear: number;
  avgOrderValue: number;
  revenue: number;
  directCostPct: number;
  directCosts: number;
  acquisitionCost: number;
  /** Total_t · (marketing + program + database) per customer. */
  otherCosts: number;
  referralIncentive: number;
  totalCosts: number;
  /** Revenue − all costs. */
  grossProfit: number;
  discountFactor: number;
  npvProfit: number;
  cumulativeNpv: number;
  /** CumNPV_t / C_1, per originally acquired customer. */
  lifetimeValue: number;
}

/** Every row of the §7.6 table, one entry per year. */
export function hughesTable(inputs: HughesInputs): HughesYear[] {
  const T = inputs.years;
  if (!Number.isInteger(T) || T < 1) throw numError(`years must be a whole number ≥ 1 (got ${T})`);
  const c1 = requireFinite(inputs.cohortSize, "cohortSize");
  if (c1 <= 0) throw numError(`cohortSize must be > 0 (got ${c1})`);
  const acquisition = requireFinite(inputs.acquisitionCost ?? 0, "acquisitionCost");

  const retention = perYear(inputs.retention, "retention", T, true);
  const referral = perYear(inputs.referralRate ?? 0, "referralRate", T);
  const orders = perYear(inputs.ordersPerYear, "ordersPerYear", T);
  const aov = perYear(inputs.avgOrderValue, "avgOrderValue", T);
  const costPct = perYear(inputs.directCostPct, "directCostPct", T);
  const marketing = perYear(inputs.marketingCost ?? 0, "marketingCost", T);
  const program = perYear(inputs.programCost ?? 0, "programCost", T);
  const database = perYear(inputs.databaseCost ?? 0, "databaseCost", T);
  const incentive = perYear(inputs.referralIncentive ?? 0, "referralIncentive", T);
  retention.forEach((r, k) => {
    if (!(r >= 0 && r <= 1) && !(Number.isNaN(r) && k === T - 1))
      throw numError(`retention year ${k + 1} must be between 0 and 1 (got ${r})`);
  });
  referral.forEach((r, k) => {
    if (r < 0) throw numError(`referralRate year ${k + 1} must be ≥ 0 (got ${r})`);
  });
  const factors = discountFactors(inputs.discount, T);

  const rows: HughesYear[] = [];
  let cumulativeNpv = 0;
  for (let k = 0; k < T; k++) {
    const retained = k === 0 ? c1 : rows[k - 1].total * retention[k - 1];
    const referred = retained * referral[k];
    const total = retained + referred;
    const revenue = total * orders[k] * aov[k];
    const directCosts = revenue * costPct[k];
    const acquisitionCost = k === 0 ? c1 * acquisition : 0;
    const otherCosts = total * (marketing[k] + program[k] + database[k]);
    const referralIncentive = referred * incentive[k];
    const totalCosts = directCosts + acquisitionCost + otherCosts + referralIncentive;
    const grossProfit = revenue - totalCosts;
    const npvProfit = grossProfit / factors[k];
    cumulativeNpv += npvProfit;
    rows.push({
      year: k + 1,
      retained,
      referred,
      total,
      retentionRate: retention[k],
      referralRate: referral[k],
      ordersPerYear: orders[k],
      avgOrderValue: aov[k],
      revenue,
      directCostPct: costPct[k],
      directCosts,
      acquisitionCost,
      otherCosts,
      referralIncentive,
      totalCosts,
      grossProfit,
      discountFactor: factors[k],
      npvProfit,
      cumulativeNpv,
      lifetimeValue: cumulativeNpv / c1,
    });
  }
  return rows;
}

function discountFactors(discount: HughesDiscounting, T: number): number[] {
  switch (discount.kind) {
    case "FACTORS": {
      const factors = perYear(discount.factors, "discount factors", T);
      factors.forEach((f, k) => {
        if (f <= 0) throw numError(`discount factor year ${k + 1} must be > 0 (got ${f})`);
      });
      return factors;
    }
    case "HUGHES":
      return Array.from({ length: T }, (_, k) =>
        hughesDiscount(discount.interestRate, discount.riskFactor, k + 1, discount.delayDays ?? 0),
      );
    case "RATE": {
      const d = requireFinite(discount.rate, "discount rate");
      if (d <= -1) throw numError(`discount rate must be > −1 (got ${d})`);
      return Array.from({ length: T }, (_, k) => (1 + d) ** k);
    }
    default:
      throw valueError(`discount kind must be FACTORS, HUGHES or RATE`);
  }
}

/**
 * Expands a per-year input to T values. An array must have T entries; `lastOptional` also accepts
 * T − 1 (the retention of the last year is never used), the missing year being NaN.
 */
function perYear(value: PerYear, name: string, T: number, lastOptional = false): number[] {
  if (typeof value === "number") return new Array<number>(T).fill(requireFinite(value, name));
  const ok = value.length === T || (lastOptional && T > 1 && value.length === T - 1);
  if (!ok) throw valueError(`${name} must have ${lastOptional ? `${T - 1} or ` : ""}${T} values, one per year (got ${value.length})`);
  const values = value.map((v, k) => requireFinite(v, `${name} year ${k + 1}`));
  if (values.length < T) values.push(NaN);
  return values;
}
