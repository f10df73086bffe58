import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { findPackageRoot } from "../../src/cli/package-info.js";
import { makeTempDir, removeTempDir, writeFiles } from "../helpers/git.js";
import { runCli } from "./run-cli.js";
import { ALL_CALL_RULE } from "./test-rules.js";

let packageRoot: string;
const README = [
  "---",
  "id: DJP998",
  "name: all-call",
  "---",
  "",
  "# DJP998 · all-call",
  "",
  "## What it does",
  "",
  "Flags `.all()`, see [the docs](https://example.invalid/x).",
  "",
  "```python",
  "qs.all()",
  "```",
  "",
].join("\n");

beforeAll(() => {
  packageRoot = makeTempDir("djperf-package-");
  writeFiles(packageRoot, { "rules/DJP998-all-call/README.md": README });
});

afterAll(() => removeTempDir(packageRoot));

describe("djperf explain", () => {
  it("prints the rule's page for a terminal, found by id in any case or by name", async () => {
    const plain = [
      "DJP998 · all-call",
      "=================",
      "",
      "What it does",
      "------------",
      "",
      "Flags `.all()`, see the docs (https://example.invalid/x).",
      "",
      "    qs.all()",
      "",
    ].join("\n");
    for (const key of ["DJP998", "djp998", "all-call"]) {
      const run = await runCli(["explain", key], { cwd: packageRoot, packageRoot });
      expect(run).toEqual({ code: 0, stdout: plain, stderr: "" });
    }
  });

  it("styles headings and code on a colour terminal, and gives the raw page with --format markdown", async () => {
    const tty = await runCli(["explain", "DJP998"], { cwd: packageRoot, packageRoot, stdoutIsTTY: true });
    expect(tty.stdout).toContain("\u001b[1;4mDJP998 · all-call\u001b[0m");
    expect(tty.stdout).toContain("\u001b[1;33mWhat it does\u001b[0m");
    expect(tty.stdout).toContain("Flags \u001b[36m.all()\u001b[0m");
    expect(tty.stdout).not.toContain("id: DJP998");
    const noColor = await runCli(["explain", "DJP998", "--no-color"], { cwd: packageRoot, packageRoot, stdoutIsTTY: true });
    expect(noColor.stdout).not.toContain("\u001b[");
    const raw = await runCli(["explain", "DJP998", "--format", "markdown"], { cwd: packageRoot, packageRoot, stdoutIsTTY: true });
    expect(raw).toEqual({ code: 0, stdout: README, stderr: "" });
    expect((await runCli(["check", "--format", "markdown"], { cwd: packageRoot })).stderr).toBe("djperf: --format markdown is for `djperf explain`\n");
  });

  it("rejects an unknown rule with a pointer to the list", async () => {
    const run = await runCli(["explain", "DJP000"], { cwd: packageRoot, packageRoot });
    expect(run).toEqual({ code: 2, stdout: "", stderr: "djperf: unknown rule DJP000; see `djperf rules`\n" });
  });

  it("says when a registered rule has no README installed", async () => {
    const run = await runCli(["explain", "DJP999"], { cwd: packageRoot, packageRoot });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe("djperf: DJP999 has no documentation installed (rules/DJP999-print-call/README.md)\n");
  });

  it("needs exactly one rule", async () => {
    expect((await runCli(["explain"], { cwd: packageRoot, packageRoot })).code).toBe(2);
    expect((await runCli(["explain", "a", "b"], { cwd: packageRoot, packageRoot })).code).toBe(2);
  });
});

describe("djperf rules", () => {
  it("lists rules in aligned columns", async () => {
    const run = await runCli(["rules"], { cwd: packageRoot });
    expect(run.code).toBe(0);
    expect(run.stdout.split("\n")).toEqual([
      "ID      NAME        LEVEL  STATUS   SUMMARY",
      "DJP998  all-call    block  preview  Test rule: every .all() call",
      "DJP999  print-call  warn   stable   Test rule: every print() call",
      "",
    ]);
  });

  it("lists rules as json", async () => {
    const run = await runCli(["rules", "--format", "json"], { cwd: packageRoot, rules: [ALL_CALL_RULE] });
    expect(JSON.parse(run.stdout)).toEqual([
      { id: "DJP998", name: "all-call", category: "orm", level: "block", status: "preview", summary: "Test rule: every .all() call" },
    ]);
  });

  it("refuses formats it cannot print", async () => {
    const run = await runCli(["rules", "--format", "sarif"], { cwd: packageRoot });
    expect(run).toMatchObject({ code: 2, stderr: "djperf: djperf rules prints text or json, not sarif\n" });
  });
});

describe("command line", () => {
  it("prints the version from djperf's package.json", async () => {
    const root = findPackageRoot();
    const { version } = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string };
    expect(await runCli(["--version"], { cwd: root })).toEqual({ code: 0, stdout: `djperf ${version}\n`, stderr: "" });
  });

  it("finds the package root from the source tree", () => {
    const root = findPackageRoot();
    expect(JSON.parse(readFileSync(join(root, "package.json"), "utf8")).name).toBe("djperf");
  });

  it("prints help on --help, -h and `help`", async () => {
    for (const argv of [["--help"], ["-h"], ["help"], ["check", "--help"]]) {
      const run = await runCli(argv, { cwd: packageRoot });
      expect(run.code).toBe(0);
      expect(run.stdout).toContain("djperf diff --base REF");
    }
  });

  it.each([
    [[], "djperf: missing command (check, diff, baseline, explain or rules); see `djperf --help`"],
    [["lint"], 'djperf: unknown command "lint"; see `djperf --help`'],
    [["check", "--bogus"], "djperf: Unknown option '--bogus'; see `djperf --help`"],
    [["check", "--format", "xml"], 'djperf: unknown format "xml"; expected one of text, json, sarif, github, markdown'],
    [["diff", "--base", "main", "--filter", "lines"], 'djperf: unknown filter "lines"; expected one of added, context, file, all'],
    [["check", "--base", "main"], "djperf: --base is not an option of `djperf check`"],
    [["check", "--config"], "djperf: Option '-c, --config <value>' argument missing; see `djperf --help`"],
  ])("rejects %j with one line on stderr and exit 2", async (argv, message) => {
    const run = await runCli(argv, { cwd: packageRoot });
    expect(run).toEqual({ code: 2, stdout: "", stderr: `${message}\n` });
  });
});
