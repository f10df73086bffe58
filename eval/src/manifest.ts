/**
 * The recall manifest: JSON lines in eval/manifest/*.jsonl, one real fix (positive, replayed in
 * reverse as a pull request that re-introduces the slow code) or one real commit that must stay
 * silent (negative, replayed forward) per line. Parsed strictly: a typo in a key, a short sha or a
 * reversed line range is an error naming the file and line, never a silently skipped case.
 */
import { readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { z } from "zod";

/** The ORM and bulk-write categories of issue 7: the headline recall counts these. */
export const ORM_BULK_CATEGORIES = [
  "n+1-forward",
  "n+1-reverse",
  "query-in-loop",
  "fk-id",
  "count-exists",
  "create-in-loop",
  "save-in-loop",
  "upsert-in-loop",
] as const;

/** Categories other rule families add; they get their own rows, outside the ORM/bulk headline. */
export const OTHER_CATEGORIES = [
  "drf-serializer-eager",
  "drf-serializer-method-count",
  "pagination",
  "index-ordering",
  "index-filter",
  "migration-index",
  "data-migration-loop",
  "cache-in-loop",
  "heavy-request",
  "long-transaction",
  "unchunked-input",
  "celery-routing",
  "out-of-scope-template",
] as const;

export const CATEGORIES = [...ORM_BULK_CATEGORIES, ...OTHER_CATEGORIES] as const;
export type Category = (typeof CATEGORIES)[number];

/**
 * `check`: projects never tuned on; `tuning`: projects rules were fixed against; `rotation`: fresh projects
 * mined for one round, measured before that round changed anything (reported apart, never mixed).
 */
export const SETS = ["check", "rotation", "tuning"] as const;
export type EvalSet = (typeof SETS)[number];

const sha = z.string().regex(/^[0-9a-f]{40}$/, "must be a full 40-hex commit sha (lower case)");

export const manifestEntrySchema = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9][a-z0-9+._-]*$/, "lower-case letters, digits, '.', '_', '-', '+'"),
    set: z.enum(SETS),
    repo: z.string().regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, "must be owner/name"),
    mirror: z.string().regex(/^[A-Za-z0-9_.-]+\+[A-Za-z0-9_.-]+$/, "must be owner+name (the folder under --mirrors)"),
    fix: sha,
    parent: sha,
    path: z
      .string()
      .min(1)
      .refine((p) => !p.startsWith("/") && !p.split("/").includes("..") && !p.includes("\\"), "must be a repository-relative path with /"),
    lines: z
      .tuple([z.number().int().min(1), z.number().int().min(1)])
      .refine(([start, end]) => start <= end, "start must not be after end"),
    category: z.enum(CATEGORIES),
    polarity: z.enum(["positive", "negative"]),
    rules: z.array(z.string().regex(/^DJP\d{3}$/, "rule ids look like DJP101")),
    replay: z.enum(["revert", "forward"]),
    note: z.string().trim().min(1),
  })
  .refine((e) => e.fix !== e.parent, { message: "fix and parent must differ", path: ["parent"] })
  .refine((e) => (e.polarity === "positive" ? e.replay === "revert" : e.replay === "forward"), {
    message: "a positive is replayed with \"revert\", a negative with \"forward\"",
    path: ["replay"],
  })
  .refine((e) => e.polarity === "negative" || e.rules.length > 0, { message: "a positive names the rule(s) expected to fire", path: ["rules"] });

export type ManifestEntry = z.infer<typeof manifestEntrySchema>;

/** Where an entry came from, for messages. */
export interface LoadedEntry extends ManifestEntry {
  source: string;
}

export class ManifestError extends Error {
  override readonly name = "ManifestError";
  constructor(readonly problems: readonly string[]) {
    super(`invalid manifest:\n  ${problems.join("\n  ")}`);
  }
}

function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const at = issue.path.length > 0 ? issue.path.join(".") : "(entry)";
    return `${at}: ${issue.message}`;
  });
}

/**
 * Parses the text of one .jsonl file; `name` is used in messages. Blank lines and lines starting
 * with `//` are allowed. Collects every problem rather than stopping at the first.
 */
export function parseManifestText(text: string, name: string): { entries: LoadedEntry[]; problems: string[] } {
  const entries: LoadedEntry[] = [];
  const problems: string[] = [];
  text.split("\n").forEach((raw, index) => {
    const line = raw.trim();
    if (line === "" || line.startsWith("//")) return;
    const where = `${name}:${index + 1}`;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      problems.push(`${where}: not JSON (${(error as Error).message})`);
      return;
    }
    const parsed = manifestEntrySchema.safeParse(value);
    if (!parsed.success) {
      const id = typeof value === "object" && value !== null && "id" in value ? ` (${String((value as { id: unknown }).id)})` : "";
      for (const problem of describeIssues(parsed.error)) problems.push(`${where}${id}: ${problem}`);
      return;
    }
    entries.push({ ...parsed.data, source: where });
  });
  return { entries, problems };
}

/** Duplicate ids across all files are an error: results and `--id` address entries by id. */
export function checkUnique(entries: readonly LoadedEntry[]): string[] {
  const seen = new Map<string, string>();
  const problems: string[] = [];
  for (const entry of entries) {
    const first = seen.get(entry.id);
    if (first !== undefined) problems.push(`${entry.source}: duplicate id ${entry.id} (first at ${first})`);
    else seen.set(entry.id, entry.source);
  }
  return problems;
}

/** Loads every `*.jsonl` file of `dir` (sorted by name); throws a ManifestError listing all problems. */
export function loadManifestDir(dir: string): LoadedEntry[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith(".jsonl")).sort();
  } catch (error) {
    throw new ManifestError([`cannot read manifest folder ${dir}: ${(error as Error).message}`]);
  }
  if (names.length === 0) throw new ManifestError([`no *.jsonl file in ${dir}`]);
  return loadManifestFiles(names.map((n) => join(dir, n)));
}

export function loadManifestFiles(files: readonly string[]): LoadedEntry[] {
  const entries: LoadedEntry[] = [];
  const problems: string[] = [];
  for (const file of files) {
    const parsed = parseManifestText(readFileSync(file, "utf8"), basename(file));
    entries.push(...parsed.entries);
    problems.push(...parsed.problems);
  }
  problems.push(...checkUnique(entries));
  if (problems.length > 0) throw new ManifestError(problems);
  return entries;
}

export interface Selection {
  set?: EvalSet | "all";
  categories?: readonly string[];
  ids?: readonly string[];
}

/** The entries `--set`, `--category` and `--id` select; unknown ids or categories are an error. */
export function selectEntries(entries: readonly LoadedEntry[], selection: Selection): LoadedEntry[] {
  const unknownCategories = (selection.categories ?? []).filter((c) => !(CATEGORIES as readonly string[]).includes(c));
  if (unknownCategories.length > 0) throw new ManifestError([`unknown category: ${unknownCategories.join(", ")} (known: ${CATEGORIES.join(", ")})`]);
  const known = new Set(entries.map((e) => e.id));
  const unknownIds = (selection.ids ?? []).filter((id) => !known.has(id));
  if (unknownIds.length > 0) throw new ManifestError([`unknown id: ${unknownIds.join(", ")}`]);
  return entries.filter(
    (e) =>
      (selection.set === undefined || selection.set === "all" || e.set === selection.set) &&
      (selection.categories === undefined || selection.categories.length === 0 || selection.categories.includes(e.category)) &&
      (selection.ids === undefined || selection.ids.length === 0 || selection.ids.includes(e.id)),
  );
}
