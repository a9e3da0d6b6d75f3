/**
 * ts-jest, then one statement that makes the built-in namespaces module locals.
 *
 * Jest runs every file inside a vm context, where each lookup of a global such as `Math` or
 * `Number` goes through the context's property interceptor: about 200 ns on Node 20, against
 * about 1 ns outside a vm. The BTYD interval loops and the 100,000-row runs make tens of millions of
 * such lookups, so a test took seconds in lookups alone (`Number.isFinite` in a parameter check
 * was half of a CLV workbook test). Bound once per module they cost nothing, and production code
 * needs no such bindings of its own.
 *
 * Only objects no test replaces are bound: `Date` and the timers stay globals, so
 * `jest.useFakeTimers()` still reaches every module; `jest.spyOn(Math, "random")` changes the
 * shared object and so still works. The statement goes on the first line, after `"use strict";`,
 * so the inline source map's lines stay right.
 */
const { createHash } = require("crypto");
const tsJest = require("ts-jest").default;

const GLOBALS = ["Math", "Number", "Infinity", "NaN", "String", "Object", "Array", "JSON"];
const BINDING = `const { ${GLOBALS.join(", ")} } = globalThis;`;
const STRICT = '"use strict";';
const SALT = createHash("sha1").update(BINDING).digest("hex");

function bindGlobals(code) {
  return code.startsWith(STRICT) ? STRICT + BINDING + code.slice(STRICT.length) : BINDING + code;
}

module.exports = {
  createTransformer(options) {
    const inner = tsJest.createTransformer(options);
    return {
      canInstrument: inner.canInstrument,
      getCacheKey: (source, path, transformOptions) => inner.getCacheKey(source, path, transformOptions) + SALT,
      process(source, path, transformOptions) {
        const result = inner.process(source, path, transformOptions);
        return { ...result, code: bindGlobals(result.code) };
      },
    };
  },
};
