import tseslint from "typescript-eslint";
import tsParser from "@typescript-eslint/parser";
import officeAddins from "eslint-plugin-office-addins";

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
];
