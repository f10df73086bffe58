import { describe, expect, it } from "vitest";
import { MAX_COMMAND_LINE_CHARS, MAX_WORD_CHARS, parseCommand, parseRuleRef, resolveRuleRef } from "../../../src/commands/parse.js";

describe("parseCommand", () => {
  it("reads the three verbs and their rule argument", () => {
    expect(parseCommand("/djperf explain DJP101")).toEqual({ verb: "explain", rule: { id: "DJP101" } });
    expect(parseCommand("/djperf explain djp305")).toEqual({ verb: "explain", rule: { id: "DJP305" } });
    expect(parseCommand("/djperf explain lazy-relation-in-loop")).toEqual({ verb: "explain", rule: { name: "lazy-relation-in-loop" } });
    expect(parseCommand("/djperf explain")).toEqual({ verb: "explain" });
    expect(parseCommand("/djperf recheck")).toEqual({ verb: "recheck" });
    expect(parseCommand("/djperf help")).toEqual({ verb: "help" });
    expect(parseCommand("/djperf")).toEqual({ verb: "help" });
    expect(parseCommand("/DJPERF Explain `DJP101`.")).toEqual({ verb: "explain", rule: { id: "DJP101" } });
  });

  it("reports unknown verbs with what followed /djperf", () => {
    expect(parseCommand("/djperf fix all the things")).toEqual({ verb: "unknown", text: "fix all the things" });
  });

  it("finds a command on any line of the comment's own text, the first one winning", () => {
    expect(parseCommand("Thanks for the review!\r\n\r\n/djperf recheck\r\n/djperf help")).toEqual({ verb: "recheck" });
    expect(parseCommand("  /djperf help")).toEqual({ verb: "help" });
  });

  it("ignores quotes, code blocks, indented code and mentions inside a sentence", () => {
    expect(parseCommand("> /djperf recheck\n\nI agree with the quote above.")).toBeNull();
    expect(parseCommand("Run this:\n\n```\n/djperf recheck\n```\nlater")).toBeNull();
    expect(parseCommand("~~~md\n/djperf help\n~~~")).toBeNull();
    expect(parseCommand("````\n```\n/djperf help\n````")).toBeNull();
    expect(parseCommand("Example:\n\n    /djperf recheck")).toBeNull();
    expect(parseCommand("You can type /djperf recheck to rerun.")).toBeNull();
    expect(parseCommand("/djperfection is a word")).toBeNull();
    expect(parseCommand("")).toBeNull();
  });

  it("reads a command after a closed code block", () => {
    expect(parseCommand("```\n/djperf help\n```\n/djperf explain DJP301")).toEqual({ verb: "explain", rule: { id: "DJP301" } });
  });
});

describe("rule references", () => {
  const rules = [
    { id: "DJP101", name: "lazy-relation-in-loop" },
    { id: "DJP301", name: "list-view-without-pagination" },
  ];

  it("accept ids, names and id-name folder names", () => {
    expect(parseRuleRef("DJP301-list-view-without-pagination")).toEqual({ id: "DJP301" });
    expect(parseRuleRef("Lazy-Relation-In-Loop,")).toEqual({ name: "lazy-relation-in-loop" });
    expect(resolveRuleRef({ id: "DJP301" }, rules)).toBe(rules[1]);
    expect(resolveRuleRef({ name: "lazy-relation-in-loop" }, rules)).toBe(rules[0]);
    expect(resolveRuleRef({ name: "nplusone" }, rules)).toBeUndefined();
  });
});

describe("hostile comments (issue 12, item 6)", () => {
  it("caps what the rule-reference pattern sees: 65,000 closing brackets become one short word", () => {
    const command = parseCommand(`/djperf explain ${")".repeat(65_000)}`);
    expect(command).toMatchObject({ verb: "explain" });
    const rule = (command as { rule?: { name?: string; id?: string } }).rule;
    // Everything was trimmed as punctuation; the word handed to the pattern was at most MAX_WORD_CHARS.
    expect(rule).toEqual({ name: "" });
    // The id past the first MAX_WORD_CHARS characters is never read.
    expect(parseRuleRef("(".repeat(MAX_WORD_CHARS) + "DJP101")).toEqual({ name: "" });
    expect(parseRuleRef("(".repeat(MAX_WORD_CHARS - 6) + "DJP101")).toEqual({ id: "DJP101" });
  });

  it("keeps the text of an unknown command short enough for a reply", () => {
    const command = parseCommand(`/djperf ${"x".repeat(70_000)} and more`);
    expect(command?.verb).toBe("unknown");
    expect((command as { text: string }).text.length).toBeLessThanOrEqual(MAX_COMMAND_LINE_CHARS);
  });

  it("still finds a command after a very long first line", () => {
    expect(parseCommand(`${"a".repeat(100_000)}\n/djperf recheck`)).toEqual({ verb: "recheck" });
  });
});
