/**
 * `npm run bench`: every benchmark of the project, one after another in this process, with the
 * machine's size. `npm run bench -- core cli` runs only the named suites.
 */
import { formatResults, machineLine, type BenchResult } from "./harness";
import * as core from "./core";
import * as cli from "./cli";
import * as functions from "./functions";
import * as excel from "./excel";
import * as btyd from "./btyd";
import * as scale from "./scale";
import * as btydmodels from "./btyd-models";

const suites: Record<string, { run(): Promise<BenchResult[]> }> = { core, cli, functions, excel, btyd, scale, btydmodels };

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((name) => !(name in suites));
  if (unknown.length > 0) {
    console.error(`Unknown benchmark suite(s): ${unknown.join(", ")}. Known: ${Object.keys(suites).join(", ")}`);
    process.exit(2);
  }
  console.log(`Machine: ${machineLine()}`);
  const all: BenchResult[] = [];
  for (const [name, suite] of Object.entries(suites)) {
    if (wanted.length > 0 && !wanted.includes(name)) continue;
    console.log(`\n== ${name}`);
    const results = await suite.run();
    console.log(formatResults(results));
    all.push(...results);
  }
  const missed = all.filter((r) => r.met === false);
  console.log(
    `\n${all.length} figures, ${missed.length} targets missed${missed.length ? ": " + missed.map((r) => r.name).join("; ") : ""}`,
  );
  process.exitCode = missed.length > 0 ? 1 : 0;
}

main().catch((error) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
