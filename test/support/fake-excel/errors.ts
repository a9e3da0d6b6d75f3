/**
 * Errors shaped like OfficeExtension.Error (name "RichApi.Error", a string `code`, `debugInfo`), so
 * code under test can branch on `code` exactly as it would against Excel.
 */
export class FakeOfficeError extends Error {
  readonly code: string;
  readonly debugInfo: { code: string; message: string; errorLocation?: string };
  readonly traceMessages: string[] = [];

  constructor(code: string, message: string, errorLocation?: string) {
    super(message);
    this.name = "RichApi.Error";
    this.code = code;
    this.debugInfo = { code, message, errorLocation };
  }
}

export const ErrorCodes = {
  propertyNotLoaded: "PropertyNotLoaded",
  invalidArgument: "InvalidArgument",
  invalidSelection: "InvalidSelection",
  invalidOperation: "InvalidOperation",
  invalidObjectPath: "InvalidObjectPath",
  invalidRequestContext: "InvalidRequestContext",
  itemNotFound: "ItemNotFound",
  itemAlreadyExists: "ItemAlreadyExists",
  apiNotFound: "ApiNotFound",
  notImplemented: "NotImplemented",
  insertDeleteConflict: "InsertDeleteConflict",
  requestPayloadSizeLimitExceeded: "RequestPayloadSizeLimitExceeded",
  responsePayloadSizeLimitExceeded: "ResponsePayloadSizeLimitExceeded",
  rangeExceedsLimit: "RangeExceedsLimit",
  generalException: "GeneralException",
} as const;

/** The message Office.js gives when a property is read before load + sync. */
export function propertyNotLoaded(objectType: string, property: string): FakeOfficeError {
  return new FakeOfficeError(
    ErrorCodes.propertyNotLoaded,
    `The property '${property}' is not available. Before reading the property's value, call the load method on the containing object and call "context.sync()" on the associated request context.`,
    `${objectType}.${property}`,
  );
}

export function fail(code: string, message: string, where?: string): never {
  throw new FakeOfficeError(code, message, where);
}
