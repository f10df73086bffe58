/**
 * The npm package works on its own: `npm pack` holds what the CLI and the App need at run time
 * (compiled code, rule pages, app.yml) and nothing that needs dev dependencies; installed from the
 * tarball into an empty folder, `djperf --version`, `djperf explain` and `djperf check` on the sample
 * shop work. The install reaches only the npm registry (or npm's cache); tree-sitter's native addons
 * load from the prebuilt binaries the packages ship. When neither the registry nor the cache can
 * serve the dependencies, the install test is skipped and says so; any other failure fails it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { findPackageRoot } from "../../src/cli/package-info.js";
import { makeTempDir, removeTempDir } from "../helpers/git.js";

const root = findPackageRoot();
let dir: string;
let tarball: string;
let files: string[];

beforeAll(() => {
  dir = makeTempDir("djperf-pack-");
  // The package ships dist/: build it when this checkout has none (npm ci builds it through `prepare`).
  if (!existsSync(join(root, "dist/src/cli/main.js"))) execFileSync("npx", ["tsc", "-p", "tsconfig.build.json"], { cwd: root, stdio: "pipe" });
  const out = execFileSync("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", dir], { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  const packed = (JSON.parse(out) as { filename: string; files: { path: string }[] }[])[0]!;
  tarball = join(dir, packed.filename);
  files = packed.files.map((f) => f.path);
}, 180_000);

afterAll(() => removeTempDir(dir));

describe("npm package", () => {
  it("holds the compiled CLI and App, the rule pages and app.yml, and no sources or tests", () => {
    for (const needed of ["bin/djperf.js", "dist/src/cli/main.js", "dist/src/main.js", "dist/src/action/main.js", "dist/rules/index.js", "app.yml", "README.md", "package.json"]) expect(files).toContain(needed);
    const ruleIds = readFileSync(join(root, "rules/index.ts"), "utf8").match(/DJP\d{3}/g) ?? [];
    for (const id of new Set(ruleIds)) expect(files.some((f) => f.startsWith(`rules/${id}-`) && f.endsWith("/README.md"))).toBe(true);
    expect(files.filter((f) => /^(src|test|eval|bench|scripts|demo)\//.test(f) || (f.endsWith(".ts") && !f.endsWith(".d.ts")))).toEqual([]);
    const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as Record<string, unknown>;
    expect(pkg).toHaveProperty("repository.url");
    expect(pkg).toHaveProperty("homepage");
    expect(pkg).toHaveProperty("bugs.url");
  });

  it("installs from the tarball into an empty folder and runs", (ctx) => {
    const app = join(dir, "app");
    execFileSync("mkdir", ["-p", app]);
    writeFileSync(join(app, "package.json"), '{ "private": true }\n');
    const install = spawnSync("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error", tarball], { cwd: app, encoding: "utf8", timeout: 400_000 });
    if (install.status !== 0 && /ENOTCACHED|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|ECONNRESET/.test(install.stderr)) {
      ctx.skip(`npm could not reach the registry and its cache lacks the dependencies: ${install.stderr.split("\n")[0]}`);
    }
    expect(install.stderr).not.toMatch(/npm error/);
    expect(install.status).toBe(0);
    const djperf = join(app, "node_modules/.bin/djperf");
    const run = (...args: string[]): { status: number | null; stdout: string; stderr: string } => spawnSync(djperf, args, { cwd: app, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
    expect(run("--version").stdout).toBe(`djperf ${(JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string }).version}\n`);
    expect(run("explain", "DJP101").stdout).toMatch(/^DJP101 · lazy-relation-in-loop\n/);
    const check = run("check", join(root, "examples/shop"), "--format", "json");
    expect(check.status).toBe(1); // the sample shop has a blocking finding
    const report = JSON.parse(check.stdout) as { findings: { rule: string }[]; stats: { files: number } };
    expect(report.stats.files).toBeGreaterThan(10);
    expect(new Set(report.findings.map((f) => f.rule))).toContain("DJP101");
  }, 420_000);
});
