/**
 * Where rule-page links in comments, check runs and SARIF point: `DJPERF_DOCS_URL` when set (a fork,
 * a GitHub Enterprise install, a docs site), else the `repository` of djperf's package.json (its
 * `blob/main/` tree), else djperf's own repository. Always ends in `/`.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { DEFAULT_DOCS_BASE_URL } from "../report/rule-docs.js";

/** `git+https://host/owner/repo.git` or `{url}` → `https://host/owner/repo`; undefined when not http(s). */
export function repositoryWebUrl(repository: unknown): string | undefined {
  const raw = typeof repository === "string" ? repository : typeof repository === "object" && repository !== null ? (repository as { url?: unknown }).url : undefined;
  if (typeof raw !== "string") return undefined;
  const url = raw.replace(/^git\+/, "").replace(/\.git$/, "").replace(/\/+$/, "");
  return /^https?:\/\//.test(url) ? url : undefined;
}

export function docsBaseFrom(env: Readonly<Record<string, string | undefined>>, packageJson: { repository?: unknown } | undefined): string {
  const override = env.DJPERF_DOCS_URL?.trim();
  if (override) return override.endsWith("/") ? override : `${override}/`;
  const web = repositoryWebUrl(packageJson?.repository);
  return web !== undefined ? `${web}/blob/main/` : DEFAULT_DOCS_BASE_URL;
}

/** The docs base for this installation (reads djperf's package.json under `packageRoot`). */
export function docsBase(env: Readonly<Record<string, string | undefined>>, packageRoot: string): string {
  let packageJson: { repository?: unknown } | undefined;
  try {
    packageJson = JSON.parse(readFileSync(join(packageRoot, "package.json"), "utf8")) as { repository?: unknown };
  } catch {
    packageJson = undefined;
  }
  return docsBaseFrom(env, packageJson);
}
