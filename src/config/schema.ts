/**
 * `.github/djperf.yml` (App) and `--config FILE` (CLI): one schema, validated with zod. An invalid file
 * never stops a run: its problems are reported with the key path and the defaults are used.
 */
import { z } from "zod";

export const FILTER_MODES = ["added", "context", "file", "all"] as const;
export type FilterMode = (typeof FILTER_MODES)[number];

const level = z.enum(["block", "warn", "info"]);

/** Per rule: a level, `off`, or an object with level / off / options. */
const ruleSetting = z.union([
  z.enum(["block", "warn", "info", "off"]),
  z
    .object({
      level: level.optional(),
      off: z.boolean().optional(),
      options: z.record(z.string(), z.unknown()).optional(),
    })
    .strict(),
]);

const ruleKey = z.string().regex(/^DJP\d{3}$|^DJP\d?\d?\*$/, "expected a rule id like DJP101 or a prefix like DJP1*");

/**
 * Code that is not the application's request or job path, skipped unless `paths.default_excludes` is
 * false, grouped so the CLI can say which excludes applied. A `test/` folder is deliberately not
 * excluded: real projects name Django apps `test` (DefectDojo's `dojo/test/` holds the Test model and
 * its views), and a glob cannot tell an app from a test suite. Test modules inside a `test/` suite are
 * still skipped by their names; files whose content shows they are tests or seed data (they import a
 * test framework or a fake-data library) are recognised by src/analysis/code-kind.ts.
 */
export const DEFAULT_EXCLUDE_GROUPS: readonly { kind: string; patterns: readonly string[] }[] = [
  {
    kind: "tests",
    patterns: [
      "**/tests/**",
      "**/unittests/**",
      "**/testing/**",
      "**/testutils/**",
      "**/test_utils/**",
      "**/test_*.py",
      "**/*_test.py",
      "**/tests.py",
      "**/testing.py",
      "**/test_utils.py",
      "**/testutils.py",
      "**/conftest.py",
      "**/factories.py",
      "**/factories/**",
    ],
  },
  {
    kind: "sample and seed data",
    patterns: [
      "**/fixtures/**",
      "**/sample_data/**",
      "**/*sample_data*.py",
      "**/*random_data*.py",
      "**/*dummy_data*.py",
      "**/data_generators/**",
      "**/management/commands/*populatedb*.py",
      "**/management/commands/*populate_db*.py",
      "**/management/commands/*populate_dev*.py",
      "**/management/commands/*populate_test*.py",
      "**/management/commands/*seed*.py",
      "**/management/commands/*fake*.py",
      "**/management/commands/*dummy*.py",
      "**/management/commands/*sample*.py",
      "**/management/commands/*demo*.py",
      "**/*dev*fixture*/**",
    ],
  },
  { kind: "examples", patterns: ["**/examples/**"] },
  { kind: "third-party code", patterns: ["**/node_modules/**", "**/.venv/**", "**/venv/**", "**/site-packages/**"] },
];

export const DEFAULT_EXCLUDES: readonly string[] = DEFAULT_EXCLUDE_GROUPS.flatMap((g) => g.patterns);

/** Upper bound of `analysis.max_file_bytes`: larger Python files are generated data, not code to review. */
export const MAX_FILE_BYTES_LIMIT = 10 * 1024 * 1024;

/** Per-review limits of the App (issue 12, "Limits per job"); the time limit is the operator's (reviewTimeoutMs). */
export const DEFAULT_MAX_FILES = 1000;
export const MAX_FILES_LIMIT = 3000;
export const DEFAULT_MAX_FINDINGS = 1000;
export const MAX_FINDINGS_LIMIT = 10_000;
/**
 * Bytes of changed Python files one review analyses (the App and `djperf diff`). The default is well
 * over a large pull request's size (1,000 files of 20 KB); the bound keeps one review's parse and
 * memory within what the analysis thread's heap limit allows.
 */
export const DEFAULT_MAX_REVIEW_BYTES = 32 * 1024 * 1024;
export const MAX_REVIEW_BYTES_LIMIT = 128 * 1024 * 1024;

