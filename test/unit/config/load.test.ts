import { describe, expect, it } from "vitest";
import { formatProblem, parseConfigText, validateConfig } from "../../../src/config/load.js";
import { DEFAULT_CONFIG } from "../../../src/config/schema.js";

describe("parseConfigText", () => {
  it("reads a valid file", () => {
    const { config, problems } = parseConfigText(
      [
        "rules:",
        "  DJP101: block",
        "  DJP2*: off",
        "  DJP301: {level: info, options: {max_depth: 2}}",
        "paths:",
        "  exclude: ['legacy/**']",
        "overrides:",
        "  - paths: ['scripts/**']",
        "    rules: {DJP5*: info}",
        "filter: context",
        "large_models: [shop.Order]",
        "review: {max_comments: 10, request_changes: true}",
      ].join("\n"),
    );
    expect(problems).toEqual([]);
    expect(config.rules).toEqual({ DJP101: "block", "DJP2*": "off", DJP301: { level: "info", options: { max_depth: 2 } } });
    expect(config.paths).toEqual({ include: ["**/*.py"], exclude: ["legacy/**"], default_excludes: true });
    expect(config.overrides).toEqual([{ paths: ["scripts/**"], rules: { "DJP5*": "info" } }]);
    expect(config.filter).toBe("context");
    expect(config.large_models).toEqual(["shop.Order"]);
    expect(config.review).toEqual({ max_comments: 10, request_changes: true, drafts: false, conclusion_without_block: "success" });
  });

  it("gives the defaults for an empty file and accepts JSON", () => {
    expect(parseConfigText("")).toEqual({ config: DEFAULT_CONFIG, problems: [] });
    expect(parseConfigText("# only a comment\n")).toEqual({ config: DEFAULT_CONFIG, problems: [] });
    expect(parseConfigText('{"filter": "file"}').config.filter).toBe("file");
  });

  it("reports unknown keys with their path", () => {
    const { problems, config } = parseConfigText("filtre: added\nreview:\n  max_comment: 5\n");
    expect(problems).toEqual([
      { path: "review.max_comment", message: "unknown key" },
      { path: "filtre", message: "unknown key" },
    ]);
    expect(config).toEqual(DEFAULT_CONFIG);
  });

  it("reports a wrong type with its path", () => {
    const { problems } = parseConfigText("review:\n  max_comments: many\n");
    expect(problems).toHaveLength(1);
    expect(problems[0]!.path).toBe("review.max_comments");
    expect(problems[0]!.message).toMatch(/expected number/);
  });

  it("explains a bad rule setting at the deepest key and a bad rule id by its pattern", () => {
    const { problems } = parseConfigText("rules:\n  DJP101: {level: loud}\n  DJP102: loud\n  DJP1: warn\n");
    const byPath = Object.fromEntries(problems.map((p) => [p.path, p.message]));
    expect(byPath["rules.DJP101.level"]).toMatch(/expected one of "block"\|"warn"\|"info"$/);
    expect(byPath["rules.DJP102"]).toMatch(/"off"/);
    expect(byPath["rules.DJP1"]).toBe("expected a rule id like DJP101 or a prefix like DJP1*");
  });

  it("keeps the valid keys of a partly invalid file, down to single rule entries", () => {
    const { config, problems } = parseConfigText(
      "filter: file\nrules:\n  DJP101: block\n  DJP102: {level: loud}\n  DJP103: {off: true, typo: 1}\nreview:\n  max_comments: x\n  drafts: true\n",
    );
    expect(problems.map((p) => p.path)).toEqual(["rules.DJP102.level", "rules.DJP103.typo", "review.max_comments"]);
    expect(config.filter).toBe("file");
    expect(config.rules).toEqual({ DJP101: "block", DJP103: { off: true } });
    expect(config.review.max_comments).toBe(30);
    expect(config.review.drafts).toBe(true);
  });

  it("drops invalid list items and keeps the others", () => {
    const { config, problems } = parseConfigText("paths:\n  exclude: ['a/**', 3, 'b/**']\n");
    expect(problems.map((p) => p.path)).toEqual(["paths.exclude.1"]);
    expect(config.paths.exclude).toEqual(["a/**", "b/**"]);
  });

  it("falls back to dropping the whole section when dropping the entry is not enough", () => {
    // Removing the empty `paths` list leaves an override without the required key: the section goes.
    const { config, problems } = parseConfigText("filter: file\noverrides:\n  - paths: []\n    rules: {DJP101: off}\n");
    expect(problems.map((p) => p.path)).toEqual(["overrides.0.paths"]);
    expect(config.overrides).toEqual([]);
    expect(config.filter).toBe("file");
  });

  it("reports bad YAML and uses the defaults", () => {
    const { config, problems } = parseConfigText("filter: added\nrules: [unclosed\n");
    expect(config).toEqual(DEFAULT_CONFIG);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.path).toBe("");
    // Where, why, and the offending line; the caller names the file.
    expect(problems[0]!.message).toMatch(/^not valid YAML at line 3, column 1: .+\n {4}3 \| $/);
    const indent = parseConfigText("rules:\n  DJP101: warn\n bad: 1\n").problems[0]!.message;
    expect(indent).toBe("not valid YAML at line 3, column 1: All mapping items must start at the same column\n    3 |  bad: 1");
  });

  it("rejects a file that is not a mapping", () => {
    for (const text of ["- a\n- b\n", "just text\n", "42\n"]) {
      const { config, problems } = parseConfigText(text);
      expect(config).toEqual(DEFAULT_CONFIG);
      expect(problems).toHaveLength(1);
      expect(problems[0]!.message).toMatch(/^must be a mapping of keys, not a (list|string|number)$/);
    }
  });
});

describe("validateConfig", () => {
  it("accepts null as the defaults and does not modify its input", () => {
    expect(validateConfig(null)).toEqual({ config: DEFAULT_CONFIG, problems: [] });
    const raw = { rules: { DJP101: "loud", DJP102: "info" }, filter: "all" };
    const snapshot = structuredClone(raw);
    const { config } = validateConfig(raw);
    expect(raw).toEqual(snapshot);
    expect(config.rules).toEqual({ DJP102: "info" });
    expect(config.filter).toBe("all");
  });
});

describe("formatProblem", () => {
  it("prefixes the key path when there is one", () => {
    expect(formatProblem({ path: "review.max_comments", message: "too big" })).toBe("review.max_comments: too big");
    expect(formatProblem({ path: "", message: "not YAML" })).toBe("not YAML");
  });
});
