/**
 * Size of a value as UTF-8 JSON, the way Excel on the web measures a request or response against
 * its 5 MB cap. Computed independently of src/excel's own estimate, so a test on the fake checks it.
 */
export function jsonBytes(value: unknown): number {
  const text = JSON.stringify(value);
  if (text === undefined) return 0;
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}