export const configSchema = z
  .object({
    rules: z.record(ruleKey, ruleSetting).default({}),
    paths: z
      .object({
        include: z.array(z.string()).default(["**/*.py"]),
        exclude: z.array(z.string()).default([]),
        /** Set false to analyse tests and fixtures too. */
        default_excludes: z.boolean().default(true),
      })
      .strict()
      .default({ include: ["**/*.py"], exclude: [], default_excludes: true }),
    /** Per-path rule settings, applied in order after `rules`. */
    overrides: z
      .array(z.object({ paths: z.array(z.string()).min(1), rules: z.record(ruleKey, ruleSetting) }).strict())
      .default([]),
    filter: z.enum(FILTER_MODES).default("added"),
    /** A baseline file (repository-relative): findings recorded there are not reported. */
    baseline: z.string().min(1).optional(),
    /** Models known to hold many rows (`app_label.Model` or `Model`): promotes some findings. */
    large_models: z.array(z.string()).default([]),
    /** Models known to hold few rows (`app_label.Model` or `Model`): loops over them are reported at info. */
    small_models: z.array(z.string()).default([]),
    /**
     * DJP211 index advisor. `check` (default): in a whole-repository `djperf check` only, where every
     * module is read anyway; a pull request (the App, `djperf diff`) would have to read every module of
     * the repository for the count, so there it runs only with `on`. `off` (or `false`) turns it off.
     */
    index_advisor: z
      .union([z.boolean(), z.enum(["on", "off", "check"])])
      .default("check")
      .transform((v): "on" | "off" | "check" => (v === true ? "on" : v === false ? "off" : v)),
    /** Small, read-mostly models worth caching (DJP404 is silent without them). */
    reference_models: z.array(z.string()).default([]),
    database: z
      .object({ postgres_version: z.number().int().min(9).max(30).optional() })
      .strict()
      .default({}),
    /**
     * Which migrations the migration rules report in a whole-repository `check` (docs/corpus/migrations.md,
     * "Whole-repository check"): per migrations folder the `check_latest` newest (default 1; `all` for
     * every one), or for an app named in `since` every migration after the one named there. Pull-request
     * mode (`diff`, the App) is not affected: it reports what the change adds.
     */
    migrations: z
      .object({
        check_latest: z.union([z.number().int().min(0), z.literal("all")]).default(1),
        since: z.record(z.string(), z.string().min(1)).default({}),
        /**
         * How the project deploys: `rolling` (default: the previous release keeps serving while `migrate`
         * runs), `stop-migrate-start` (every process is stopped, migrations run, the new release starts) or
         * `migrate-after-deploy` (the new release replaces every old process first, then `migrate` runs).
         * Never guessed from the repository: an entrypoint that runs `migrate` says nothing of whether the
         * old release is still serving. With `stop-migrate-start` or `migrate-after-deploy` the findings
         * about the previous release (DJP207's drops, DJP205's inserts without the new column) are reported
         * at info with the reason; with `migrate-after-deploy` a DJP207 rename keeps its level (the new
         * release uses the new name before the migration has run).
         */
        deploy: z.enum(["rolling", "stop-migrate-start", "migrate-after-deploy"]).default("rolling"),
      })
      .strict()
      .default({ check_latest: 1, since: {}, deploy: "rolling" }),
    review: z
      .object({
        max_comments: z.number().int().min(0).max(100).default(30),
        request_changes: z.boolean().default(false),
        drafts: z.boolean().default(false),
        conclusion_without_block: z.enum(["success", "neutral"]).default("success"),
      })
      .strict()
      .default({ max_comments: 30, request_changes: false, drafts: false, conclusion_without_block: "success" }),
    analysis: z
      // Bounded: a repository's config must not make the App fetch and parse 100 MB blobs (issue 12).
      .object({
        max_file_bytes: z.number().int().positive().max(MAX_FILE_BYTES_LIMIT).default(1024 * 1024),
        /** Changed Python files one review analyses (the App; GitHub lists at most 3,000 per pull request). */
        max_files: z.number().int().positive().max(MAX_FILES_LIMIT).default(DEFAULT_MAX_FILES),
        /** Findings one review reports (the App): past this the check run says how many were left out. */
        max_findings: z.number().int().positive().max(MAX_FINDINGS_LIMIT).default(DEFAULT_MAX_FINDINGS),
        /** Bytes of changed Python files one review analyses; the files after the budget is spent are listed as not analysed. */
        max_review_bytes: z.number().int().positive().max(MAX_REVIEW_BYTES_LIMIT).default(DEFAULT_MAX_REVIEW_BYTES),
      })
      .strict()
      .default({ max_file_bytes: 1024 * 1024, max_files: DEFAULT_MAX_FILES, max_findings: DEFAULT_MAX_FINDINGS, max_review_bytes: DEFAULT_MAX_REVIEW_BYTES }),
  })
  .strict();

export type DjperfConfig = z.infer<typeof configSchema>;
export type RuleSetting = z.infer<typeof ruleSetting>;

export const DEFAULT_CONFIG: DjperfConfig = configSchema.parse({});
