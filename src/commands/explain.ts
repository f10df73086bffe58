/**
 * `/djperf explain [RULE]`: the rule's own README (the page every comment links to) rendered as a
 * reply. The rule comes from the command, or from the marker of the djperf comment it replies to.
 */
import type { Command, RuleRef } from "./parse.js";
import { codeSpan, link, truncateBytes } from "../report/markdown.js";
import { docsUrl, parseMarker, suppressionComment } from "../report/review.js";

/** The part of a parsed rule page (src/report/rule-docs.ts `RuleDoc`) that explain needs. */
export interface ExplainableDoc {
  frontMatter?: Readonly<Record<string, string>>;
  title?: string;
  sections: readonly { heading: string; body: string }[];
}

/** The sections a reply shows; the rest of the page is one link away. */
export const EXPLAIN_SECTIONS = ["What it does", "Why is this bad?", "Example", "Use instead"] as const;

/** GitHub comments hold 65,536 characters; a rule page is far shorter, this only bounds a broken one. */
const REPLY_LIMIT = 60_000;

/** Which rule to explain: the one named, else the one of the comment replied to, else none. */
export function explainTarget(command: Extract<Command, { verb: "explain" }>, repliedToBody?: string): RuleRef | undefined {
  if (command.rule) return command.rule;
  const marker = repliedToBody === undefined ? null : parseMarker(repliedToBody);
  return marker ? { id: marker.ruleId } : undefined;
}

export interface ExplainOptions {
  docsBase?: string;
}

export function renderExplain(doc: ExplainableDoc, options: ExplainOptions = {}): string {
  const id = doc.frontMatter?.id;
  const name = doc.frontMatter?.name;
  const title = doc.title ?? [id, name].filter(Boolean).join(" · ");
  const parts = [`### ${title || "djperf rule"}`];
  for (const heading of EXPLAIN_SECTIONS) {
    const section = doc.sections.find((s) => s.heading === heading);
    if (section && section.body.trim() !== "") parts.push(`#### ${heading}\n\n${section.body.trim()}`);
  }
  if (id && name) {
    parts.push(
      `<sub>${link("Full page", docsUrl(id, name, options.docsBase))} (known problems, fix safety, options) · ` +
        `Suppress one finding with ${codeSpan(suppressionComment(id))}</sub>`,
    );
  }
  return truncateBytes(parts.join("\n\n"), REPLY_LIMIT, "\n\n… (cut: see the full page)");
}

/** The reply when explain has no rule to show: none named, or a name that matches no rule. */
export function renderExplainMiss(ref: RuleRef | undefined, known: readonly { id: string; name: string }[]): string {
  const list = known.map((r) => `${codeSpan(r.id)} ${r.name}`).join(", ");
  const head =
    ref === undefined
      ? `Which rule? Write ${codeSpan("/djperf explain DJP101")} (id or name), or reply ${codeSpan("/djperf explain")} under a djperf comment.`
      : `There is no djperf rule ${codeSpan("id" in ref ? ref.id : ref.name)}.`;
  return list ? `${head}\n\nRules: ${list}.` : head;
}
