/**
 * `crm-segments clv` with the model choice: --model auto (comparison sheets and JSON), mbgnbd and
 * nbd, --interval, and the calibration advice when --calibration-end is missing.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { readCsvOutput, readWorkbook, runCli } from "../support/cli";
import { FIXTURES } from "../core/btyd/cdnow";

const tmp = mkdtempSync(join(tmpdir(), "crm-clv-models-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const RAW = readFileSync(join(FIXTURES, "CDNOW_sample.txt"), "utf8")
  .split("\n")
  .filter((l) => l.trim() !== "")
  .map((l) => l.trim().split(/\s+/));
const iso = (ymd: string) => `${ymd.slice(0, 4)}-${ymd.slice(4, 6)}-${ymd.slice(6, 8)}`;
const CDNOW_CSV = join(tmp, "cdnow.csv");
writeFileSync(CDNOW_CSV, ["customer,date,amount", ...RAW.map((f) => `${Number(f[1])},${iso(f[2])},${f[4]}`)].join("\n") + "\n");
const CAL = ["--calibration-end", "1997-09-30", "--holdout-end", "1998-06-30"];

describe("crm-segments clv --model auto on the CDNOW sample", () => {
  const json = join(tmp, "auto.json");
  const xlsx = join(tmp, "auto.xlsx");
  let result: { code: number; err: string };
  let fit: any;

  beforeAll(async () => {
    result = await runCli("clv", CDNOW_CSV, ...CAL, "--model", "auto", "--params-json", json, "-o", xlsx, "--lang", "en");
    fit = JSON.parse(readFileSync(json, "utf8"));
  });

  test("exit 0; the recommended model (Pareto/NBD, smallest holdout error) is the one used", () => {
    expect(result.code).toBe(0);
    expect(fit.model).toBe("pnbd");
    expect(fit.comparison.recommended).toBe("pnbd");
    expect(fit.comparison.reason).toMatch(/smallest per-customer holdout error/);
    expect(fit.comparison.models.map((m: any) => m.model)).toEqual(["bgnbd", "mbgnbd", "pnbd", "nbd"]);
    const mbg = fit.comparison.models[1];
    expect(mbg.params.r).toBeCloseTo(0.525, 2);
    expect(mbg.params.alpha).toBeCloseTo(6.183, 1);
    for (const m of fit.comparison.models) {
      expect(m.holdout.actual).toBe(1882);
      expect(m.bic).toBeCloseTo(Object.keys(m.params).length * Math.log(2357) - 2 * m.logLikelihood, 6);
    }
  });

  test("the workbook adds Models (the comparison) and Diagnostics (tables to chart)", async () => {
    const wb = await readWorkbook(xlsx);
    expect(wb.worksheets.map((w) => w.name)).toEqual(["Parameters", "Customers", "Tracking", "Models", "Diagnostics"]);
    const models = wb.getWorksheet("Models")!;
    expect(models.getRow(3).getCell(1).value).toBe("Model");
    expect([4, 5, 6, 7].map((r) => models.getRow(r).getCell(1).value)).toEqual(["BG/NBD", "MBG/NBD", "Pareto/NBD", "NBD"]);
    const diag = wb.getWorksheet("Diagnostics")!;
    // Histogram of calibration repeat purchases: 1,411 of the 2,357 customers made none.
    expect(diag.getRow(3).values).toEqual([undefined, "0", 1411, expect.any(Number)]);
    const total = [3, 4, 5, 6, 7, 8, 9, 10].reduce((s, r) => s + (diag.getRow(r).getCell(2).value as number), 0);
    expect(total).toBe(2357);
    const modelTotal = [3, 4, 5, 6, 7, 8, 9, 10].reduce((s, r) => s + (diag.getRow(r).getCell(3).value as number), 0);
    expect(modelTotal).toBeCloseTo(2357, 6);
  });
});

describe("crm-segments clv: other models and intervals", () => {
  test("--model nbd: P(alive) is 1 for everyone", async () => {
    const csv = join(tmp, "nbd.csv");
    const result = await runCli("clv", CDNOW_CSV, ...CAL, "--model", "nbd", "--csv", csv);
    expect(result.code).toBe(0);
    const [header, ...rows] = readCsvOutput(csv)
      .trimEnd()
      .split("\n")
      .map((l) => l.split(","));
    const col = header.indexOf("p_alive");
    for (const row of rows.slice(0, 50)) expect(Number(row[col])).toBe(1);
  });

  test("--interval 0.9 adds low/high columns that bracket the estimates", async () => {
    const csv = join(tmp, "iv.csv");
    const json = join(tmp, "iv.json");
    const result = await runCli(
      "clv",
      CDNOW_CSV,
      ...CAL,
      "--model",
      "mbgnbd",
      "--interval",
      "0.9",
      "--horizon",
      "3",
      "--csv",
      csv,
      "--params-json",
      json,
    );
    expect(result.code).toBe(0);
    expect(JSON.parse(readFileSync(json, "utf8")).intervals).toMatchObject({ level: 0.9, draws: 1000, seed: 1 });
    const [header, ...rows] = readCsvOutput(csv)
      .trimEnd()
      .split("\n")
      .map((l) => l.split(","));
    for (const name of ["p_alive", "expected_purchases", "expected_spend", "clv"]) {
      const [v, lo, hi] = [name, `${name}_low`, `${name}_high`].map((h) => header.indexOf(h));
      expect(lo).toBeGreaterThan(0);
      let inside = 0;
      for (const row of rows) if (Number(row[lo]) <= Number(row[v]) && Number(row[v]) <= Number(row[hi])) inside++;
      expect(inside / rows.length).toBeGreaterThan(0.98);
    }
  });

  test("--interval outside (0, 1): exit 2 naming the flag", async () => {
    const result = await runCli("clv", CDNOW_CSV, ...CAL, "--interval", "90");
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/--interval must be a level between 0 and 1/);
  });

  test("an unknown model lists every choice", async () => {
    const result = await runCli("clv", CDNOW_CSV, ...CAL, "--model", "bgbb");
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/--model must be one of auto, bgnbd, mbgnbd, pnbd, nbd, gg \(got 'bgbb'\)/);
  });
});

describe("crm-segments clv: calibration advice", () => {
  test("without --calibration-end the refusal suggests one from the data: two thirds of 1997-01-01 … 1998-06-30", async () => {
    const result = await runCli("clv", CDNOW_CSV);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(
      /needs --calibration-end YYYY-MM-DD.*the data run from 1997-01-01 to 1998-06-30; try --calibration-end 1997-12-30 --holdout-end 1998-06-30/,
    );
    expect(result.err.trim().split("\n")).toHaveLength(1);
  });

  test("a holdout shorter than a quarter of the calibration period is warned about", async () => {
    const json = join(tmp, "short.json");
    const result = await runCli("clv", CDNOW_CSV, "--calibration-end", "1998-03-31", "--holdout-end", "1998-05-30", "--params-json", json);
    expect(result.code).toBe(0);
    expect(result.err).toMatch(/WARNING: the holdout \(60 days\) is shorter than a quarter of the calibration period \(455 days\)/);
  });
});
