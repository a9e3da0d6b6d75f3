/** The migration analysis's options form: what it refuses, and the request options it builds. */
import { DEFAULT_MIGRATION, migrationOptions, migrationProblems } from "../../src/taskpane/analyses/migration-form";
import { MIGRATION_EN as t } from "../../src/taskpane/analyses/i18n-migration";

test("the defaults run: quarters, 4 estimated states, 100 % of mean spend, no cost, 10 % per period, infinite horizon", () => {
  expect(migrationProblems(DEFAULT_MIGRATION, t)).toEqual({});
  expect(migrationOptions(DEFAULT_MIGRATION)).toEqual({
    period: "QUARTER",
    states: 4,
    probs: undefined,
    margin: undefined,
    marginPct: 1,
    contactCost: 0,
    discountRate: 0.1,
    horizon: undefined,
  });
});

test("typed p_k and margin (Appendix A's case) go through as numbers; percents become shares", () => {
  const form = {
    ...DEFAULT_MIGRATION,
    probsSource: "typed" as const,
    probs: "0.30, 0.20; 0.15 0.05",
    marginSource: "typed" as const,
    margin: "40",
    contactCost: "4",
    rate: "20",
    horizon: "12",
  };
  expect(migrationProblems(form, t)).toEqual({});
  expect(migrationOptions(form)).toMatchObject({
    probs: [0.3, 0.2, 0.15, 0.05],
    states: undefined,
    margin: 40,
    marginPct: undefined,
    contactCost: 4,
    discountRate: 0.2,
    horizon: 12,
  });
});

test("each bad field is named: p outside 0..1, a state count of 0, a rate of −100 %, a fractional horizon, text for money", () => {
  const form = { ...DEFAULT_MIGRATION, states: "0", rate: "-100", horizon: "1.5", contactCost: "abc", marginPct: "" };
  expect(migrationProblems(form, t)).toEqual({
    states: t.statesInvalid,
    rate: t.rateInvalid,
    horizon: t.horizonInvalid,
    contactCost: t.numberInvalid,
    marginPct: t.numberInvalid,
  });
  expect(migrationProblems({ ...DEFAULT_MIGRATION, probsSource: "typed", probs: "0.3, 1.2" }, t)).toEqual({ probs: t.probsInvalid });
  expect(migrationProblems({ ...DEFAULT_MIGRATION, probsSource: "typed", probs: "" }, t)).toEqual({ probs: t.probsInvalid });
});
