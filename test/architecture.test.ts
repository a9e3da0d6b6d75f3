/**
 * The layer rules and the absence of import cycles, checked on the resolved import graph of src/
 * (no ESLint cycle plugin is installed; eslint.config.mjs checks the same layers per file). Both
 * static `import … from` / `export … from` and dynamic `import()` count: a cycle hidden behind a
 * dynamic import still makes module order matter.
 */
import * as fs from "fs";
import * as path from "path";

const SRC = path.resolve(__dirname, "../src");
const SOURCE = /\.tsx?$/;

/** Import specifiers of a module, without those in comments. */
export function importSpecifiers(code: string): string[] {
  const text = code.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:"'`])\/\/.*$/gm, "$1");
  const found: string[] = [];
  for (const re of [
    /\b(?:import|export)\s[^;"'`]*?\bfrom\s*["']([^"']+)["']/g,
    /\bimport\s*\(\s*["']([^"']+)["']\s*\)/g,
    /^\s*import\s*["']([^"']+)["']/gm,
  ]) {
    for (const m of text.matchAll(re)) found.push(m[1]);
  }
  return found;
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? sourceFiles(full) : SOURCE.test(e.name) ? [full] : [];
  });
}

/** The file a relative specifier names (as TypeScript resolves it), or null for a package or non-code file. */
function resolveRelative(from: string, spec: string): string | null {
  if (!spec.startsWith(".")) return null;
  const base = path.resolve(path.dirname(from), spec);
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, path.join(base, "index.ts"), path.join(base, "index.tsx")]) {
    if (SOURCE.test(candidate) && fs.existsSync(candidate)) return candidate;
  }
  return null;
}

type Graph = Map<string, { specs: string[]; deps: string[] }>;

function importGraph(files: string[]): Graph {
  const graph: Graph = new Map();
  for (const file of files) {
    const specs = importSpecifiers(fs.readFileSync(file, "utf8"));
    const deps = specs.map((s) => resolveRelative(file, s)).filter((d): d is string => d !== null);
    graph.set(file, { specs, deps: [...new Set(deps)] });
  }
  return graph;
}

/** The import tangles: strongly connected groups of two or more modules (or one importing itself), by Tarjan's algorithm. */
export function tangles(edges: Map<string, string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string) => {
    index.set(node, index.size);
    low.set(node, index.get(node)!);
    stack.push(node);
    onStack.add(node);
    for (const next of edges.get(node) ?? []) {
      if (!index.has(next)) visit(next);
      if (onStack.has(next)) low.set(node, Math.min(low.get(node)!, low.get(next)!));
    }
    if (low.get(node) !== index.get(node)) return;
    const group: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      group.push(member);
    } while (member !== node);
    if (group.length > 1 || (edges.get(node) ?? []).includes(node)) found.push(group.sort());
  };
  for (const node of [...edges.keys()].sort()) if (!index.has(node)) visit(node);
  return found.sort((a, b) => a[0].localeCompare(b[0]));
}

/** One cycle through the tangle's first module, as the path back to itself: a name to act on. */
export function cycleThrough(group: string[], edges: Map<string, string[]>): string[] {
  const members = new Set(group);
  const start = group[0];
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.shift()!;
    for (const next of edges.get(node) ?? []) {
      if (!members.has(next)) continue;
      if (next === start) {
        const path = [node];
        while (path[0] !== start) path.unshift(previous.get(path[0])!);
        return [...path, start];
      }
      if (!previous.has(next)) {
        previous.set(next, node);
        queue.push(next);
      }
    }
  }
  return group;
}

const rel = (file: string) => path.relative(SRC, file).split(path.sep).join("/");
const layerOf = (file: string) => rel(file).split("/")[0];

/** Which src/ layers each layer may import (ARCHITECTURE): core is the base, only the pane reaches src/excel. */
const ALLOWED: Record<string, string[]> = {
  core: ["core"],
  excel: ["excel", "core"],
  functions: ["functions", "core"],
  taskpane: ["taskpane", "excel", "core"],
  cli: ["cli", "core"],
};
/** Layers bundled for the browser: no Node modules, no ExcelJS. */
const BROWSER = new Set(["core", "excel", "functions", "taskpane"]);
const NODE_ONLY = /^(node:|(fs|path|os|zlib|child_process|crypto|buffer|stream|util|url|exceljs|pg|@duckdb\/.*|iconv-lite)(\/|$))/;

const graph = importGraph(sourceFiles(SRC));

describe("architecture", () => {
  test("the import graph of src/ has no cycle", () => {
    const edges = new Map([...graph].map(([file, { deps }]) => [file, deps]));
    expect(tangles(edges).map((g) => cycleThrough(g, edges).map(rel).join(" → "))).toEqual([]);
  });

  test("each layer imports only the layers below it", () => {
    const crossings: string[] = [];
    for (const [file, { deps }] of graph) {
      const allowed = ALLOWED[layerOf(file)];
      if (!allowed) crossings.push(`${rel(file)}: not in a known layer`);
      for (const dep of deps) if (allowed && !allowed.includes(layerOf(dep))) crossings.push(`${rel(file)} → ${rel(dep)}`);
    }
    expect(crossings).toEqual([]);
  });

  test("src/core imports no package at all; the add-in layers import no Node module", () => {
    const offending: string[] = [];
    for (const [file, { specs }] of graph) {
      const layer = layerOf(file);
      for (const spec of specs) {
        if (layer === "core" && !spec.startsWith(".")) offending.push(`${rel(file)}: ${spec}`);
        else if (BROWSER.has(layer) && NODE_ONLY.test(spec)) offending.push(`${rel(file)}: ${spec}`);
      }
    }
    expect(offending).toEqual([]);
  });

  test("the scan sees the imports it checks (a guard against a parser that finds nothing)", () => {
    // main.ts loads the CLV command lazily; App.tsx imports React and the core's types.
    const main = graph.get(path.join(SRC, "cli/main.ts"));
    expect(main?.specs.length).toBeGreaterThan(3);
    expect(graph.get(path.join(SRC, "taskpane/App.tsx"))?.specs).toContain("react");
  });
});

describe("the cycle finder and the import scanner", () => {
  test("finds a three-module cycle, names it, and leaves out the module that only leads into it", () => {
    const edges = new Map([
      ["a", ["b"]],
      ["b", ["c"]],
      ["c", ["a"]],
      ["d", ["a"]],
    ]);
    expect(tangles(edges)).toEqual([["a", "b", "c"]]);
    expect(cycleThrough(["a", "b", "c"], edges)).toEqual(["a", "b", "c", "a"]);
  });

  test("a diamond is not a cycle; a module importing itself is", () => {
    const edges = new Map([
      ["a", ["b", "c"]],
      ["b", ["d"]],
      ["c", ["d"]],
      ["d", []],
    ]);
    expect(tangles(edges)).toEqual([]);
    expect(tangles(new Map([["a", ["a"]]]))).toEqual([["a"]]);
  });

  test("reads static, type-only, re-export, side-effect and dynamic imports; not comments", () => {
    const code = [
      'import { a } from "./a";',
      'import type {\n  B,\n  C } from "./b";',
      'export * from "./c";',
      'import "./d";',
      'const e = await import("./e");',
      '// import { x } from "./commented";',
      '/* import("./blocked") */',
      'const url = "http://example.com"; import f from "f";',
    ].join("\n");
    expect(importSpecifiers(code).sort()).toEqual(["./a", "./b", "./c", "./d", "./e", "f"]);
  });
});
