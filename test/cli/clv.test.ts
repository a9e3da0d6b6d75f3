/**
 * `crm-segments clv` end to end on the CDNOW sample (Fader, Hardie & Lee 2005), converted to a CSV
 * of customer id, ISO date and amount. Expected values are the published figures
 * (shared/data/README.md), the published per-customer summary and tracking files, and hand
 * computation from the fitted parameters the command reports.
 */
import ExcelJS from "exceljs";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { readCsvOutput, readWorkbook, runCli } from "../support/cli";
import { FIXTURES, readNumericCsv } from "../core/btyd/cdnow";
import { betaIntegral } from "../core/btyd/quadrature";

const tmp = mkdtempSync(join(tmpdir(), "crm-clv-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const run = runCli;

function readCsv(path: string): { header: string[]; rows: string[][] } {
  const [header, ...rows] = readCsvOutput(path)
    .trimEnd()
    .split("\n")
    .map((l) => l.split(","));
  return { header, rows };
}

/** CDNOW_sample.txt lines: master id, sample id, YYYYMMDD, CDs, dollars. */
const RAW = readFileSync(join(FIXTURES, "CDNOW_sample.txt"), "utf8")
  .split("\n")
  .filter((l) => l.trim() !== "")
  .map((l) => l.trim().split(/\s+/));
const iso = (ymd: string) => `${ymd.slice(0, 4)}-${ymd.slice(4, 6)}-${ymd.slice(6, 8)}`;
/** The sample id as a number, so customer "1" is row "1" of the published summary. */
const CDNOW_CSV = join(tmp, "cdnow.csv");
writeFileSync(CDNOW_CSV, ["customer,date,amount", ...RAW.map((f) => `${Number(f[1])},${iso(f[2])},${f[4]}`)].join("\n") + "\n");

const SUMMARY = readNumericCsv("btyd_cdnowSummary_cbs_with_holdout.csv");
const TRACKING = readNumericCsv("btyd_cdnowSummary_cu_tracking.csv")["cum_repeat_trans"];
const CAL = ["--calibration-end", "1997-09-30"];
const WEEKS_PER_MONTH = 365.25 / 12 / 7;

/** E[Y(t) | alive at T, x] of BG/NBD as a beta-mixture integral: λ | x ~ Gamma(r+x, α+T), p | x ~ Beta(a, b+x). */
function bgnbdIfAlive(par: Record<string, number>, t: number, x: number, T: number): number {
  const { r, alpha, a, b } = par;
  const norm = betaIntegral(a, b + x, () => 1);
  // Given λ and p, purchases in t before dropping out: (1 − e^(−λpt))/p; the Gamma mixture over λ gives the power.
  return betaIntegral(a, b + x, (p) => -Math.expm1((r + x) * -Math.log1p((p * t) / (alpha + T))) / p) / norm;
}

describe("crm-segments clv: BG/NBD with a holdout on the CDNOW sample", () => {
  const json = join(tmp, "bg.json");
  const csv = join(tmp, "bg.csv");
  const xlsx = join(tmp, "bg.xlsx");
  let result: { code: number; err: string };
  let fit: any;
  let table: { header: string[]; rows: string[][] };

  beforeAll(async () => {
    result = await run(
      "clv",
      CDNOW_CSV,
      ...CAL,
      "--holdout-end",
      "1998-06-30",
      "--params-json",
      json,
      "--csv",
      csv,
      "-o",
      xlsx,
      "--lang",
      "en",
    );
    fit = JSON.parse(readFileSync(json, "utf8"));
    table = readCsv(csv);
  });

  it("succeeds, naming the models, the merged same-day rows (6,919 → 6,696) and the outputs on stderr", () => {
    expect(result.code).toBe(0);
    expect(result.err).toMatch(/BG\/NBD \(transactions\) and Gamma-Gamma \(spend, 946 repeat buyers\) fitted to 2,357 customers/);
    expect(result.err).toMatch(/6,919 rows used \(223 same-day rows merged\)/);
    expect(result.err).toMatch(/wrote .*bg\.json and .*bg\.csv and .*bg\.xlsx\n$/);
    expect(result.err).not.toMatch(/WARNING/);
  });

  it("--params-json reproduces r = 0.243, α = 4.414, a = 0.793, b = 2.426, LL = −9582.4", () => {
    expect(fit.model).toBe("bgnbd");
    expect(Object.keys(fit.params)).toEqual(["r", "alpha", "a", "b"]);
    expect(fit.params.r).toBeCloseTo(0.243, 3);
    expect(fit.params.alpha).toBeCloseTo(4.414, 3);
    expect(fit.params.a).toBeCloseTo(0.793, 3);
    expect(fit.params.b).toBeCloseTo(2.426, 3);
    expect(fit.logLikelihood).toBeCloseTo(-9582.4, 1);
    expect(fit.customers).toBe(2357);
    expect(fit).toMatchObject({
      unit: "week",
      converged: true,
      calibrationEnd: "1997-09-30",
      holdoutEnd: "1998-06-30",
      excluded: { firstPurchaseAfterCalibration: 0 },
    });
    for (const k of ["r", "alpha", "a", "b"]) expect(fit.stdErrors[k]).toBeGreaterThan(0);
    // The spend model rides along: p = 6.25, q = 3.74, γ = 15.44 on the 946 repeat buyers.
    expect(fit.spendModel.model).toBe("gg");
    expect(fit.spendModel.params.p).toBeCloseTo(6.25, 2);
    expect(fit.spendModel.params.q).toBeCloseTo(3.74, 2);
    expect(fit.spendModel.params.gamma).toBeCloseTo(15.44, 2);
  });

  it("the CSV has one row per customer whose x, t_x, T, x_holdout and mean spend equal the published summary", () => {
    expect(table.header).toEqual([
      "customer_id",
      "x",
      "t_x",
      "T",
      "mean_spend",
      "x_holdout",
      "p_alive",
      "expected_purchases",
      "expected_spend",
      "clv",
    ]);
    expect(table.rows).toHaveLength(2357);
    const byId = new Map(table.rows.map((r) => [Number(r[0]), r.map(Number)]));
    SUMMARY["cust"].forEach((id, i) => {
      const row = byId.get(id) as number[];
      expect(row[1]).toBe(SUMMARY["x"][i]);
      expect(row[2]).toBeCloseTo(SUMMARY["t.x"][i], 10);
      expect(row[3]).toBeCloseTo(SUMMARY["T.cal"][i], 10);
      expect(row[5]).toBe(SUMMARY["x.star"][i]);
      expect(row[4]).toBeCloseTo(SUMMARY["m.x"][i], 10);
    });
    // Customer 1 as README.md states it: x = 2, t_x = 30.43, T = 38.86 (first purchase 1997-01-01).
    expect(
      byId
        .get(1)!
        .slice(1, 4)
        .map((v) => Math.round(v * 100) / 100),
    ).toEqual([2, 30.43, 38.86]);
  });

  it("x_holdout totals the 1,882 repeat purchases of the 39-week holdout", () => {
    expect(table.rows.reduce((s, r) => s + Number(r[5]), 0)).toBe(1882);
    expect(fit.holdout.actual).toBe(1882);
  });

  it("P(alive), expected purchases over 12 months, expected spend and CLV of customer 1 by hand", () => {
    const row = table.rows.find((r) => r[0] === "1")!.map(Number);
    const [x, tx, T, m] = row.slice(1, 5);
    const { r, alpha, a, b } = fit.params;
    // FHL (2005) eq. (11).
    const alive = 1 / (1 + (a / (b + x - 1)) * ((alpha + T) / (alpha + tx)) ** (r + x));
    expect(row[6]).toBeCloseTo(alive, 10);
    const E = (months: number) => alive * bgnbdIfAlive(fit.params, months * WEEKS_PER_MONTH, x, T);
    expect(row[7]).toBeCloseTo(E(12), 6);
    const { p, q, gamma } = fit.spendModel.params;
    const spend = ((gamma + x * m) * p) / (p * x + q - 1);
    expect(row[8]).toBeCloseTo(spend, 8);
    // Default 10% a year, compounded monthly; margin 1; each month's purchases valued at its end.
    const d = 1.1 ** (1 / 12) - 1;
    let discounted = 0;
    for (let k = 1; k <= 12; k++) discounted += (E(k) - E(k - 1)) / (1 + d) ** k;
    expect(row[9]).toBeCloseTo(spend * discounted, 5);
  });

  it("a one-time buyer is alive for BG/NBD (no repeat purchase, no chance to drop out)", () => {
    const oneTime = table.rows.filter((r) => r[1] === "0");
    expect(oneTime).toHaveLength(1411);
    for (const r of oneTime) expect(Number(r[6])).toBe(1);
  });

  it("the workbook has the parameters, customers, tracking and diagnostics sheets", async () => {
    const wb = await readWorkbook(xlsx);
    expect(wb.worksheets.map((w) => w.name)).toEqual(["Parameters", "Customers", "Tracking", "Diagnostics"]);
    const params = wb.getWorksheet("Parameters")!;
    const values = new Map<string, ExcelJS.CellValue[]>();
    params.eachRow((row) => {
      const cells = (row.values as ExcelJS.CellValue[]).slice(1);
      if (typeof cells[0] === "string" && !values.has(cells[0])) values.set(cells[0], cells.slice(1));
    });
    expect(values.get("Transaction model")).toEqual(["BG/NBD"]);
    expect(values.get("Spend model")).toEqual(["Gamma-Gamma"]);
    expect(values.get("Time unit")).toEqual(["week (7 days)"]);
    expect((values.get("r") as number[])[0]).toBeCloseTo(0.243, 3);
    expect((values.get("b") as number[])[0]).toBeCloseTo(2.426, 3);
    expect((values.get("γ") as number[])[0]).toBeCloseTo(15.44, 2);
    expect((values.get("Log-likelihood") as number[])[0]).toBeCloseTo(-9582.4, 1);
    expect(values.get("Converged")).toEqual(["yes"]);
    expect(values.get("Customers fitted")).toEqual([2357]);
    expect(values.get("Excluded: no repeat purchase")).toEqual([1411]);
    expect(values.get("Same-day rows merged into one purchase")).toEqual([223]);
    expect(values.get("Repeat purchases, actual")).toEqual([1882]);
    expect(values.get("Horizon (months)")).toEqual([12]);
    expect(values.get("Annual discount rate")).toEqual([0.1]);

    const customers = wb.getWorksheet("Customers")!;
    expect(customers.rowCount).toBe(2358);
    const first = (customers.getRow(2).values as ExcelJS.CellValue[]).slice(1);
    expect(first).toEqual(table.rows[0].map((v, j) => (j === 0 ? v : Number(v))));
  });

  it("tracking: cumulative repeat transactions by week equal the published 78 weeks; the prediction ends within 5%", async () => {
    const ws = (await readWorkbook(xlsx)).getWorksheet("Tracking")!;
    const rows = Array.from({ length: ws.rowCount - 3 }, (_, k) => (ws.getRow(k + 4).values as ExcelJS.CellValue[]).slice(1));
    expect(rows).toHaveLength(78);
    expect(rows.map((r) => r[5])).toEqual(TRACKING);
    // Week 39 ends on the calibration end, week 78 on the holdout end.
    expect((rows[38][1] as Date).toISOString().slice(0, 10)).toBe("1997-09-30");
    expect(rows[38][2]).toBe("calibration");
    expect(rows[39][2]).toBe("holdout");
    expect((rows[77][1] as Date).toISOString().slice(0, 10)).toBe("1998-06-30");
    for (const week of [39, 52, 78]) expect(Math.abs((rows[week - 1][6] as number) / TRACKING[week - 1] - 1)).toBeLessThan(0.05);
  });
});

describe("crm-segments clv: Pareto/NBD and Gamma-Gamma parameters", () => {
  it("--model pnbd reproduces r = 0.553, α = 10.578, s = 0.606, β = 11.669, LL = −9595.0", async () => {
    const json = join(tmp, "pnbd.json");
    const result = await run("clv", CDNOW_CSV, ...CAL, "--model", "pnbd", "--params-json", json);
    expect(result.code).toBe(0);
    expect(result.err).toMatch(/Pareto\/NBD \(transactions\)/);
    // --params-json alone: no workbook.
    expect(existsSync(join(tmp, "cdnow-clv.xlsx"))).toBe(false);
    const fit = JSON.parse(readFileSync(json, "utf8"));
    expect(fit.model).toBe("pnbd");
    expect(Object.keys(fit.params)).toEqual(["r", "alpha", "s", "beta"]);
    expect(fit.params.r).toBeCloseTo(0.553, 3);
    expect(fit.params.alpha).toBeCloseTo(10.578, 3);
    expect(fit.params.s).toBeCloseTo(0.606, 3);
    expect(fit.params.beta).toBeCloseTo(11.669, 3);
    expect(fit.logLikelihood).toBeCloseTo(-9595.0, 1);
    expect(fit.customers).toBe(2357);
  });

  it("--model gg reproduces p = 6.25, q = 3.74, γ = 15.44, LL = −4055.9 on the 946 repeat buyers", async () => {
    const json = join(tmp, "gg.json");
    const result = await run("clv", CDNOW_CSV, ...CAL, "--model", "gg", "--params-json", json);
    expect(result.code).toBe(0);
    const fit = JSON.parse(readFileSync(json, "utf8"));
    expect(fit.model).toBe("gg");
    expect(Object.keys(fit.params)).toEqual(["p", "q", "gamma"]);
    expect(fit.params.p).toBeCloseTo(6.25, 2);
    expect(fit.params.q).toBeCloseTo(3.74, 2);
    expect(fit.params.gamma).toBeCloseTo(15.44, 2);
    expect(fit.logLikelihood).toBeCloseTo(-4055.9, 1);
    expect(fit.customers).toBe(946);
    expect(fit.excluded).toMatchObject({ noRepeatPurchase: 2357 - 946, nonPositiveSpend: 0 });
    expect(fit.transactionModel.model).toBe("bgnbd");
  });
});

describe("crm-segments clv: other inputs and outputs", () => {
  it("with neither -o nor --csv nor --params-json, writes <input>-clv.xlsx with Chinese sheet names (no tracking without a holdout)", async () => {
    const result = await run("clv", CDNOW_CSV, ...CAL);
    expect(result.code).toBe(0);
    const wb = await readWorkbook(join(tmp, "cdnow-clv.xlsx"));
    expect(wb.worksheets.map((w) => w.name)).toEqual(["模型参数", "客户", "诊断"]);
    expect((wb.getWorksheet("客户")!.getRow(1).values as ExcelJS.CellValue[])[1]).toBe("客户");
  });

  it("without an amount column: BG/NBD as published, no spend or CLV columns, said on stderr; an .xlsx input reads the same", async () => {
    // An .xlsx with real date cells and no amount column (the data of customers 1–2357, unchanged).
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("Orders");
    ws.addRow(["Customer", "Order date"]);
    for (const f of RAW) ws.addRow([Number(f[1]), new Date(`${iso(f[2])}T00:00:00Z`)]);
    const input = join(tmp, "no-amount.xlsx");
    await wb.xlsx.writeFile(input);
    const json = join(tmp, "no-amount.json");
    const csv = join(tmp, "no-amount.csv");
    const result = await run("clv", input, ...CAL, "--params-json", json, "--csv", csv);
    expect(result.code).toBe(0);
    expect(result.err).toMatch(/no amount column: mean spend, expected spend and CLV need amounts and are left out/);
    expect(result.err).not.toMatch(/rows left out/);
    const fit = JSON.parse(readFileSync(json, "utf8"));
    expect(fit.params.r).toBeCloseTo(0.243, 3);
    expect(fit.params.b).toBeCloseTo(2.426, 3);
    expect(fit.logLikelihood).toBeCloseTo(-9582.4, 1);
    expect(fit.spendModel).toBeUndefined();
    const { header, rows } = readCsv(csv);
    expect(header).toEqual(["customer_id", "x", "t_x", "T", "p_alive", "expected_purchases"]);
    expect(rows).toHaveLength(2357);
  });

  it("a CSV without amounts keeps its blank lines blank (not rejected rows)", async () => {
    const input = join(tmp, "blank-lines.csv");
    writeFileSync(input, "customer,date\nA,2024-01-01\n\nA,2024-01-20\nB,2024-01-03\n,\nB,2024-02-01\nC,2024-01-05\n");
    const json = join(tmp, "blank-lines.json");
    const result = await run("clv", input, "--calibration-end", "2024-03-31", "--params-json", json);
    expect(result.code).toBe(0);
    expect(result.err).toMatch(/fitted to 3 customers/);
    expect(result.err).toMatch(/5 rows used/);
    expect(result.err).not.toMatch(/rows left out/);
  });

  it("a fit that does not converge: exit 0, a loud warning, Converged false in the JSON and the workbook", async () => {
    // 200 customers buying every 7 days without fail: no heterogeneity and no dropout to estimate.
    const lines = ["customer,date,amount"];
    for (let c = 0; c < 200; c++) {
      for (let k = 0; k < 30; k++)
        lines.push(`C${c},${new Date(Date.UTC(2020, 0, 1 + (c % 30) + 7 * k)).toISOString().slice(0, 10)},${10 + (c % 5)}`);
    }
    const input = join(tmp, "regular.csv");
    writeFileSync(input, lines.join("\n") + "\n");
    const json = join(tmp, "regular.json");
    const xlsx = join(tmp, "regular.xlsx");
    const result = await run("clv", input, "--calibration-end", "2020-06-30", "--params-json", json, "-o", xlsx, "--lang", "en");
    expect(result.code).toBe(0);
    expect(result.err).toMatch(/WARNING: BG\/NBD did not converge: .*Converged = false/);
    const fit = JSON.parse(readFileSync(json, "utf8"));
    expect(fit.converged).toBe(false);
    for (const k of ["r", "alpha", "a", "b"]) expect(Number.isFinite(fit.params[k])).toBe(true);
    const params = (await readWorkbook(xlsx)).getWorksheet("Parameters")!;
    let converged: ExcelJS.CellValue;
    params.eachRow((row) => {
      if (row.getCell(1).value === "Converged" && converged === undefined) converged = row.getCell(2).value;
    });
    expect(converged!).toMatch(/^NO/);
  });
});

describe("crm-segments clv: bad arguments and data exit 2 with a one-line reason", () => {
  const noAmount = join(tmp, "dates-only.csv");
  beforeAll(() => writeFileSync(noAmount, ["customer,date", ...RAW.map((f) => `${Number(f[1])},${iso(f[2])}`)].join("\n") + "\n"));

  const cases: [string, () => string[], RegExp][] = [
    ["missing --calibration-end", () => ["clv", CDNOW_CSV], /needs --calibration-end YYYY-MM-DD/],
    [
      "a date of the wrong shape",
      () => ["clv", CDNOW_CSV, "--calibration-end", "30/09/1997"],
      /--calibration-end must be YYYY-MM-DD \(got '30\/09\/1997'\)/,
    ],
    [
      "a date not in the calendar",
      () => ["clv", CDNOW_CSV, "--calibration-end", "1997-02-30"],
      /--calibration-end 1997-02-30 is not a calendar date/,
    ],
    [
      "a calibration end before the first purchase",
      () => ["clv", CDNOW_CSV, "--calibration-end", "1996-12-31"],
      /cdnow\.csv: no customer has a purchase on or before the calibration end 1996-12-31: the first purchase is on 1997-01-01/,
    ],
    [
      "a holdout end not after the calibration end",
      () => ["clv", CDNOW_CSV, ...CAL, "--holdout-end", "1997-09-30"],
      /--holdout-end 1997-09-30 must be after --calibration-end 1997-09-30/,
    ],
    [
      "an unknown model",
      () => ["clv", CDNOW_CSV, ...CAL, "--model", "bgbb"],
      /--model must be one of auto, bgnbd, mbgnbd, pnbd, nbd, gg \(got 'bgbb'\)/,
    ],
    [
      "gg without amounts",
      () => ["clv", noAmount, ...CAL, "--model", "gg"],
      /--model gg is a spend model and .*dates-only\.csv has no amount column/,
    ],
    ["an unknown unit", () => ["clv", CDNOW_CSV, ...CAL, "--unit", "fortnight"], /--unit must be one of day, week, month/],
    [
      "a horizon that is not whole months",
      () => ["clv", CDNOW_CSV, ...CAL, "--horizon", "1.5"],
      /--horizon must be a whole number of months ≥ 1/,
    ],
    ["a margin above 1", () => ["clv", CDNOW_CSV, ...CAL, "--margin", "30"], /--margin must be the share of revenue kept as profit/],
    [
      "a discount rate that is not a number",
      () => ["clv", CDNOW_CSV, ...CAL, "--discount-rate", "10%"],
      /--discount-rate must be a number \(got '10%'\)/,
    ],
    [
      "an unknown column",
      () => ["clv", CDNOW_CSV, ...CAL, "--amount", "dollars"],
      /--amount 'dollars': no such column in .*cdnow\.csv \(columns: customer, date, amount\)/,
    ],
    [
      "a workbook output that is not .xlsx",
      () => ["clv", CDNOW_CSV, ...CAL, "-o", join(tmp, "out.csv")],
      /the workbook output must end in \.xlsx/,
    ],
    ["an option of segment", () => ["clv", CDNOW_CSV, ...CAL, "--as-of", "1997-09-30"], /unknown option '--as-of'/],
    [
      "only one-time buyers by the calibration end",
      () => ["clv", CDNOW_CSV, "--calibration-end", "1997-01-01", "--csv", join(tmp, "never.csv")],
      /cdnow\.csv: BG\/NBD: all 18 customers are one-time buyers/,
    ],
  ];
  it.each(cases)("%s", async (_, argv, message) => {
    const result = await run(...argv());
    expect(result.code).toBe(2);
    expect(result.err).toMatch(message);
    expect(result.err.trimEnd().split("\n")).toHaveLength(1);
  });

  it("writes nothing when it refuses", () => {
    expect(existsSync(join(tmp, "never.csv"))).toBe(false);
  });
});
