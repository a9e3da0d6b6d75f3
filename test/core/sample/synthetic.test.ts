import { generateSales, generateSalesCsv, SALES_HEADERS, type SalesOptions } from "../../../src/core/sample/synthetic";
import { expectEachStrictEqual } from "../../support/strict-equal";

const base: SalesOptions = { customers: 300, rows: 4000, seed: 7, start: 45292, days: 730, lang: "en", badRows: 10 };

/** Rows whose cells are all well-formed (the generator's bad rows break exactly one cell). */
function isGood(row: unknown[]): boolean {
  return typeof row[0] === "string" && row[0] !== "" && typeof row[1] === "number" && typeof row[5] === "number";
}

describe("generateSales", () => {
  const table = generateSales(base);

  it("is deterministic for a seed and differs across seeds", () => {
    expect(generateSales(base)).toEqual(table);
    expect(generateSales({ ...base, seed: 8 }).rows).not.toEqual(table.rows);
  });

  it("has the requested size, the language's headers and every customer among the good rows", () => {
    expect(table.header).toEqual(["Customer ID", "Order Date", "Order ID", "Quantity", "Unit Price", "Amount", "Cost"]);
    expect(generateSales({ ...base, lang: "zh", rows: 5, badRows: 0 }).header).toEqual([
      "客户编号",
      "下单日期",
      "订单号",
      "数量",
      "单价",
      "金额",
      "成本",
    ]);
    expect(table.rows).toHaveLength(4000);
    const ids = new Set(table.rows.filter(isGood).map((r) => r[0]));
    expect(ids.size).toBe(300);
  });

  it("mixes in exactly the requested bad rows, of several kinds", () => {
    const bad = table.rows.filter((r) => !isGood(r));
    expect(bad).toHaveLength(10);
    expect(bad.some((r) => r[0] === "")).toBe(true);
    expect(bad.some((r) => r[5] === "n/a")).toBe(true);
    expect(bad.some((r) => typeof r[1] === "string")).toBe(true);
    expect(bad.some((r) => r[1] === null)).toBe(true);
    expect(generateSales({ ...base, badRows: 0 }).rows.every(isGood)).toBe(true);
  });

  it("keeps dates in the window and in ascending order, amount = quantity × unit price", () => {
    const good = table.rows.filter(isGood);
    // The rules each row breaks, checked once (thousands of expect() calls cost seconds).
    const broken: string[] = [];
    let previous = -Infinity;
    good.forEach(([, day, , qty, price, amount, cost], i) => {
      const d = day as number;
      if (!(d >= 45292 && d <= 45292 + 729)) broken.push(`row ${i}: day ${d} outside the window`);
      if (!(d >= previous)) broken.push(`row ${i}: day ${d} before ${previous}`);
      previous = d;
      // toBeCloseTo(…, 6): closer than 0.5e-6.
      if (!(Math.abs((amount as number) - (qty as number) * (price as number)) < 0.5e-6))
        broken.push(`row ${i}: amount ${amount} ≠ ${qty} × ${price}`);
      if (Math.sign(cost as number) !== Math.sign(amount as number))
        broken.push(`row ${i}: cost ${cost} and amount ${amount} differ in sign`);
    });
    expect(broken).toEqual([]);
  });

  it("writes returns as negative lines under their own RT order ids", () => {
    const good = table.rows.filter(isGood);
    const returns = good.filter((r) => (r[5] as number) < 0);
    expect(returns.length).toBeGreaterThan(20);
    expect(returns.every((r) => /^RT\d{7}$/.test(r[2] as string) && (r[3] as number) < 0)).toBe(true);
    expect(good.filter((r) => (r[5] as number) > 0).every((r) => /^SO\d{7}$/.test(r[2] as string))).toBe(true);
    // Lines of one order share customer and date.
    const orderKey = new Map<string, string>();
    const split: string[] = [];
    for (const r of good) {
      const key = `${r[0]}|${r[1]}`;
      if ((orderKey.get(r[2] as string) ?? key) !== key) split.push(`${r[2]}: ${orderKey.get(r[2] as string)} and ${key}`);
      orderKey.set(r[2] as string, key);
    }
    expect(split).toEqual([]);
  });

  it("is skewed: many one-order customers, a few heavy buyers holding most of the spend", () => {
    const good = generateSales({ ...base, customers: 2000, rows: 25000, badRows: 0 }).rows;
    const spend = new Map<string, number>();
    const orders = new Map<string, Set<string>>();
    for (const [id, , order, , , amount] of good) {
      spend.set(id as string, (spend.get(id as string) ?? 0) + (amount as number));
      if (!orders.has(id as string)) orders.set(id as string, new Set());
      orders.get(id as string)!.add(order as string);
    }
    const values = [...spend.values()].sort((a, b) => b - a);
    const total = values.reduce((s, v) => s + v, 0);
    const top20 = values.slice(0, Math.ceil(values.length * 0.2)).reduce((s, v) => s + v, 0);
    expect(top20 / total).toBeGreaterThan(0.6);
    const oneOrder = [...orders.values()].filter((s) => s.size === 1).length;
    expect(oneOrder / orders.size).toBeGreaterThan(0.3);
  });

  it("rejects impossible options", () => {
    expect(() => generateSales({ ...base, badRows: 5000 })).toThrow(/badRows/);
    expect(() => generateSales({ ...base, customers: 0 })).toThrow(/customers/);
  });
});

