/**
 * The README's function reference promises results; this evaluates every example whose arguments
 * are literals through the real custom functions, passing arguments the way Excel does (array
 * constants as 2-D arrays, a scalar given to a range parameter as a 1×1 matrix, omitted arguments
 * as null). The expected results in the README come from METHODS.md, the published figures and
 * hand computation.
 */
import "./functions/excel-globals";
import { readdirSync, readFileSync } from "fs";
import { join } from "path";

type Value = string | number | boolean | null;

const root = join(__dirname, "..");
const readme = readFileSync(join(root, "README.md"), "utf8");
/** Every file of src/functions that declares custom functions, and all that these files export. */
const functionsDir = join(root, "src", "functions");
const declaring = readdirSync(functionsDir)
  .filter((file) => file.endsWith(".ts"))
  .map((file) => ({ file, text: readFileSync(join(functionsDir, file), "utf8") }))
  .filter(({ text }) => text.includes("@customfunction"));
const source = declaring.map(({ text }) => text).join("\n");
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the set of files is found at run time
const functions: Record<string, unknown> = Object.assign({}, ...declaring.map(({ file }) => require(join(functionsDir, file))));

/** id → exported function name and which parameters are ranges (any[][]). */
function signatures(): Map<string, { name: string; rangeParams: boolean[] }> {
  const result = new Map<string, { name: string; rangeParams: boolean[] }>();
  const pattern = /@customfunction\s+([A-Z][A-Z0-9_.]{2,})\s*\n[\s\S]*?export function (\w+)\(([^)]*)\)/g;
  for (const match of source.matchAll(pattern)) {
    const params = match[3]
      .split(",")
      .map((p) => p.trim())
      .filter((p) => p.length > 0);
    result.set(match[1], { name: match[2], rangeParams: params.map((p) => /any\[\]\[\]/.test(p)) });
  }
  return result;
}

/** Splits on `separator` outside quotes and braces. */
function splitTop(text: string, separator: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let current = "";
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === "{") depth++;
    else if (!quoted && ch === "}") depth--;
    if (ch === separator && !quoted && depth === 0) {
      parts.push(current);
      current = "";
    } else current += ch;
  }
  parts.push(current);
  return parts;
}

function literal(token: string): Value {
  const t = token.trim();
  if (t === "") return null;
  if (t.startsWith('"') && t.endsWith('"')) return t.slice(1, -1);
  if (t === "TRUE" || t === "FALSE") return t === "TRUE";
  const n = Number(t);
  if (t !== "" && Number.isFinite(n)) return n;
  return t; // unquoted text in a Result array, e.g. {A;B}
}

/** `{a,b;c,d}` → [[a,b],[c,d]]. */
function arrayConstant(text: string): Value[][] {
  return splitTop(text.trim().slice(1, -1), ";").map((row) => splitTop(row, ",").map(literal));
}

function argument(text: string, isRange: boolean): unknown {
  const t = text.trim();
  if (t === "") return null;
  if (t.startsWith("{")) return arrayConstant(t);
  const value = literal(t);
  return isRange ? [[value]] : value;
}

interface Example {
  id: string;
  formula: string;
  expected: string;
}

function literalExamples(): Example[] {
  const section = readme.slice(readme.indexOf("## Function reference"));
  const rows = section.split("\n").filter((line) => line.startsWith("| `CRM."));
  const examples: Example[] = [];
  for (const row of rows) {
    const cells = splitTop(row.slice(1, -1), "|").map((c) => c.trim());
    const id = cells[0].replace(/`/g, "").replace(/^CRM\./, "");
    const formula = /`(=CRM\.[^`]+)`/.exec(cells[3])?.[1];
    const expected = /^`([^`]+)`$/.exec(cells[4])?.[1];
    // Range examples run on named data sets (checked by the function tests); prose results describe tables.
    if (!formula || !expected || /[A-Z]+\d+:[A-Z]+\d+/.test(formula)) continue;
    examples.push({ id, formula, expected });
  }
  return examples;
}

function decimalsOf(token: string): number {
  const dot = token.indexOf(".");
  return dot < 0 ? 0 : token.length - dot - 1;
}

function expectMatches(actual: unknown, expectedToken: string, where: string): void {
  const expected = literal(expectedToken);
  if (actual instanceof Error || (actual as { code?: unknown })?.code !== undefined) {
    throw new Error(`${where}: returned an error ${JSON.stringify(actual)}`);
  }
  if (typeof expected === "number") {
    expect(typeof actual).toBe("number");
    const tolerance = 0.5 * 10 ** -decimalsOf(expectedToken.trim()) + 1e-12;
    if (Math.abs((actual as number) - expected) > tolerance) {
      throw new Error(`${where}: expected ${expectedToken}, got ${actual}`);
    }
  } else {
    expect({ where, value: actual }).toEqual({ where, value: expected });
  }
}

describe("README function reference", () => {
  const sigs = signatures();
  const examples = literalExamples();

  it("covers every function the add-in registers", () => {
    const documented = new Set(
      readme
        .split("\n")
        .filter((line) => line.startsWith("| `CRM."))
        .map((line) => /`CRM\.([A-Z0-9_.]+)`/.exec(line)![1]),
    );
    expect([...sigs.keys()].filter((id) => !documented.has(id))).toEqual([]);
    expect(examples.length).toBeGreaterThanOrEqual(20);
  });

  it.each(examples.map((e) => [e.formula, e] as const))("%s", (_formula, example) => {
    const sig = sigs.get(example.id);
    if (!sig) throw new Error(`README names CRM.${example.id}, which the add-in does not define`);
    const body = example.formula.slice(example.formula.indexOf("(") + 1, example.formula.lastIndexOf(")"));
    const args = splitTop(body, ",").map((text, i) => argument(text, sig.rangeParams[i] ?? false));
    const fn = (functions as unknown as Record<string, (...a: unknown[]) => unknown>)[sig.name];
    const actual = fn(...args);
    const expected = example.expected.trim();
    if (expected.startsWith("{")) {
      const want = splitTop(expected.slice(1, -1), ";").map((row) => splitTop(row, ","));
      expect(Array.isArray(actual)).toBe(true);
      const got = actual as unknown[][];
      expect(got.length).toBe(want.length);
      want.forEach((row, r) => {
        expect(got[r].length).toBe(row.length);
        row.forEach((token, c) => expectMatches(got[r][c], token, `${example.formula} [${r},${c}]`));
      });
    } else {
      const scalar = Array.isArray(actual) ? (actual as unknown[][])[0][0] : actual;
      if (Array.isArray(actual)) expect((actual as unknown[][]).flat()).toHaveLength(1);
      expectMatches(scalar, expected, example.formula);
    }
  });
});
