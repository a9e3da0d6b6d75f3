/**
 * Jest compiles TypeScript with ts-jest in transpile-only mode (plain JavaScript, no native
 * binaries); type checking is `npm run typecheck`.
 *
 * Three projects: `unit` (core, functions, CLI, fake-workbook and pane-component tests; `npm run
 * test:unit`, under 60 s on two cores), `scale` (`*.scale.test.ts`, beside the unit tests they came
 * from: the tests whose point is size or statistics, such as Monte Carlo coverage) and
 * `integration`, the files that need a production build of the add-in, a browser, LibreOffice or a
 * PostgreSQL server. `npm test` runs all three.
 */
/**
 * Test files (under test/, without `.test.ts`) that need a build (cli/bin compiles the CLI), a
 * browser, LibreOffice, or a database engine: PostgreSQL, or DuckDB (the optional native package)
 * running the SQL the CLI prints.
 */
const INTEGRATION = [
  "e2e/[^/]+\\.e2e",
  "cli/bin",
  "bundle",
  "manifest",
  "metadata",
  "cli/xlsx-render",
  "cli/postgres[a-z-]*",
  "[a-z/-]*duckdb",
  "cli/duckdb-[a-z-]*",
  "cli/sql",
];
const INTEGRATION_FILES = `/test/(?:[^/]+/)*(?:${INTEGRATION.join("|")})\\.test\\.ts$`;
const SCALE_FILES = "\\.scale\\.test\\.ts$";

const project = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  transform: {
    // ts-jest, with Math, Number, … bound as module locals (vm-context global lookups are slow).
    "^.+\\.tsx?$": ["<rootDir>/test/support/local-globals-transform.js", { tsconfig: "<rootDir>/tsconfig.jest.json", diagnostics: false }],
    // hyparquet (Parquet without DuckDB) ships ES modules only: compiled to CommonJS for Jest.
    "/node_modules/hyparquet/.+\\.js$": [
      "ts-jest",
      { tsconfig: { allowJs: true, module: "commonjs", target: "es2022", isolatedModules: true }, diagnostics: false },
    ],
  },
  transformIgnorePatterns: ["/node_modules/(?!hyparquet/)"],
};

module.exports = {
  projects: [
    {
      ...project,
      displayName: "unit",
      testMatch: ["<rootDir>/test/**/*.test.ts", "<rootDir>/test/**/*.test.tsx"],
      testPathIgnorePatterns: ["/node_modules/", INTEGRATION_FILES, SCALE_FILES],
    },
    { ...project, displayName: "scale", testRegex: SCALE_FILES },
    { ...project, displayName: "integration", testRegex: INTEGRATION_FILES },
  ],
  reporters: ["default", "<rootDir>/test/support/summary-reporter.js"],
  testTimeout: 120000,
};
