/**
 * A small Excel formula evaluator for tests: enough of the language to recalculate the add-in's
 * live-formula sheets from the cells the fake workbook holds, so a test can check the figures a
 * user would see, and see them follow an edited input.
 *
 * Supported: numbers, "text", TRUE/FALSE, A1 references with $ and an optional sheet ('quoted' or
 * plain), ranges, + − * / ^ & % and the comparisons, unary minus and plus, parentheses, SUM, MIN,
 * MAX, IF, ISNUMBER, INDEX (one row or column number each), SUMIF (criterion by equality only), and any registered function (the add-in's CRM.* custom functions, given as JavaScript).
 * Excel's precedence: negation binds tighter than ^ (=-2^2 is 4) and ^ is left-associative.
 * Dynamic arrays: a formula whose result is a range or an array (a registered function may return
 * one) spills from its cell down or to the right into empty cells, #SPILL! when one is not empty;
 * an empty cell finds the spill covering it from the nearest non-empty cell above it or to its left.
 * Anything else is an error thrown at once (2-D spills included), so a formula outside the subset
 * fails the test rather than being guessed at.
 */

export type ErrorCode = "#DIV/0!" | "#VALUE!" | "#REF!" | "#NAME?" | "#NUM!" | "#N/A" | "#SPILL!";

export class FormulaError {
  constructor(readonly code: ErrorCode) {}
  toString(): string {
    return this.code;
  }
}

/** A cell's content: a constant, or a formula as text starting with "=". Empty is undefined. */
export type CellContent = number | string | boolean | undefined;
export type Scalar = number | string | boolean | FormulaError;
/** A range argument: rows of values, "" for an empty cell. */
export type Grid = Scalar[][];
export type Arg = Scalar | Grid;
/**
 * A registered function: Excel's arguments in, one value or an array (which spills) out. Throwing
 * gives #VALUE! (or the error's Excel code).
 */
export type FormulaFunction = (...args: (Arg | undefined)[]) => Arg;

type Node =
  | { kind: "num"; value: number }
  | { kind: "str"; value: string }
  | { kind: "bool"; value: boolean }
  | { kind: "ref"; sheet?: string; r0: number; c0: number; r1: number; c1: number }
  | { kind: "unary"; op: "-" | "+" | "%"; arg: Node }
  | { kind: "binary"; op: string; left: Node; right: Node }
  | { kind: "call"; name: string; args: (Node | undefined)[] };

/* ---- parsing ----------------------------------------------------------------------------------- */

type Token =
  | { type: "num"; value: number }
  | { type: "str"; value: string }
  | { type: "ref"; node: Node }
  | { type: "func"; name: string }
  | { type: "word"; name: string }
  | { type: "op"; value: string };

const CELL = String.raw`\$?([A-Za-z]{1,3})\$?(\d+)`;
const SHEET = String.raw`(?:'((?:[^']|'')+)'|([\p{L}_][\p{L}\p{N}_.]*))!`;
const REF = new RegExp(String.raw`^(?:${SHEET})?${CELL}(?::${CELL})?(?![\p{L}\p{N}_.(])`, "u");

