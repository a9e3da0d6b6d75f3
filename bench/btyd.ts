/**
 * Benchmarks of the probability-model fits (src/core/btyd). Targets, from the Python library
 * `lifetimes` on the full 23,570-customer CDNOW file: BG/NBD 0.2 s, Pareto/NBD 3.6 s; and a
 * 1,000,000-customer BG/NBD fit in under 2 s including the compression to unique triples.
 *
 * Data: the CDNOW sample (prepared to weekly triples before timing), the same replicated 10× (which
 * compression folds back to the sample's unique triples), and customer bases simulated from the
 * BG/NBD process with CDNOW's parameters and a seeded generator, so every run times the same data.
 */
import { readFileSync } from "fs";
import { join } from "path";
import { fitBgNbd, type BgNbdParams } from "../src/core/btyd/models/bgnbd";
import { fitParetoNbd } from "../src/core/btyd/models/paretonbd";
import { compressTriples, prepareTransactions, type CustomerTriples } from "../src/core/btyd/prep";
import { dayFromYMD } from "../src/core/ingest/dates";
import { measure, type BenchResult } from "./harness";

function cdnowTriples(): CustomerTriples {
  const file = join(__dirname, "../../test/core/btyd/fixtures/CDNOW_sample.txt");
  const lines = readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "");
  const customer: string[] = [];
  const day = new Float64Array(lines.length);
  const amount = new Float64Array(lines.length);
  lines.forEach((line, i) => {
    const [id, , date, , dollars] = line.trim().split(/\s+/);
    customer.push(id);
    day[i] = dayFromYMD(Number(date.slice(0, 4)), Number(date.slice(4, 6)), Number(date.slice(6, 8)));
    amount[i] = Number(dollars);
  });
  return prepareTransactions({ customer, day, amount }, { calibrationEnd: dayFromYMD(1997, 9, 30), unit: "week" });
}

function replicate(t: CustomerTriples, times: number): CustomerTriples {
  const rep = (a: ArrayLike<number>) => {
    const out = new Float64Array(a.length * times);
    for (let k = 0; k < times; k++) out.set(Array.from(a), k * a.length);
    return out;
  };
  return { x: rep(t.x), tx: rep(t.tx), T: rep(t.T) };
}

/** mulberry32: a small seeded generator of uniforms in [0, 1). */
function uniforms(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Gamma(shape, 1) by Marsaglia & Tsang (2000), with the U^(1/shape) boost for shape < 1. */
function gammaSampler(u: () => number): (shape: number) => number {
  const normal = () => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
  const draw = (shape: number): number => {
    if (shape < 1) return draw(shape + 1) * Math.pow(1 - u(), 1 / shape);
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      const z = normal();
      const v = (1 + c * z) ** 3;
      if (v <= 0) continue;
      if (Math.log(1 - u()) < 0.5 * z * z + d - d * v + d * Math.log(v)) return d * v;
    }
  };
  return draw;
}

/**
 * Customers of a BG/NBD world in weeks: first purchases spread over the first 84 days, calibration
 * ending on day 272 (as CDNOW's 1997-01-01 … 1997-09-30), purchases at Poisson rate λ ~ Gamma(r, α)
 * and dropout with probability p ~ Beta(a, b) after each repeat purchase; purchases on one day merge.
 */
export function simulateBgNbd(customers: number, p: BgNbdParams, seed: number): { x: Float64Array; tx: Float64Array; T: Float64Array } {
  const u = uniforms(seed);
  const gamma = gammaSampler(u);
  const calEnd = 272;
  const x = new Float64Array(customers);
  const tx = new Float64Array(customers);
  const T = new Float64Array(customers);
  for (let i = 0; i < customers; i++) {
    const first = Math.floor(u() * 84);
    const lambda = gamma(p.r) / p.alpha;
    const ga = gamma(p.a);
    const drop = ga / (ga + gamma(p.b));
    let t = 0;
    let lastDay = 0;
    let repeats = 0;
    for (;;) {
      t += -Math.log(1 - u()) / lambda;
      const day = Math.floor(t * 7);
      if (first + day > calEnd) break;
      if (day !== lastDay) {
        repeats++;
        lastDay = day;
      }
      if (u() < drop) break;
    }
    x[i] = repeats;
    tx[i] = lastDay / 7;
    T[i] = (calEnd - first) / 7;
  }
  return { x, tx, T };
}

export async function run(): Promise<BenchResult[]> {
  const cdnow = cdnowTriples();
  const cdnow10 = replicate(cdnow, 10);
  const world: BgNbdParams = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
  const sim23k = simulateBgNbd(23_570, world, 1997);
  const sim1m = simulateBgNbd(1_000_000, world, 2005);
  const describe = (t: CustomerTriples, fit: { converged: boolean; logLikelihood: number }) =>
    `${t.x.length.toLocaleString("en")} customers, ${compressTriples(t).x.length.toLocaleString("en")} unique triples, ` +
    `converged ${fit.converged}, LL ${fit.logLikelihood.toFixed(1)}`;
  const results: BenchResult[] = [];
  const bench = async (name: string, data: CustomerTriples, fit: typeof fitBgNbd | typeof fitParetoNbd, targetMs?: number, runs = 5) => {
    results.push(await measure(name, () => fit(data), { runs, warmup: 1, targetMs, notes: describe(data, fit(data)) }));
  };
  await bench("btyd: BG/NBD fit, CDNOW sample", cdnow, fitBgNbd, 200);
  await bench("btyd: Pareto/NBD fit, CDNOW sample", cdnow, fitParetoNbd, 3600);
  await bench("btyd: BG/NBD fit, CDNOW sample ×10 (23,570)", cdnow10, fitBgNbd, 200);
  await bench("btyd: Pareto/NBD fit, CDNOW sample ×10 (23,570)", cdnow10, fitParetoNbd, 3600);
  await bench("btyd: BG/NBD fit, simulated 23,570", sim23k, fitBgNbd, 200);
  await bench("btyd: Pareto/NBD fit, simulated 23,570", sim23k, fitParetoNbd, 3600);
  await bench("btyd: BG/NBD compress + fit, simulated 1,000,000", sim1m, fitBgNbd, 2000, 3);
  await bench("btyd: Pareto/NBD compress + fit, simulated 1,000,000", sim1m, fitParetoNbd, undefined, 3);
  return results;
}