describe("generateSalesCsv", () => {
  it("yields the same table as CSV text with ISO dates", () => {
    const options = { ...base, rows: 500, dates: "iso" as const };
    const table = generateSales(options);
    const text = [...generateSalesCsv(options, 64)].join("");
    const lines = text.split("\r\n");
    expect(lines.pop()).toBe("");
    expect(lines[0]).toBe(SALES_HEADERS.en.join(","));
    expect(lines).toHaveLength(501);
    const parsed = lines.slice(1).map((l) => l.split(","));
    const asText = table.rows.map((r) => r.map((c) => (c === null || c === undefined ? "" : typeof c === "number" ? String(c) : c)));
    // Money is written with two decimals; compare numerically (toBeCloseTo(…, 9): closer than
    // 0.5e-9) where the table holds numbers. Mismatches are collected and checked once.
    const differ: string[] = [];
    parsed.forEach((row, i) =>
      row.forEach((cell, j) => {
        const expected = table.rows[i][j];
        const same = typeof expected === "number" && j >= 3 ? Math.abs(Number(cell) - expected) < 0.5e-9 : cell === asText[i][j];
        if (!same) differ.push(`row ${i} column ${j}: ${cell} for ${String(expected)}`);
      }),
    );
    expect(differ).toEqual([]);
    expect(parsed[0][1]).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it("dates day 45292 as 2024-01-01 (the Excel serial of that date)", () => {
    const [, first] = generateSalesCsv({ ...base, customers: 1, rows: 1, badRows: 0, days: 1 });
    expect(first.split(",")[1]).toBe("2024-01-01");
  });
});

describe("committed samples", () => {
  // Imported lazily: the generator tests above need neither ExcelJS nor the files.
  it("hold exactly what `npm run samples` generates", async () => {
    const { SALES, SALES_ZH, SHEET } = await import("../../../scripts/make-samples");
    const ExcelJS = (await import("exceljs")).default;
    const { readFileSync } = await import("fs");
    const { join } = await import("path");
    const dir = join(__dirname, "..", "..", "..", "samples");
    for (const [file, options] of [
      ["sales.xlsx", SALES],
      ["sales-zh.xlsx", SALES_ZH],
    ] as const) {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(join(dir, file));
      const ws = wb.worksheets[0];
      expect(ws.name).toBe(SHEET[options.lang]);
      const { header, rows } = generateSales(options);
      const cells = (r: number) =>
        Array.from({ length: 7 }, (_, c) => {
          const v = ws.getRow(r).getCell(c + 1).value;
          return v instanceof Date ? v.getTime() / 86400000 + 25569 : (v ?? null);
        });
      expect(cells(1)).toEqual(header);
      expect(ws.rowCount).toBe(rows.length + 1);
      expectEachStrictEqual(
        rows.map((_, i) => cells(i + 2)),
        rows.map((row) => row.map((c) => (c === undefined ? null : c))),
      );
    }
    const csv = [...generateSalesCsv({ ...SALES, dates: "iso" })].join("");
    expect(readFileSync(join(dir, "sales.csv"), "utf8")).toBe(csv);
  });
});
