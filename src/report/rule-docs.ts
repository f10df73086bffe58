/**
 * A rule's README (`rules/<ID>-<name>/README.md`) read as data: its front matter, its title, its
 * `## ` sections in order and the Python examples. The conformance test checks the shape, and
 * `/djperf explain` serves the same file.
 */
import { parse as parseYaml } from "yaml";

/** The sections every rule page has, in this order (Ruff's shape, DESIGN §3). */
export const RULE_DOC_SECTIONS = [
  "What it does",
  "Why is this bad?",
  "Example",
  "Use instead",
  "Known problems",
  "Fix safety",
  "Options",
  "References",
] as const;

export interface RuleDocSection {
  heading: string;
  /** The text under the heading up to the next `## ` heading, trimmed. */
  body: string;
  /** 1-based line of the heading in the README. */
  line: number;
}

export interface RuleDoc {
  /** Scalars of the front matter as strings (`id`, `name`, `level`, `status`, `fix`, …); empty without one. */
  frontMatter: Record<string, string>;
  /** Why the front matter could not be read, when it could not. */
  frontMatterError?: string;
  /** The text of the `# ` title line (`DJP101 · lazy-relation-in-loop`). */
  title?: string;
  sections: RuleDocSection[];
  /** The first ```python block under `## Example` (must make the rule fire). */
  example?: string;
  /** The first ```python block under `## Use instead` (must not). */
  useInstead?: string;
}

/** The path of a rule's page inside the repository; links to rule docs are built from it. */
export function ruleDocPath(rule: { id: string; name: string }): string {
  return `rules/${rule.id}-${rule.name}/README.md`;
}

/** Where djperf's source and rule pages are published; front ends may pass another base. */
export const DJPERF_HOMEPAGE = "https://github.com/djperf/djperf";
export const DEFAULT_DOCS_BASE_URL = `${DJPERF_HOMEPAGE}/blob/main/`;

/** The absolute link to a rule's page under `docsBase` (a URL ending in `/`). */
export function ruleDocUrl(rule: { id: string; name: string }, docsBase: string = DEFAULT_DOCS_BASE_URL): string {
  return new URL(ruleDocPath(rule), docsBase).toString();
}

const FENCE_RE = /^\s*(`{3,}|~{3,})\s*([^\s`]*)/;

export function parseRuleDoc(text: string): RuleDoc {
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  const doc: RuleDoc = { frontMatter: {}, sections: [] };
  let i = 0;
  if (lines[0]?.trim() === "---") {
    const end = lines.findIndex((l, n) => n > 0 && l.trim() === "---");
    if (end > 0) {
      readFrontMatter(lines.slice(1, end).join("\n"), doc);
      i = end + 1;
    } else {
      doc.frontMatterError = "front matter is not closed by a `---` line";
    }
  }

  let fence: string | undefined;
  let current: { heading: string; line: number; body: string[] } | undefined;
  const finish = (): void => {
    if (current) doc.sections.push({ heading: current.heading, line: current.line, body: current.body.join("\n").trim() });
  };
  for (; i < lines.length; i++) {
    const line = lines[i]!;
    const fenceMatch = FENCE_RE.exec(line);
    if (fenceMatch) {
      const marker = fenceMatch[1]!;
      if (fence === undefined) fence = marker;
      else if (marker[0] === fence[0] && marker.length >= fence.length && fenceMatch[2] === "") fence = undefined;
    } else if (fence === undefined) {
      // Headings count only outside code blocks: `## ` is a valid Python comment.
      const h2 = /^##\s+(.*?)\s*#*\s*$/.exec(line);
      if (h2) {
        finish();
        current = { heading: h2[1]!, line: i + 1, body: [] };
        continue;
      }
      const h1 = /^#\s+(.*?)\s*$/.exec(line);
      if (h1 && doc.title === undefined && current === undefined) {
        doc.title = h1[1]!;
        continue;
      }
    }
    current?.body.push(line);
  }
  finish();

  const example = firstPythonBlock(doc.sections.find((s) => s.heading === "Example")?.body);
  const useInstead = firstPythonBlock(doc.sections.find((s) => s.heading === "Use instead")?.body);
  if (example !== undefined) doc.example = example;
  if (useInstead !== undefined) doc.useInstead = useInstead;
  return doc;
}

function readFrontMatter(source: string, doc: RuleDoc): void {
  let data: unknown;
  try {
    data = parseYaml(source);
  } catch (error) {
    doc.frontMatterError = `front matter is not valid YAML: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`;
    return;
  }
  if (data === null || data === undefined) return;
  if (typeof data !== "object" || Array.isArray(data)) {
    doc.frontMatterError = "front matter must be a mapping of keys";
    return;
  }
  for (const [key, value] of Object.entries(data as Record<string, unknown>)) {
    if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") doc.frontMatter[key] = String(value);
  }
}

/** The content of the first fenced block whose info string is `python`, without the fences. */
export function firstPythonBlock(body: string | undefined): string | undefined {
  if (body === undefined) return undefined;
  const lines = body.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE_RE.exec(lines[i]!);
    if (!open) continue;
    const marker = open[1]!;
    const end = lines.findIndex((l, n) => {
      if (n <= i) return false;
      const close = FENCE_RE.exec(l);
      return close !== null && close[1]![0] === marker[0] && close[1]!.length >= marker.length && close[2] === "";
    });
    if (open[2] === "python") return lines.slice(i + 1, end === -1 ? undefined : end).join("\n") + "\n";
    if (end === -1) return undefined;
    i = end;
  }
  return undefined;
}

/** What is wrong with a page's section list: missing, unknown, duplicated or out of order headings. */
export function sectionProblems(doc: RuleDoc): string[] {
  const problems: string[] = [];
  const headings = doc.sections.map((s) => s.heading);
  const known = new Set<string>(RULE_DOC_SECTIONS);
  for (const name of RULE_DOC_SECTIONS) if (!headings.includes(name)) problems.push(`missing section "## ${name}"`);
  const seen = new Set<string>();
  for (const h of headings) {
    if (!known.has(h)) problems.push(`unknown section "## ${h}"`);
    else if (seen.has(h)) problems.push(`section "## ${h}" appears twice`);
    seen.add(h);
  }
  const order = headings.filter((h) => known.has(h));
  const expected = RULE_DOC_SECTIONS.filter((s) => order.includes(s));
  if (order.length === new Set(order).size && order.join("\n") !== expected.join("\n")) {
    problems.push(`sections out of order: expected ${expected.map((s) => `"${s}"`).join(", ")}`);
  }
  return problems;
}
