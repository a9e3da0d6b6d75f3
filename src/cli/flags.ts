/**
 * What every command's argument parser shares (args.ts, args-methods.ts, clv-triples.ts, sql.ts):
 * the usage error, the input arguments and the reading of options. Apart from args.ts because
 * args.ts imports args-methods.ts: the shared pieces here keep the two out of an import cycle.
 */

export class UsageError extends Error {}

/** What every command reads: the input file, its sheet and the column references. */
export interface InputArgs {
  input: string;
  sheet?: string;
  /** Text encoding of a text input, as given (checked against iconv-lite's names when read). */
  encoding?: string;
  /** Column references as given (header name, letter or 1-based number). */
  columns: { customer?: string; date?: string; amount?: string; quantity?: string; price?: string; order?: string; cost?: string };
}

/** Options that take no value. */
export const BOOLEAN_FLAGS = new Set(["--no-bom", "--debug"]);

/**
 * Options (those in `valueFlags` take a value, as `--flag value` or `--flag=value`; -o is --out;
 * those in `booleanFlags` none, and are returned in `switches`) and positional arguments.
 */
export function readFlags(
  rest: string[],
  valueFlags: ReadonlySet<string>,
  booleanFlags: ReadonlySet<string>,
): { values: Map<string, string>; positional: string[]; switches: Set<string> } {
  const values = new Map<string, string>();
  const positional: string[] = [];
  const switches = new Set<string>();
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (arg.startsWith("-") && arg !== "-") {
      const eq = arg.indexOf("=");
      const flag = eq > 0 ? arg.slice(0, eq) : arg;
      if (booleanFlags.has(flag)) {
        if (eq > 0) throw new UsageError(`option '${flag}' takes no value`);
        switches.add(flag);
        continue;
      }
      if (!valueFlags.has(flag)) throw new UsageError(`unknown option '${flag}'`);
      const value = eq > 0 ? arg.slice(eq + 1) : rest[++i];
      if (value === undefined || value === "") throw new UsageError(`option '${flag}' needs a value`);
      const key = flag === "-o" ? "--out" : flag;
      if (values.has(key)) throw new UsageError(`option '${flag}' given twice`);
      values.set(key, value);
    } else {
      positional.push(arg);
    }
  }
  return { values, positional, switches };
}
