import tseslint from "typescript-eslint";
import tsParser from "@typescript-eslint/parser";
import officeAddins from "eslint-plugin-office-addins";
import reactHooks from "eslint-plugin-react-hooks";
import prettier from "eslint-config-prettier/flat";

/*
 * Layer rules (ARCHITECTURE): core is pure, only src/excel calls the Excel API, the CLI never
 * reaches the add-in. test/architecture.test.ts checks the same rules on the resolved import
 * graph, plus the absence of import cycles (no cycle plugin is installed).
 */
const PACKAGES = { regex: "^[^.]", message: "src/core is pure: no packages, Node modules or Office/React imports." };

/** Relative imports that climb out of src/core, for a file `depth` folders below it. */
const leavesCore = (depth) => ({
  regex: `^(\\.\\./){${depth + 1}}`,
  message: "src/core imports nothing outside src/core.",
});

const coreLayer = [0, 1, 2, 3].map((depth) => ({
  files: [`src/core/${"*/".repeat(depth)}*.ts`],
  rules: { "no-restricted-imports": ["error", { patterns: [PACKAGES, leavesCore(depth)] }] },
}));

const NODE_BUILTINS = ["fs", "path", "os", "zlib", "child_process", "crypto", "buffer", "stream", "util", "url"];
const BROWSER_ONLY = "The add-in runs in a browser: no Node modules, no ExcelJS.";

/** The add-in's layers are bundled for the browser; each may also name the layers it must not import. */
const browserLayer = (files, forbidden, message) => ({
  files,
  rules: {
    "no-restricted-imports": [
      "error",
      {
        paths: NODE_BUILTINS.map((name) => ({ name, message: BROWSER_ONLY })),
        patterns: [
          { regex: "^node:", message: BROWSER_ONLY },
          { group: ["exceljs"], message: BROWSER_ONLY },
          { group: forbidden.flatMap((g) => [g, `${g}/**`]), message },
        ],
      },
    ],
  },
});

const EXCEL_ONLY = "Only src/excel uses the Excel API and its types; take a WorkbookApi (src/excel/types.ts) instead.";

const ADDIN_LAYERS = { group: ["**/taskpane", "**/taskpane/**", "**/functions", "**/functions/**", "**/excel", "**/excel/**"] };

export default [
  { ignores: ["node_modules/", "lib/", "dist/", "out/", "test-output/", "coverage/", "**/*.js", "**/*.mjs"] },
  ...tseslint.configs.recommended,
  {
    files: ["**/*.ts", "**/*.tsx"],
    languageOptions: { parser: tsParser },
    rules: {
      "@typescript-eslint/no-explicit-any": "off",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
    },
  },
  {
    // A promise nobody awaits loses its error (an unhandled rejection in the pane, a silent CLI exit).
    files: ["src/**/*.ts", "src/**/*.tsx"],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": "error",
    },
  },
  ...coreLayer,
  {
    // Only src/excel talks to the Excel API; the pane and the functions get it injected or not at all.
    files: ["src/**/*.ts", "src/**/*.tsx"],
    ignores: ["src/excel/**"],
    rules: {
      "no-restricted-globals": ["error", { name: "Excel", message: EXCEL_ONLY }],
      // no-restricted-globals does not see type positions such as `Excel.Range` or `typeof Excel`.
      "no-restricted-syntax": [
        "error",
        { selector: "TSQualifiedName > Identifier.left[name='Excel']", message: EXCEL_ONLY },
        { selector: "TSTypeQuery > Identifier.exprName[name='Excel']", message: EXCEL_ONLY },
      ],
    },
  },
  browserLayer(
    ["src/excel/**/*.ts"],
    ["react", "react-dom", "**/cli", "**/taskpane", "**/functions"],
    "src/excel builds on src/core only.",
  ),
  browserLayer(
    ["src/functions/**/*.ts"],
    ["react", "react-dom", "**/cli", "**/taskpane", "**/excel"],
    "src/functions builds on src/core only.",
  ),
  browserLayer(
    ["src/taskpane/**/*.ts", "src/taskpane/**/*.tsx"],
    ["**/cli", "**/functions"],
    "The pane builds on src/core and src/excel only.",
  ),
  {
    files: ["src/cli/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ ...ADDIN_LAYERS, message: "The CLI builds on src/core only, not on the add-in's layers." }] },
      ],
    },
  },
  {
    // Rules of Hooks and the React Compiler's checks; a missing effect dependency is an error, not a warning that scrolls by.
    files: ["src/taskpane/**/*.ts", "src/taskpane/**/*.tsx"],
    ...reactHooks.configs.flat.recommended,
    rules: { ...reactHooks.configs.flat.recommended.rules, "react-hooks/exhaustive-deps": "error" },
  },
  {
    // The Office.js rules matter where the Excel API is called.
    files: ["src/excel/**/*.ts", "src/taskpane/**/*.ts", "src/taskpane/**/*.tsx"],
    languageOptions: { parser: tsParser },
    plugins: { "office-addins": officeAddins },
    rules: {
      "office-addins/load-object-before-read": "error",
      "office-addins/call-sync-before-read": "error",
      "office-addins/no-context-sync-in-loop": "error",
      "office-addins/no-office-initialize": "error",
    },
  },
  // Last: layout is Prettier's job (npm run format), so lint rules about layout are off.
  prettier,
];
