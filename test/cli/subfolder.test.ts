/**
 * A Django project in a subfolder of its repository (`backend/manage.py`): machine-readable formats
 * name files from the repository root (where GitHub resolves annotations and code-scanning results),
 * text names them from the working directory, and the repository's `.github/djperf.yml` applies.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { initRepo, removeTempDir, writeFiles } from "../helpers/git.js";
import { locations, runCli, runCliJson } from "./run-cli.js";

const VIEWS = "def orders(qs):\n    for o in qs:\n        print(o)\n    return qs.all()\n";

let repo: string;

beforeAll(() => {
  repo = initRepo({
    "README.md": "monorepo\n",
    "backend/manage.py": "import sys\n",
    "backend/shop/views.py": VIEWS,
    "backend/legacy/old.py": "def f(qs):\n    return qs.all()\n",
    "frontend/tool.py": "print(1)\n",
  });
});

afterAll(() => removeTempDir(repo));

describe("djperf check on a project in a subfolder", () => {
  it("names files from the repository root in json, from either working directory", async () => {
    const fromTop = await runCliJson(["check", "backend"], { cwd: repo });
    expect(locations(fromTop.report)).toEqual(["backend/legacy/old.py:2 DJP998", "backend/shop/views.py:3 DJP999", "backend/shop/views.py:4 DJP998"]);
    const fromInside = await runCliJson(["check", "shop"], { cwd: join(repo, "backend") });
    expect(locations(fromInside.report)).toEqual(["backend/shop/views.py:3 DJP999", "backend/shop/views.py:4 DJP998"]);
  });

  it("gives github annotations and SARIF the same repository paths, with %SRCROOT% declared", async () => {
    const github = await runCli(["check", "backend/shop", "--format", "github"], { cwd: repo });
    expect(github.stdout).toContain("::error file=backend/shop/views.py,line=4");
    const sarif = await runCli(["check", "backend/shop", "--format", "sarif"], { cwd: repo });
    const run = (JSON.parse(sarif.stdout) as { runs: { originalUriBaseIds: Record<string, { uri: string }>; results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] }).runs[0]!;
    expect(run.results.map((r) => r.locations[0]!.physicalLocation.artifactLocation.uri)).toEqual(["backend/shop/views.py", "backend/shop/views.py"]);
    expect(run.originalUriBaseIds["%SRCROOT%"]!.uri).toBe(`${pathToFileURL(repo).href}/`);
  });

  it("prints text paths that open from the working directory", async () => {
    const fromTop = await runCli(["check", "backend/shop", "--no-color"], { cwd: repo });
    expect(fromTop.stdout).toContain("backend/shop/views.py:4:12: DJP998");
    const fromInside = await runCli(["check", "shop", "--no-color"], { cwd: join(repo, "backend") });
    expect(fromInside.stdout).toContain("shop/views.py:4:12: DJP998");
    expect(fromInside.stdout).not.toContain("backend/");
  });

  it("applies the repository's .github/djperf.yml, its globs written from the repository root", async () => {
    writeFiles(repo, { ".github/djperf.yml": "paths:\n  exclude: ['backend/legacy/**']\nrules:\n  DJP999: off\n" });
    try {
      const run = await runCliJson(["check", "backend"], { cwd: repo });
      expect(locations(run.report)).toEqual(["backend/shop/views.py:4 DJP998"]);
      expect(run.report.stats.excluded).toEqual({ "paths.exclude": 1 });
    } finally {
      removeTempDir(join(repo, ".github"));
    }
  });
});
