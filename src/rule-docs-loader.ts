/**
 * Reads rule pages (`rules/<ID>-<name>/README.md`) from djperf's installed package for
 * `/djperf explain`: the same files the conformance test checks and every review comment links to.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { findPackageRoot } from "./cli/package-info.js";
import { parseRuleDoc, ruleDocPath, type RuleDoc } from "./report/rule-docs.js";

export type RuleDocLoader = (rule: { id: string; name: string }) => Promise<RuleDoc | undefined>;

/**
 * @param packageRoot the folder holding `rules/` (default: djperf's package root). Pages are cached:
 * they are part of the installed package and do not change while the app runs.
 */
export function createRuleDocLoader(packageRoot: string = findPackageRoot()): RuleDocLoader {
  const cache = new Map<string, Promise<RuleDoc | undefined>>();
  return (rule) => {
    const path = ruleDocPath(rule);
    let doc = cache.get(path);
    if (doc === undefined) {
      doc = readFile(join(packageRoot, path), "utf8").then(parseRuleDoc, () => undefined);
      cache.set(path, doc);
    }
    return doc;
  };
}
