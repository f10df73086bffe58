/**
 * The rule registry: a static list, sorted by id. Adding a rule = adding its folder and one line here
 * (test/conformance.test.ts checks that every folder is listed and every entry has a folder).
 */
import type { AnyRule } from "../src/analysis/rule.js";

export const RULES: readonly AnyRule[] = [];
