import { describe, expect, it } from "vitest";
import { docsBaseFrom, repositoryWebUrl } from "../../../src/cli/docs-base.js";
import { DEFAULT_DOCS_BASE_URL } from "../../../src/report/rule-docs.js";

describe("docs base for rule-page links", () => {
  it("follows DJPERF_DOCS_URL, then package.json's repository, then djperf's own", () => {
    expect(docsBaseFrom({ DJPERF_DOCS_URL: "https://ghe.example/tools/djperf/blob/v2" }, { repository: "x" })).toBe("https://ghe.example/tools/djperf/blob/v2/");
    expect(docsBaseFrom({}, { repository: { type: "git", url: "git+https://github.com/fork/djperf.git" } })).toBe("https://github.com/fork/djperf/blob/main/");
    expect(docsBaseFrom({}, { repository: "git@github.com:fork/djperf.git" })).toBe(DEFAULT_DOCS_BASE_URL);
    expect(docsBaseFrom({}, undefined)).toBe(DEFAULT_DOCS_BASE_URL);
  });

  it("reads repository strings and objects", () => {
    expect(repositoryWebUrl("https://gitlab.example/a/b/")).toBe("https://gitlab.example/a/b");
    expect(repositoryWebUrl({ url: 42 })).toBeUndefined();
  });
});