function columnIndex(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

function tokenize(formula: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const s = formula;
  while (i < s.length) {
    const ch = s[i];
    if (ch === " ") {
      i++;
      continue;
    }
    const rest = s.slice(i);
    const num = /^(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?/.exec(rest);
    if (num) {
      tokens.push({ type: "num", value: Number(num[0]) });
      i += num[0].length;
      continue;
    }
    if (ch === '"') {
      let j = i + 1;
      let text = "";
      for (;;) {
        if (j >= s.length) throw new Error(`Unterminated text in ${formula}`);
        if (s[j] === '"') {
          if (s[j + 1] === '"') {
            text += '"';
            j += 2;
            continue;
          }
          break;
        }
        text += s[j++];
      }
      tokens.push({ type: "str", value: text });
      i = j + 1;
      continue;
    }
    const ref = REF.exec(rest);
    if (ref) {
      const sheet = ref[1] !== undefined ? ref[1].replace(/''/g, "'") : ref[2];
      const c0 = columnIndex(ref[3]);
      const r0 = Number(ref[4]) - 1;
      const c1 = ref[5] ? columnIndex(ref[5]) : c0;
      const r1 = ref[6] ? Number(ref[6]) - 1 : r0;
      tokens.push({
        type: "ref",
        node: { kind: "ref", sheet, r0: Math.min(r0, r1), c0: Math.min(c0, c1), r1: Math.max(r0, r1), c1: Math.max(c0, c1) },
      });
      i += ref[0].length;
      continue;
    }
    const word = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(rest);
    if (word) {
      const after = s.slice(i + word[0].length).trimStart();
      tokens.push(after.startsWith("(") ? { type: "func", name: word[0].toUpperCase() } : { type: "word", name: word[0].toUpperCase() });
      i += word[0].length;
      continue;
    }
    const op = /^(<>|<=|>=|[-+*/^&%=<>(),])/.exec(rest);
    if (!op) throw new Error(`Unexpected '${ch}' in ${formula}`);
    tokens.push({ type: "op", value: op[0] });
    i += op[0].length;
  }
  return tokens;
}

class Parser {
  private i = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly text: string,
  ) {}

  parse(): Node {
    const node = this.comparison();
    if (this.i < this.tokens.length) throw new Error(`Unexpected token ${JSON.stringify(this.tokens[this.i])} in ${this.text}`);
    return node;
  }

  private peekOp(...ops: string[]): string | undefined {
    const t = this.tokens[this.i];
    return t && t.type === "op" && ops.includes(t.value) ? t.value : undefined;
  }

  private expectOp(op: string): void {
    if (!this.peekOp(op)) throw new Error(`Expected '${op}' in ${this.text}`);
    this.i++;
  }

  private binary(next: () => Node, ops: string[]): Node {
    let left = next();
    for (let op = this.peekOp(...ops); op; op = this.peekOp(...ops)) {
      this.i++;
      left = { kind: "binary", op, left, right: next() };
    }
    return left;
  }

  private comparison = (): Node => this.binary(this.concat, ["=", "<>", "<", ">", "<=", ">="]);
  private concat = (): Node => this.binary(this.additive, ["&"]);
  private additive = (): Node => this.binary(this.multiplicative, ["+", "-"]);
  private multiplicative = (): Node => this.binary(this.power, ["*", "/"]);
  private power = (): Node => this.binary(this.unary, ["^"]);

  private unary = (): Node => {
    const op = this.peekOp("-", "+");
    if (op) {
      this.i++;
      return { kind: "unary", op: op as "-" | "+", arg: this.unary() };
    }
    let node = this.primary();
    while (this.peekOp("%")) {
      this.i++;
      node = { kind: "unary", op: "%", arg: node };
    }
    return node;
  };

  private primary(): Node {
    const t = this.tokens[this.i++];
    if (!t) throw new Error(`Unexpected end of ${this.text}`);
    switch (t.type) {
      case "num":
        return { kind: "num", value: t.value };
      case "str":
        return { kind: "str", value: t.value };
      case "ref":
        return t.node;
      case "word":
        if (t.name === "TRUE" || t.name === "FALSE") return { kind: "bool", value: t.name === "TRUE" };
        throw new Error(`Unknown name ${t.name} in ${this.text} (the evaluator resolves no defined names)`);
      case "func": {
        this.expectOp("(");
        const args: (Node | undefined)[] = [];
        if (this.peekOp(")")) {
          this.i++;
          return { kind: "call", name: t.name, args };
        }
        for (;;) {
          args.push(this.peekOp(",", ")") ? undefined : this.comparison());
          if (this.peekOp(")")) {
            this.i++;
            return { kind: "call", name: t.name, args };
          }
          this.expectOp(",");
        }
      }
      case "op":
        if (t.value === "(") {
          const inner = this.comparison();
          this.expectOp(")");
          return inner;
        }
        throw new Error(`Unexpected '${t.value}' in ${this.text}`);
    }
  }
}

/** Parses a formula (with its leading "="); throws on anything outside the subset. */
export function parseFormula(formula: string): Node {
  if (!formula.startsWith("=")) throw new Error(`Not a formula: ${formula}`);
  return new Parser(tokenize(formula.slice(1)), formula).parse();
}

/* ---- evaluation -------------------------------------------------------------------------------- */

function isError(v: unknown): v is FormulaError {
  return v instanceof FormulaError;
}

function toNumber(v: Scalar): number | FormulaError {
  if (isError(v)) return v;
  if (typeof v === "number") return v;
  if (typeof v === "boolean") return v ? 1 : 0;
  if (v === "") return 0;
  const n = Number(v);
  return v.trim() !== "" && Number.isFinite(n) ? n : new FormulaError("#VALUE!");
}

function toText(v: number | string | boolean): string {
  return typeof v === "boolean" ? (v ? "TRUE" : "FALSE") : String(v);
}

/** Excel's order across types: numbers < text < logicals; text compares case-insensitively. */
function compare(a: number | string | boolean, b: number | string | boolean): number {
  const rank = (v: number | string | boolean) => (typeof v === "number" ? 0 : typeof v === "string" ? 1 : 2);
  // An empty cell equals both 0 and "".
  if (a === "" && typeof b === "number") a = 0;
  if (b === "" && typeof a === "number") b = 0;
  if (rank(a) !== rank(b)) return rank(a) - rank(b);
  if (typeof a === "string") {
    const x = a.toLowerCase();
    const y = (b as string).toLowerCase();
    return x < y ? -1 : x > y ? 1 : 0;
  }
  return Number(a) - Number(b);
}

function finite(n: number): number | FormulaError {
  return Number.isFinite(n) ? n : new FormulaError("#NUM!");
}

const ERROR_OF_CODE: Record<string, ErrorCode> = {
  NUM: "#NUM!",
  NA: "#N/A",
  VALUE: "#VALUE!",
  DIV0: "#DIV/0!",
  REF: "#REF!",
  NAME: "#NAME?",
};

/**
 * A workbook to recalculate: cell contents come from `source` (e.g. the fake workbook's model) unless
 * set here; every read evaluates formulas afresh from the current contents, so an edited input shows
 * in every dependent cell.
 */
export class FormulaBook {
  private readonly edits = new Map<string, CellContent>();
  private readonly parsed = new Map<string, Node>();
  private readonly functions = new Map<string, FormulaFunction>();
  private cache = new Map<string, Scalar>();
  /** Values spilled into empty cells by the formulas evaluated so far. */
  private spilled = new Map<string, Scalar>();
  private readonly evaluating = new Set<string>();

  constructor(
    private readonly source: (sheet: string, row: number, col: number) => CellContent,
    functions: Record<string, FormulaFunction> = {},
  ) {
    for (const [name, fn] of Object.entries(functions)) this.functions.set(name.toUpperCase(), fn);
  }

  private key(sheet: string, row: number, col: number): string {
    return `${sheet.toLowerCase()}!${row},${col}`;
  }

  content(sheet: string, row: number, col: number): CellContent {
    const key = this.key(sheet, row, col);
    return this.edits.has(key) ? this.edits.get(key) : this.source(sheet, row, col);
  }

  /** Replaces a cell's content (a constant or a formula), as a user typing into it. */
  set(sheet: string, a1: string, content: CellContent): void {
    const { row, col } = parseCell(a1);
    this.edits.set(this.key(sheet, row, col), content);
    this.cache = new Map();
    this.spilled = new Map();
  }

  /** The value a cell shows ("" when empty). */
  value(sheet: string, a1: string): Scalar {
    const { row, col } = parseCell(a1);
    return this.cellValue(sheet, row, col);
  }

  /** A cell's value, which must be a number (a test helper: anything else throws with the cell named). */
  number(sheet: string, a1: string): number {
    const v = this.value(sheet, a1);
    if (typeof v !== "number") throw new Error(`${sheet}!${a1} is ${String(v)}, not a number`);
    return v;
  }

  /** Evaluates a formula as if it were in `sheet` (for its unqualified references). */
  evaluate(formula: string, sheet: string): Scalar {
    return this.scalar(this.node(formula), sheet);
  }

  private node(formula: string): Node {
    let node = this.parsed.get(formula);
    if (!node) {
      node = parseFormula(formula);
      this.parsed.set(formula, node);
    }
    return node;
  }

  private cellValue(sheet: string, row: number, col: number): Scalar {
    const key = this.key(sheet, row, col);
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached;
    const content = this.content(sheet, row, col);
    let value: Scalar;
    if (typeof content === "string" && content.startsWith("=")) {
      if (this.evaluating.has(key)) throw new Error(`Circular reference at ${sheet}!${cellName(row, col)}`);
      this.evaluating.add(key);
      try {
        value = this.formulaValue(sheet, row, col, this.node(content));
      } finally {
        this.evaluating.delete(key);
      }
    } else value = content === undefined || content === "" ? this.spillValue(sheet, row, col) : content;
    this.cache.set(key, value);
    return value;
  }

  /** What a formula shows in its own cell; a result of several values spills from it. */
  private formulaValue(sheet: string, row: number, col: number, node: Node): Scalar {
    const result = this.eval(node, sheet);
    // A reference to an empty cell shows 0; a function's "" stays empty text.
    const shown = (v: Scalar) => (v === "" && node.kind === "ref" ? 0 : v);
    if (!Array.isArray(result)) return shown(result);
    const rows = result.length;
    const cols = rows > 0 ? result[0].length : 0;
    if (rows === 0 || cols === 0) return new FormulaError("#VALUE!");
    if (rows > 1 && cols > 1)
      throw new Error(`${sheet}!${cellName(row, col)} spills ${rows}×${cols}: the evaluator spills one row or one column only`);
    const at = (k: number) => (rows > 1 ? { r: row + k, c: col } : { r: row, c: col + k });
    const length = Math.max(rows, cols);
    // Excel writes no part of a spill that would cover a cell holding anything.
    for (let k = 1; k < length; k++) {
      const { r, c } = at(k);
      if (!isEmpty(this.content(sheet, r, c))) return new FormulaError("#SPILL!");
    }
    for (let k = 1; k < length; k++) {
      const { r, c } = at(k);
      this.spilled.set(this.key(sheet, r, c), shown(rows > 1 ? result[k][0] : result[0][k]));
    }
    return shown(result[0][0]);
  }

  /** The value a spill puts into an empty cell ("" when none does); its anchor is the nearest non-empty cell above or to the left. */
  private spillValue(sheet: string, row: number, col: number): Scalar {
    const key = this.key(sheet, row, col);
    for (const [dr, dc] of [
      [-1, 0],
      [0, -1],
    ]) {
      if (this.spilled.has(key)) break;
      let r = row + dr;
      let c = col + dc;
      while (r >= 0 && c >= 0 && isEmpty(this.content(sheet, r, c))) {
        r += dr;
        c += dc;
      }
      // A formula being evaluated may read the empty cells below it (=SUM(A2:A9) in A1): not a spill.
      if (r >= 0 && c >= 0 && isFormula(this.content(sheet, r, c)) && !this.evaluating.has(this.key(sheet, r, c)))
        this.cellValue(sheet, r, c);
    }
    return this.spilled.get(key) ?? "";
  }

  private eval(node: Node, sheet: string): Arg {
    switch (node.kind) {
      case "num":
        return node.value;
      case "str":
        return node.value;
      case "bool":
        return node.value;
      case "ref": {
        const s = node.sheet ?? sheet;
        if (node.r0 === node.r1 && node.c0 === node.c1) return this.cellValue(s, node.r0, node.c0);
        const grid: Grid = [];
        for (let r = node.r0; r <= node.r1; r++) {
          const row: Scalar[] = [];
          for (let c = node.c0; c <= node.c1; c++) row.push(this.cellValue(s, r, c));
          grid.push(row);
        }
        return grid;
      }
      case "unary": {
        const v = toNumber(this.scalar(node.arg, sheet));
        if (isError(v)) return v;
        return node.op === "-" ? -v : node.op === "%" ? v / 100 : v;
      }
      case "binary":
        return this.binary(node.op, this.scalar(node.left, sheet), this.scalar(node.right, sheet));
      case "call":
        return this.call(node.name, node.args, sheet);
    }
  }

  /** A value in a scalar position: a single-cell range is its value; a larger one is #VALUE! (no implicit intersection). */
  private scalar(node: Node, sheet: string): Scalar {
    const v = this.eval(node, sheet);
    if (!Array.isArray(v)) return v;
    return v.length === 1 && v[0].length === 1 ? v[0][0] : new FormulaError("#VALUE!");
  }

  private binary(op: string, a: Scalar, b: Scalar): Scalar {
    if (isError(a)) return a;
    if (isError(b)) return b;
    if (op === "&") return toText(a) + toText(b);
    if (["=", "<>", "<", ">", "<=", ">="].includes(op)) {
      const c = compare(a, b);
      return op === "=" ? c === 0 : op === "<>" ? c !== 0 : op === "<" ? c < 0 : op === ">" ? c > 0 : op === "<=" ? c <= 0 : c >= 0;
    }
    const x = toNumber(a);
    const y = toNumber(b);
    if (isError(x)) return x;
    if (isError(y)) return y;
    switch (op) {
      case "+":
        return finite(x + y);
      case "-":
        return finite(x - y);
      case "*":
        return finite(x * y);
      case "/":
        return y === 0 ? new FormulaError("#DIV/0!") : finite(x / y);
      case "^":
        if (x === 0 && y < 0) return new FormulaError("#DIV/0!");
        return finite(x ** y);
      default:
        throw new Error(`Operator ${op} is not supported`);
    }
  }

  private call(name: string, args: (Node | undefined)[], sheet: string): Arg {
    switch (name) {
      case "SUM":
      case "MIN":
      case "MAX":
        return this.aggregate(name, args, sheet);
      case "IF": {
        if (args.length < 2 || args.length > 3 || !args[0]) throw new Error("IF takes 2 or 3 arguments");
        const cond = this.scalar(args[0], sheet);
        if (isError(cond)) return cond;
        const truth = typeof cond === "string" ? (cond === "" ? false : new FormulaError("#VALUE!")) : Boolean(cond);
        if (isError(truth)) return truth;
        const branch = truth ? args[1] : args[2];
        if (branch) return this.scalar(branch, sheet);
        return truth ? 0 : false;
      }
      case "ISNUMBER": {
        if (args.length !== 1 || !args[0]) throw new Error("ISNUMBER takes 1 argument");
        return typeof this.scalar(args[0], sheet) === "number";
      }
      case "INDEX":
        return this.index(args, sheet);
      case "SUMIF":
        return this.sumif(args, sheet);
    }
    const fn = this.functions.get(name);
    if (!fn) return new FormulaError("#NAME?");
    const values = args.map((a) => (a === undefined ? undefined : this.eval(a, sheet)));
    try {
      const out = fn(...values);
      if (Array.isArray(out)) return out.map((row) => row.map((v) => (typeof v === "number" ? finite(v) : v)));
      if (typeof out === "object" && !isError(out))
        throw new Error(`${name} returned an object that is neither a value nor rows of values`);
      return typeof out === "number" ? finite(out) : out;
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      return new FormulaError((typeof code === "string" && ERROR_OF_CODE[code]) || "#VALUE!");
    }
  }

  /** INDEX(range, row, [column]): 1-based; a one-column or one-row range takes one number. */
  private index(args: (Node | undefined)[], sheet: string): Scalar {
    if (args.length < 2 || args.length > 3 || !args[0] || !args[1]) throw new Error("INDEX takes 2 or 3 arguments");
    const v = this.eval(args[0], sheet);
    const grid: Grid = Array.isArray(v) ? v : [[v]];
    const first = toNumber(this.scalar(args[1], sheet));
    const second = args[2] ? toNumber(this.scalar(args[2], sheet)) : undefined;
    if (isError(first)) return first;
    if (second !== undefined && isError(second)) return second;
    const oneRow = grid.length === 1 && second === undefined;
    const [r, c] = oneRow ? [1, first] : [first, second ?? 1];
    if (!(Number.isInteger(r) && Number.isInteger(c)) || r < 1 || c < 1 || r > grid.length || c > grid[0].length)
      return new FormulaError("#REF!");
    return grid[r - 1][c - 1];
  }

  /** SUMIF(range, criterion, [sum_range]): rows whose cell equals the criterion (no ">5" or wildcards here). */
  private sumif(args: (Node | undefined)[], sheet: string): Scalar {
    if (args.length < 2 || args.length > 3 || !args[0] || !args[1]) throw new Error("SUMIF takes 2 or 3 arguments");
    const range = this.eval(args[0], sheet);
    const criterion = this.scalar(args[1], sheet);
    const sums = args[2] ? this.eval(args[2], sheet) : range;
    if (!Array.isArray(range) || !Array.isArray(sums)) throw new Error("SUMIF needs ranges");
    if (isError(criterion)) return criterion;
    if (typeof criterion === "string" && /^[<>=*?]|[*?]/.test(criterion))
      throw new Error(`SUMIF criterion ${criterion} is outside the subset`);
    let total = 0;
    range.forEach((row, i) =>
      row.forEach((cell, j) => {
        const add = sums[i]?.[j];
        if (!isError(cell) && cell !== "" && compare(cell, criterion) === 0 && typeof add === "number") total += add;
      }),
    );
    return finite(total);
  }

  /** SUM, MIN, MAX: numbers in ranges count (text, logicals and empty cells in ranges do not); scalars are converted. */
  private aggregate(name: "SUM" | "MIN" | "MAX", args: (Node | undefined)[], sheet: string): Scalar {
    const numbers: number[] = [];
    for (const arg of args) {
      if (!arg) continue;
      const v = this.eval(arg, sheet);
      if (Array.isArray(v)) {
        for (const row of v) {
          for (const cell of row) {
            if (isError(cell)) return cell;
            if (typeof cell === "number") numbers.push(cell);
          }
        }
      } else {
        const n = toNumber(v);
        if (isError(n)) return n;
        numbers.push(n);
      }
    }
    if (name === "SUM") return finite(numbers.reduce((s, n) => s + n, 0));
    if (numbers.length === 0) return 0;
    return name === "MIN" ? Math.min(...numbers) : Math.max(...numbers);
  }
}

function isEmpty(content: CellContent): boolean {
  return content === undefined || content === "";
}

function isFormula(content: CellContent): content is string {
  return typeof content === "string" && content.startsWith("=");
}

function parseCell(a1: string): { row: number; col: number } {
  const m = /^\$?([A-Za-z]{1,3})\$?(\d+)$/.exec(a1);
  if (!m) throw new Error(`Not a cell address: ${a1}`);
  return { row: Number(m[2]) - 1, col: columnIndex(m[1]) };
}

function cellName(row: number, col: number): string {
  let n = col + 1;
  let letters = "";
  while (n > 0) {
    const rem = (n - 1) % 26;
    letters = String.fromCharCode(65 + rem) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return `${letters}${row + 1}`;
}
