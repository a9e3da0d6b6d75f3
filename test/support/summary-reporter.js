/** Prints one plain closing line ("tests: N passed, N failed") that CI reads, after Jest's own summary. */
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
    const line = `tests: ${results.numPassedTests} passed, ${failed} failed, ${skipped} skipped`;
    process.on("exit", () => process.stderr.write(`\n${line}\n`));
  }
}
module.exports = SummaryReporter;
