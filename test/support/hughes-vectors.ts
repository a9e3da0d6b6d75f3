/** METHODS.md §7.6 test-vector inputs, typed in from the specification once for every test. */
import type { HughesInputs } from "../../src/core/methods/hughes";

/** Test vector 1: Weldon Scientific, 20,000 customers, with the printed discount factors. */
export const WELDON: HughesInputs = {
  years: 3,
  cohortSize: 20000,
  retention: [0.6, 0.65, 0.7],
  ordersPerYear: [1.8, 2.6, 3.6],
  avgOrderValue: [2980, 5589, 9106],
  directCostPct: [0.7, 0.65, 0.63],
  acquisitionCost: 630,
  discount: { kind: "FACTORS", factors: [1.13, 1.81, 2.53] },
};

/** Test vector 2: Hughes's Special LTV calculator, discounted by (1 + i·rf)^((t−1) + delay/365). */
export const SPECIAL: HughesInputs = {
  years: 3,
  cohortSize: 200000,
  ordersPerYear: [1.1, 1.2, 1.3],
  avgOrderValue: [90, 100, 120],
  retention: [0.6, 0.7, 0.8],
  referralRate: [0.01, 0.02, 0.03],
  directCostPct: [0.6, 0.58, 0.57],
  acquisitionCost: 32,
  marketingCost: [3, 10, 10],
  programCost: 2,
  databaseCost: 4,
  referralIncentive: 15,
  discount: { kind: "HUGHES", interestRate: 0.06, riskFactor: 1.6, delayDays: 30 },
};
