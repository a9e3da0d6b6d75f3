/**
 * LibreOffice opens the command line's workbook and draws its charts: the summary sheet (written
 * alone by the same renderer) is converted to PDF with `soffice --headless`, the page rasterised
 * with `pdftoppm`, and the chart area must hold the series colour in quantity, right of the tables.
 * Without the chart parts the page has a handful of such pixels (a table fill that comes close).
 */
import { spawnSync } from "child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { loadCsv } from "../../src/cli/input";
import { writeWorkbook } from "../../src/cli/render-xlsx";
import { analyze } from "../../src/core/segment/analyze";
import { buildReport } from "../../src/core/report/report";

const SAMPLE = join(__dirname, "..", "..", "samples", "sales.csv");
/** The first series' colour (render-xlsx SERIES_COLORS). */
const BLUE = [0x44, 0x72, 0xc4];

function need(command: string): void {
  const found = spawnSync("sh", ["-c", `command -v ${command}`]).status === 0;
  if (!found)
    throw new Error(
      `${command} is not installed: this test needs LibreOffice (apt-get install libreoffice-calc-nogui) and poppler-utils (pdftoppm)`,
    );
}

/** A binary PPM (P6) as width, height and RGB bytes. */
function readPpm(path: string): { width: number; height: number; rgb: Buffer } {
  const bytes = readFileSync(path);
  const head = bytes.toString("latin1", 0, 64).match(/^P6\s+(\d+)\s+(\d+)\s+255\s/);
  if (!head) throw new Error(`${path} is not a binary PPM`);
  return { width: Number(head[1]), height: Number(head[2]), rgb: bytes.subarray(head[0].length) };
}

it("LibreOffice renders the summary's charts (PDF, rasterised, chart area not blank)", async () => {
  need("soffice");
  need("pdftoppm");
  const dir = mkdtempSync(join(tmpdir(), "crm-xlsx-render-"));
  try {
    const { ingested, data } = loadCsv({ input: SAMPLE, columns: {} }, readFileSync(SAMPLE));
    const spec = buildReport({
      result: analyze(ingested.transactions, {}),
      ingest: ingested,
      lang: "en",
      sourceRows: ingested.counts.dataRows,
      headerRow: data.headerRow,
    });
    spec.sheets = spec.sheets.filter((s) => s.role === "summary");
    spec.dataOmitted = true;
    const book = join(dir, "summary.xlsx");
    await writeWorkbook(book, spec, data, "en");

    // A profile of its own, so a running LibreOffice or another test does not hold the lock.
    const convert = spawnSync(
      "soffice",
      [`-env:UserInstallation=file://${join(dir, "profile")}`, "--headless", "--convert-to", "pdf", "--outdir", dir, book],
      { encoding: "utf8", timeout: 120_000 },
    );
    expect({ status: convert.status, stderr: convert.status === 0 ? "" : convert.stderr }).toEqual({ status: 0, stderr: "" });
    const raster = spawnSync("pdftoppm", ["-r", "50", "-f", "1", "-l", "1", join(dir, "summary.pdf"), join(dir, "page")], {
      encoding: "utf8",
    });
    expect(raster.status).toBe(0);
    const { width, height, rgb } = readPpm(
      join(
        dir,
        readdirSync(dir).find((f) => f.startsWith("page") && f.endsWith(".ppm"))!,
      ),
    );

    let blue = 0;
    let sumX = 0;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const i = 3 * (y * width + x);
        if (BLUE.every((c, k) => Math.abs(rgb[i + k] - c) <= 25)) {
          blue++;
          sumX += x;
        }
      }
    }
    // Columns of both charts: ~1,600 pixels at 50 dpi on the one landscape page; the tables alone: < 10.
    expect(blue).toBeGreaterThan(500);
    // The charts stand right of the tables (anchored at column K).
    expect(sumX / blue / width).toBeGreaterThan(0.55);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 180_000);
