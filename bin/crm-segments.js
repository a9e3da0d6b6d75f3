#!/usr/bin/env node
// The command line is TypeScript compiled to lib/ by `npm run build:cli`.
const path = require("path");
const entry = path.join(__dirname, "..", "lib", "src", "cli", "index.js");
try {
  require.resolve(entry);
} catch {
  process.stderr.write("crm-segments: not built yet; run `npm run build:cli` first\n");
  process.exit(2);
}
require(entry);
