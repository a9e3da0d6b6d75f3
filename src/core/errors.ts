/**
 * Errors of the analytics core (METHODS.md §1.6). Core functions throw CrmError; the custom-function
 * layer maps `code` to CustomFunctions.Error (VALUE → #VALUE!, NUM → #NUM!, NA → #N/A).
 *
 * - VALUE: ranges of different length, or text where a number is needed.
 * - NUM: a parameter out of range.
 * - NA: no valid data, or a quantity that would divide by zero (#DIV/0! is never emitted).
 */

export type CrmErrorCode = "VALUE" | "NUM" | "NA";

export class CrmError extends Error {
  constructor(
    public readonly code: CrmErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "CrmError";
  }
}

export function valueError(message: string): CrmError {
  return new CrmError("VALUE", message);
}

export function numError(message: string): CrmError {
  return new CrmError("NUM", message);
}

export function naError(message: string): CrmError {
  return new CrmError("NA", message);
}

export function isCrmError(error: unknown): error is CrmError {
  return error instanceof CrmError;
}

/** Throws VALUE unless `value` is a finite number; `name` is the argument named in the message. */
export function requireFinite(value: unknown, name: string): number {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw valueError(`${name} must be a finite number (got ${String(value)})`);
  }
  return value;
}

/** Throws VALUE unless the two sequences have the same length. */
export function requireSameLength(a: ArrayLike<unknown>, b: ArrayLike<unknown>, nameA: string, nameB: string): void {
  if (a.length !== b.length) {
    throw valueError(`${nameA} and ${nameB} must have the same length (${a.length} vs ${b.length})`);
  }
}

/** a / b, or an NA error naming `what` when b is 0 (the core never yields Infinity from a zero divisor). */
export function safeDivide(a: number, b: number, what: string): number {
  if (b === 0) throw naError(`${what} is undefined: division by zero`);
  return a / b;
}
