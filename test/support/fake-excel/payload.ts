/**
 * Size of a value as UTF-8 JSON, the way Excel on the web measures a request or response against
 * its 5 MB cap. Computed independently of src/excel's own estimate, so a test on the fake checks it.
 */
const utf8 = new TextEncoder();

export function jsonBytes(value: unknown): number {
  const text = JSON.stringify(value);
  // JSON.stringify escapes lone surrogates, so the text is well-formed and the encoding is exact.
  // TextEncoder rather than Buffer: the fake also runs in the browser (fake-excel/browser.ts).
  return text === undefined ? 0 : utf8.encode(text).length;
}
