import eslint from "@eslint/js";
import tseslint from "typescript-eslint";
import { readFileSync } from "node:fs";

// The layer table (see layers.json and docs/architecture.md): folder → the folders it may import.
const layerImports = JSON.parse(readFileSync(`${import.meta.dirname}/layers.json`, "utf8")).mayImport;
const wiringFiles = ["appServices", "cliServices", "index"];
const appModules = [...Object.keys(layerImports), ...wiringFiles];

/** The no-restricted-imports patterns for the files of one folder of src/. */
function restrictedImportPatterns(folder) {
  if (folder === "shared") {
    return [{ regex: "^\\.\\./", message: "src/shared/ holds generic helpers and imports nothing of the app (see docs/architecture.md)." }];
  }
  const allowed = new Set([folder, ...layerImports[folder]]);
  return appModules
    .filter((target) => !allowed.has(target))
    .map((target) => ({
      regex: `^(\\.\\./)+${target}(/|$)`,
      message: `src/${folder}/ may not import ${wiringFiles.includes(target) ? `src/${target}.ts` : `src/${target}/`}: layers point one way (see docs/architecture.md).`,
    }));
}

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "coverage/**", ".cache/**", "infra/**/*.json"] },
  eslint.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  ...tseslint.configs.stylisticTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/restrict-template-expressions": ["error", { allowNumber: true }],
      "no-restricted-syntax": [
        "error",
        { selector: "ExportDefaultDeclaration", message: "Use named exports only." },
      ],
    },
  },
  // One block per folder of src/: a later block replaces a rule's options, so each lists all it forbids.
  ...Object.keys(layerImports).map((folder) => ({
    files: [`src/${folder}/**/*.ts`],
    rules: { "no-restricted-imports": ["error", { patterns: restrictedImportPatterns(folder) }] },
  })),
  {
    // Tool configuration files are loaded by their tools through a default export.
    files: ["vitest.config.mts", "eslint.config.mjs"],
    rules: { "no-restricted-syntax": "off" },
  },
  {
    files: ["**/*.mjs", "**/*.cjs"],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: {
      globals: { process: "readonly", console: "readonly", require: "readonly", module: "writable", __dirname: "readonly" },
    },
  },
  {
    // Preloads run under plain `node --require`, before any TypeScript tooling exists.
    files: ["**/*.cjs"],
    languageOptions: { sourceType: "commonjs" },
    rules: { "@typescript-eslint/no-require-imports": "off", "@typescript-eslint/no-empty-function": "off" },
  },
);
