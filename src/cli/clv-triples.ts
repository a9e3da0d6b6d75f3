/**
 * `crm-segments clv --from-triples FILE`: fits BG/NBD or Pareto/NBD to the (x, t_x, T, count)
 * triples that `crm-segments sql btyd` computes in a database, and writes the fit as JSON (to
 * --params-json, or stdout). Per-customer predictions need the customers, so this is the fit only.
 */
import { writeFileSync } from "fs";
import { fitBgNbd, fitParetoNbd, type FitResult } from "../core/btyd";
import { isCrmError } from "../core/errors";
import { BOOLEAN_FLAGS, oneOf, readFlags, UsageError } from "./args";
import { fitJson } from "./clv-run";
import { parseCsv } from "./csv";
import { readInput } from "./input";
import { checkOutputs, writeOutput, type Io } from "./output";

const FLAGS = new Set(["--from-triples", "--model", "--params-json"]);
const COLUMNS = ["x", "t_x", "T", "count"] as const;

export async function clvFromTriples(argv: string[], io: Io): Promise<void> {
  const { values, positional } = readFlags(argv, FLAGS, BOOLEAN_FLAGS);
  if (positional.length > 0)
    throw new UsageError(
      `--from-triples reads no sales table (got '${positional[0]}'); the options are --model bgnbd|pnbd and --params-json FILE`,
    );
  const file = values.get("--from-triples") as string;
  const model = oneOf(values.get("--model"), "--model", ["bgnbd", "pnbd"] as const, "bgnbd");
  const out = values.get("--params-json");
  checkOutputs(file, [["--params-json", out]]);

  const { records } = parseCsv(readInput(file).toString("utf8"));
  const header = (records[0] ?? []).map((h) => h.trim());
  const at = COLUMNS.map((name) => header.findIndex((h) => h === name || (name !== "T" && h.toLowerCase() === name)));
  const missing = COLUMNS.filter((_, i) => at[i] < 0);
  if (missing.length > 0)
    throw new UsageError(
      `${file}: needs the columns ${COLUMNS.join(", ")} (as 'crm-segments sql btyd' writes them); missing ${missing.join(", ")}`,
    );
  const n = records.length - 1;
  const cols = COLUMNS.map(() => new Float64Array(n));
  for (let r = 0; r < n; r++) {
    for (let k = 0; k < COLUMNS.length; k++) {
      const text = (records[r + 1][at[k]] ?? "").trim();
      const v = Number(text);
      if (text === "" || !Number.isFinite(v)) throw new UsageError(`${file} row ${r + 2}: ${COLUMNS[k]} is not a number ('${text}')`);
      cols[k][r] = v;
    }
  }
  const data = { x: cols[0], tx: cols[1], T: cols[2], weight: cols[3] };
  let fit: FitResult;
  try {
    fit = model === "pnbd" ? fitParetoNbd(data) : fitBgNbd(data);
  } catch (error) {
    if (isCrmError(error)) throw new UsageError(`${file}: ${error.message}`);
    throw error;
  }
  const json = `${JSON.stringify(fitJson(fit), null, 2)}\n`;
  if (out === undefined) io.out(json);
  else await writeOutput(out, (path) => writeFileSync(path, json));
  io.err(
    `crm-segments: ${fit.converged ? "fitted" : "WARNING: did not converge:"} ${model} on ${fit.customers.toLocaleString("en")} customers in ${n.toLocaleString("en")} triples${out ? `; wrote ${out}` : ""}\n`,
  );
}
