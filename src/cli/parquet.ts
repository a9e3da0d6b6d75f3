/**
 * Parquet input without DuckDB (hyparquet, pure JavaScript): the file's rows become a table of
 * cells for the same ingest as a workbook's, so the default install reads Parquet. Meant for files
 * that fit in memory as rows; bigger ones are refused with the flag that reads them (DuckDB).
 */
import { basename, extname } from "path";
import { ingest } from "../core/ingest/ingest";
import type { Cell } from "../core/types";
import { UsageError, type InputArgs } from "./args";
import { mappingOverrides, type Loaded } from "./input";
import type { DataSheet } from "./render-xlsx";

/** Above this many rows the default engine refuses Parquet (a workbook holds 1,048,576). */
export const PARQUET_MAX_ROWS = 2_000_000;

/** A Parquet value as a cell: dates (DATE, TIMESTAMP) as YYYY-MM-DD text, 64-bit integers as numbers. */
function cellOf(v: unknown): Cell {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString().slice(0, 10);
  if (typeof v === "bigint") return Number(v);
  if (typeof v === "number" || typeof v === "string" || typeof v === "boolean") return v;
  return String(v);
}

export async function loadParquet(args: InputArgs, bytes: Buffer): Promise<Loaded> {
  if (args.sheet !== undefined || args.encoding !== undefined)
    throw new UsageError(`--sheet and --encoding do not apply to Parquet (${args.input})`);
  const hyparquet = await import("hyparquet");
  const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  let header: string[];
  let rows: Cell[][];
  try {
    const metadata = hyparquet.parquetMetadata(file);
    if (Number(metadata.num_rows) > PARQUET_MAX_ROWS) {
      throw new UsageError(
        `${args.input}: ${Number(metadata.num_rows).toLocaleString("en")} rows is more than the default engine reads from Parquet (${PARQUET_MAX_ROWS.toLocaleString("en")}); use --engine duckdb --csv OUT.csv`,
      );
    }
    header = hyparquet.parquetSchema(metadata).children.map((c) => c.element.name);
    const objects = await hyparquet.parquetReadObjects({ file, metadata });
    rows = objects.map((o) => header.map((h) => cellOf(o[h])));
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`${args.input}: not a readable Parquet file (${(error as Error).message})`);
  }
  const ingested = ingest([header, ...rows], { hasHeader: true, firstRowNumber: 1, mapping: mappingOverrides(args, header) });
  const data: DataSheet = {
    name: basename(args.input, extname(args.input)),
    headerRow: 1,
    columnCount: header.length,
    widths: [],
    *rows() {
      yield { number: 1, cells: header.map((h) => ({ value: h })) };
      for (let r = 0; r < rows.length; r++) {
        yield {
          number: r + 2,
          cells: rows[r].map((v) =>
            v === null || v === undefined || v === "" ? undefined : { value: typeof v === "boolean" ? String(v) : v },
          ),
        };
      }
    },
  };
  return { ingested, data };
}
