/**
 * A minimal stand-in for the custom-functions runtime globals, shaped like the real ones:
 * `new CustomFunctions.Error(code, message)` with `code` from `CustomFunctions.ErrorCode`, and
 * `CustomFunctions.associate(id, fn)` recording what a bundle registers. Import it before the
 * functions under test.
 */
export const ErrorCode = {
  invalidValue: "#VALUE!",
  notAvailable: "#N/A",
  divisionByZero: "#DIV/0!",
  invalidNumber: "#NUM!",
  nullReference: "#NULL!",
  invalidName: "#NAME?",
  invalidReference: "#REF!",
} as const;

export class ExcelError {
  constructor(
    public code: string,
    public message?: string,
  ) {}
}

export function makeCustomFunctions(associated: Map<string, (...args: any[]) => unknown>) {
  return {
    ErrorCode,
    Error: ExcelError,
    associate(id: string, fn: (...args: any[]) => unknown) {
      associated.set(id, fn);
    },
  };
}

export const associated = new Map<string, (...args: any[]) => unknown>();
(globalThis as any).CustomFunctions = makeCustomFunctions(associated);
