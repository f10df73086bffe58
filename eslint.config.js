// ESLint flat config. The analysis core must stay pure (DESIGN §6 rule 3): no I/O, clock or GitHub.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

const impureModules = [
  { name: "fs", message: "The analysis core is pure: read files in an adapter (src/git, src/cli, src/github)." },
  { name: "node:fs", message: "The analysis core is pure: read files in an adapter (src/git, src/cli, src/github)." },
  { name: "fs/promises", message: "The analysis core is pure." },
  { name: "node:fs/promises", message: "The analysis core is pure." },
  { name: "child_process", message: "The analysis core is pure." },
  { name: "node:child_process", message: "The analysis core is pure." },
  { name: "probot", message: "Probot belongs to src/app.ts and src/webhooks." },
  { name: "@octokit/rest", message: "Octokit lives only in src/github/." },
];

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "examples/**", "coverage/**", "rules/**/project/**", "test/fixtures/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: "readonly", console: "readonly", URL: "readonly" } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
    },
  },
  {
    files: ["rules/**/*.ts", "src/analysis/**/*.ts", "src/diff/**/*.ts", "src/report/**/*.ts", "src/commands/**/*.ts", "src/config/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", { paths: impureModules }],
      "no-restricted-globals": ["error", { name: "process", message: "The analysis core is pure: pass values in." }, { name: "fetch", message: "No network in the analysis core." }],
      "no-restricted-properties": ["error", { object: "Date", property: "now", message: "No clock in the analysis core." }],
    },
  },
  {
    // The finding model lives in the core; the core and the rules never import from the reporters.
    files: ["rules/**/*.ts", "src/analysis/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: impureModules,
          patterns: [{ group: ["**/report/**"], message: "src/report renders findings; the analysis core and the rules define them (src/analysis/finding.ts)." }],
        },
      ],
    },
  },
);
