/**
 * The fake must be as strict as Excel where the add-in could go wrong, or the integration tests on
 * it prove nothing. These tests pin the Office.js semantics it enforces.
 */
import { FakeExcel, installFakeOffice, jsonBytes } from "../support/fake-excel";

describe("fake Excel: Office.js proxy semantics", () => {
  test("reading a property before load + sync throws PropertyNotLoaded", async () => {
    const fake = new FakeExcel();
    fake.addSheet("Data", [["a", 1]]);
    await fake.run(async (context) => {
      const range = context.workbook.worksheets.getItem("Data").getRange("A1:B1");
      expect(() => range.values).toThrow(expect.objectContaining({ code: "PropertyNotLoaded" }));
      range.load("values");
      expect(() => range.values).toThrow(expect.objectContaining({ code: "PropertyNotLoaded" }));
      await context.sync();
      expect(range.values).toEqual([["a", 1]]);
      expect(() => range.address).toThrow(expect.objectContaining({ code: "PropertyNotLoaded" }));
    });
  });

  test("writes reach the workbook only at sync; Excel.run syncs what is left when the batch ends", async () => {
    const fake = new FakeExcel();
    fake.addSheet("Data");
    await fake.run(async (context) => {
      context.workbook.worksheets.getItem("Data").getRange("A1").values = [["x"]];
      expect(fake.cell("Data", "A1")).toBeUndefined();
      await context.sync();
      expect(fake.cell("Data", "A1")).toBe("x");
      context.workbook.worksheets.getItem("Data").getRange("A2").values = [["y"]];
    });
    expect(fake.cell("Data", "A2")).toBe("y");
    expect(fake.stats.syncs).toBe(2);
  });

  test("duringSync runs once a request is applied, before its sync resolves; not for a failed one", async () => {
    const fake = new FakeExcel({ limits: { requestBytes: 1_000 } });
    fake.addSheet("Data");
    const seen: string[] = [];
    let resolved = false;
    fake.duringSync = (record) => seen.push(`${record.index}:${String(fake.cell("Data", "A1"))}:${resolved}`);
    await fake.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem("Data");
      sheet.getRange("A1").values = [["b"]];
      await context.sync();
      resolved = true;
      sheet.getRange("A2").values = [["x".repeat(2_000)]];
      await expect(context.sync()).rejects.toMatchObject({ code: "RequestPayloadSizeLimitExceeded" });
    });
    expect(seen).toEqual(["1:b:false"]);
  });

  test("proxies die with their Excel.run", async () => {
    const fake = new FakeExcel();
    fake.addSheet("Data");
    let escaped: Excel.Range | undefined;
    await fake.run(async (context) => {
      escaped = context.workbook.worksheets.getItem("Data").getRange("A1");
    });
    expect(() => escaped?.load("values")).toThrow(expect.objectContaining({ code: "InvalidRequestContext" }));
  });

  test("a request over 5 MB fails and writes nothing", async () => {
    const fake = new FakeExcel();
    fake.addSheet("Data");
    const rows = Array.from({ length: 100000 }, (_, i) => [`customer-${i}-with-a-long-name`, i, "some text to fill bytes", 1.25]);
    await expect(
      fake.run(async (context) => {
        context.workbook.worksheets.getItem("Data").getRangeByIndexes(0, 0, rows.length, 4).values = rows;
        await context.sync();
      }),
    ).rejects.toMatchObject({ code: "RequestPayloadSizeLimitExceeded" });
    expect(fake.usedAddress("Data")).toBeNull();
    expect(fake.stats.log[0].requestBytes).toBeGreaterThan(5_000_000);
  });

  test("a response over 5 MB fails, and so does a read of more than 5,000,000 cells", async () => {
    const fake = new FakeExcel();
    const rows = Array.from({ length: 120000 }, (_, i) => [`customer-${i}-with-a-long-name`, i, "some text to fill bytes"]);
    fake.addSheet("Data", rows);
    await expect(
      fake.run(async (context) => {
        const range = context.workbook.worksheets.getItem("Data").getRangeByIndexes(0, 0, rows.length, 3).load("values");
        await context.sync();
        return range.values.length;
      }),
    ).rejects.toMatchObject({ code: "ResponsePayloadSizeLimitExceeded" });
    await expect(
      fake.run(async (context) => {
        const range = context.workbook.worksheets.getItem("Data").getRangeByIndexes(0, 0, 1_000_001, 5).load("values");
        await context.sync();
        return range.values.length;
      }),
    ).rejects.toMatchObject({ message: expect.stringContaining("5000000 cells") });
  });

  test("null objects report isNullObject after sync; using one fails", async () => {
    const fake = new FakeExcel();
    fake.addSheet("Data");
    await fake.run(async (context) => {
      const missing = context.workbook.worksheets.getItemOrNullObject("Nope");
      const present = context.workbook.worksheets.getItemOrNullObject("data");
      expect(() => missing.isNullObject).toThrow();
      await context.sync();
      expect(missing.isNullObject).toBe(true);
      expect(present.isNullObject).toBe(false);
      missing.delete();
      await expect(context.sync()).rejects.toMatchObject({ code: "ItemNotFound" });
    });
  });

  test("values are coerced like Excel: numeric and date text, formulas, apostrophes, null leaves a cell", async () => {
    const fake = new FakeExcel();
    fake.addSheet("Data", [[null, "keep"]]);
    await fake.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem("Data");
      sheet.getRange("A1:F1").values = [["00123", null, "'00123", "=1+1", "2024-03-01", Number.NaN]];
      sheet.getRange("G1").numberFormat = [["@"]];
      sheet.getRange("G1").values = [["007"]];
    });
    expect(fake.read("Data", "A1:G1")).toEqual([[123, "keep", "00123", "=1+1", 45352, "", "007"]]);
    expect(fake.stats.formulaWrites).toEqual(["=1+1"]);
    expect(fake.stats.nonFiniteWrites).toBe(1);
  });

  test("a values array must match the range", async () => {
    const fake = new FakeExcel();
    fake.addSheet("Data");
    await expect(
      fake.run(async (context) => {
        context.workbook.worksheets.getItem("Data").getRange("A1:B2").values = [[1, 2]];
      }),
    ).rejects.toMatchObject({ code: "InvalidArgument" });
  });

  test("current region, used range and table lookup from a selection", async () => {
    const fake = new FakeExcel();
    fake.addSheet(
      "Data",
      [
        ["id", "v"],
        ["a", 1],
        ["b", 2],
      ],
      "B2",
    );
    fake.setValues("Data", "F10", [["far away"]]);
    fake.addTable("Data", "B2:C4", "Sales");
    fake.select("Data", "C3");
    await fake.run(async (context) => {
      const selection = context.workbook.getSelectedRange();
      const region = selection.getSurroundingRegion().load("address");
      const used = context.workbook.worksheets.getItem("Data").getUsedRange(true).load("address");
      const tables = selection.getTables(false).load("items/name");
      await context.sync();
      expect(region.address).toBe("Data!B2:C4");
      expect(used.address).toBe("Data!B2:F10");
      expect(tables.items.map((t) => t.name)).toEqual(["Sales"]);
    });
  });

  test("API calls above the host's requirement set fail at sync", async () => {
    const fake = new FakeExcel({ apiVersion: "1.8" });
    fake.addSheet("Data");
    await expect(
      fake.run(async (context) => {
        context.workbook.getSelectedRange().getTables(false).load("items");
        await context.sync();
      }),
    ).rejects.toMatchObject({ code: "ApiNotFound" });
  });

  test("table columns are appended only into empty cells, and deleting one shifts nothing else", async () => {
    const fake = new FakeExcel();
    fake.addSheet("Data", [
      ["id", "v"],
      ["a", 1],
    ]);
    fake.addTable("Data", "A1:B2", "Sales");
    await fake.run(async (context) => {
      const table = context.workbook.tables.getItem("Sales");
      table.columns.add(undefined, undefined, "Segment");
      const body = table.getDataBodyRange().load("address");
      await context.sync();
      expect(body.address).toBe("Data!A2:C2");
      table.columns.getItem("Segment").delete();
    });
    expect(fake.tables("Data")[0].columns.map((c) => c.name)).toEqual(["id", "v"]);
    fake.setValues("Data", "C2", [["user note"]]);
    await expect(
      fake.run(async (context) => {
        context.workbook.tables.getItem("Sales").columns.add(undefined, undefined, "Segment");
      }),
    ).rejects.toMatchObject({ code: "InsertDeleteConflict" });
  });

  test("charts infer categories and series names; Pareto needs 1.9 and refuses combos", async () => {
    const fake = new FakeExcel();
    fake.addSheet("S", [
      ["Seg", "Customers"],
      ["A", 3],
      ["B", 5],
    ]);
    await fake.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem("S");
      const chart = sheet.charts.add("ColumnClustered", sheet.getRange("A1:B3"), "Columns");
      const line = chart.series.add("Share");
      line.setValues(sheet.getRange("B2:B3"));
      line.chartType = "Line";
      line.axisGroup = "Secondary";
      chart.axes.getItem("Value", "Secondary").maximum = 1;
    });
    const [chart] = fake.charts("S");
    expect(chart.series.map((s) => [s.name, s.chartType, s.axisGroup])).toEqual([
      ["Customers", null, "Primary"],
      ["Share", "Line", "Secondary"],
    ]);
    await expect(
      fake.run(async (context) => {
        const sheet = context.workbook.worksheets.getItem("S");
        sheet.charts.add("Pareto", sheet.getRange("A2:B3"), "Columns").series.getItemAt(0).chartType = "Line";
      }),
    ).rejects.toMatchObject({ code: "InvalidOperation" });
    const old = new FakeExcel({ apiVersion: "1.8" });
    old.addSheet("S", [["A", 1]]);
    await expect(
      old.run(async (context) => {
        const sheet = context.workbook.worksheets.getItem("S");
        sheet.charts.add("Pareto", sheet.getRange("A1:B1"), "Columns");
      }),
    ).rejects.toMatchObject({ code: "InvalidArgument" });
  });

  test("custom conditional formats are evaluated for the fills a user would see", async () => {
    const fake = new FakeExcel();
    fake.addSheet("S", [
      ["name", "seg"],
      ["a", "Lost"],
      ["b", "Loyal"],
    ]);
    await fake.run(async (context) => {
      const cf = context.workbook.worksheets.getItem("S").getRange("A2:B3").conditionalFormats.add("Custom");
      cf.custom.rule.formula = '=$B2="Loyal"';
      cf.custom.format.fill.color = "#2E7D32";
    });
    expect(fake.effectiveFillAt("S", "A2")).toBeUndefined();
    expect(fake.effectiveFillAt("S", "A3")).toBe("#2E7D32");
  });

  test("settings round-trip through workbook.settings and Office.context.document.settings", async () => {
    const fake = new FakeExcel();
    fake.addSheet("S");
    await fake.run(async (context) => {
      context.workbook.settings.add("k", { a: [1, 2] });
      const item = context.workbook.settings.getItemOrNullObject("k").load("value");
      await context.sync();
      expect(item.value).toEqual({ a: [1, 2] });
    });
    const restore = installFakeOffice(fake);
    try {
      expect(Office.context.document.settings.get("k")).toEqual({ a: [1, 2] });
      expect(Office.context.requirements.isSetSupported("ExcelApi", "1.9")).toBe(true);
      expect(Office.context.requirements.isSetSupported("ExcelApi", "1.10")).toBe(false);
    } finally {
      restore();
    }
    expect((globalThis as { Office?: unknown }).Office).toBeUndefined();
  });
});

describe("jsonBytes: a payload's size as UTF-8 JSON", () => {
  test("counts 1 to 4 bytes a character, escapes included", () => {
    // ["a\"é"]: [ " a \ " é(2) " ] = 9
    expect(jsonBytes(['a"é'])).toBe(9);
    // ["客","😀"]: [ " 客(3) " , " 😀(4, a surrogate pair) " ] = 14
    expect(jsonBytes(["客", "😀"])).toBe(14);
    // A lone surrogate is written as the escape \ud800: "\ud800" = 8
    expect(jsonBytes("\ud800")).toBe(8);
    expect(jsonBytes(undefined)).toBe(0);
  });
});
