/** Entry point of the compiled command line (lib/src/cli/index.js, run by bin/crm-segments.js). */
import { internalError, main } from "./main";

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${internalError(error)}\n`);
    process.exitCode = 1;
  },
);
