/**
 * Bundles the fake workbook for the browser (browser-entry.ts) into one script that replaces the
 * Office.js CDN file in the browser test. Used by browser.ts; by hand:
 *   npx webpack -c test/support/fake-excel/webpack.config.js
 * writes test-output/fake-office/fake-office.js.
 */
const path = require("path");

const ROOT = path.resolve(__dirname, "../../..");

module.exports = (env = {}) => ({
  mode: "development",
  devtool: false,
  target: "web",
  entry: path.join(__dirname, "browser-entry.ts"),
  output: { path: env.outputPath || path.join(ROOT, "test-output", "fake-office"), filename: "fake-office.js", iife: true },
  resolve: { extensions: [".ts", ".js"] },
  module: {
    rules: [{ test: /\.ts$/, loader: "ts-loader", options: { transpileOnly: true, configFile: path.join(ROOT, "tsconfig.json") } }],
  },
  performance: { hints: false },
});
