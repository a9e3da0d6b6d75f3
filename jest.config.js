/**
 * Jest compiles TypeScript with ts-jest in transpile-only mode (plain JavaScript, no native
 * binaries); type checking is `npm run typecheck`.
 */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts", "**/*.test.tsx"],
  transform: {
    "^.+\\.tsx?$": ["ts-jest", { tsconfig: "<rootDir>/tsconfig.jest.json", diagnostics: false }],
    // hyparquet (Parquet without DuckDB) ships ES modules only: compiled to CommonJS for Jest.
    "/node_modules/hyparquet/.+\\.js$": ["ts-jest", { tsconfig: { allowJs: true, module: "commonjs", target: "es2022", isolatedModules: true }, diagnostics: false }],
  },
  transformIgnorePatterns: ["/node_modules/(?!hyparquet/)"],
  reporters: ["default", "<rootDir>/test/support/summary-reporter.js"],
  testTimeout: 120000,
};
