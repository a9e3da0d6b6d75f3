/**
 * What differs between the SQL dialects the generators write for. Both generators only build text;
 * nothing here runs a query.
 */
export type Dialect = "duckdb" | "postgres";

export const DIALECTS: readonly Dialect[] = ["duckdb", "postgres"];

interface DialectTypes {
  /**
   * Exact type amounts are summed in, so a sum rounds like the core's (which rounds half away from
   * zero, robust to binary noise, i.e. as a decimal sum would).
   */
  money: string;
  double: string;
  text: string;
}

const TYPES: Record<Dialect, DialectTypes> = {
  duckdb: { money: "DECIMAL(38, 6)", double: "DOUBLE", text: "VARCHAR" },
  postgres: { money: "NUMERIC", double: "DOUBLE PRECISION", text: "TEXT" },
};

export function dialectTypes(dialect: Dialect): DialectTypes {
  return TYPES[dialect];
}

/** A double-quoted identifier (both dialects), "" doubling an embedded quote. */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** A table name, possibly schema-qualified (a.b), quoted part by part. */
export function quoteTable(name: string): string {
  return name.split(".").map(quoteIdent).join(".");
}

/** A string literal, '' doubling an embedded quote. */
export function quoteText(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/** A finite number as a literal that parses back to the same double (JS prints the shortest such). */
export function numberLiteral(x: number): string {
  if (!Number.isFinite(x)) throw new RangeError(`not a finite number: ${x}`);
  return String(x);
}

/** ⌈p·n⌉ as in core ceilShare (a product within 1e-9 of an integer counts as that integer); n an SQL expression. */
export function ceilShareSql(p: number, n: string, dialect: Dialect): string {
  const x = `(${numberLiteral(p)} * CAST(${n} AS ${TYPES[dialect].double}))`;
  return `(CASE WHEN ABS(${x} - ROUND(${x})) <= 1e-9 * GREATEST(1, ABS(${x})) THEN ROUND(${x}) ELSE CEIL(${x}) END)`;
}
