/**
 * The demo's result as a person reads it on the pull request page: the `djperf` check run (conclusion,
 * title, summary, annotations on their source lines), the review with each inline comment under the
 * lines it sits on, then the GitHub calls the app made and the verdict.
 */
import type { DemoResult } from "../run-demo.js";
import { renderMarkdown, wrap, type Style } from "./terminal.js";
import { annotationsOf, ANNOTATION_MARK, callCounts, commentsOf, CONCLUSION_MARK, NO_REVIEW_NOTE, type Located } from "./view-model.js";

export function renderTerminalReport(result: DemoResult, style: Style, width: number): string {
  const out: string[] = [];
  const section = (title: string) => out.push("", style.bold(`━━ ${title} ${"━".repeat(Math.max(3, width - title.length - 4))}`), "");
  const indent = (lines: string[], by = "  ") => lines.map((l) => (l === "" ? l : by + l));
  const { pull } = result;

  out.push(style.bold(`djperf demo · ${pull.repo}#${pull.number}`) + style.dim(` · ${pull.head} → ${pull.base} · opened by ${pull.author}`));
  out.push(style.bold(pull.title));

  section("Check run: djperf");
  const run = result.checkRun;
  if (!run) out.push(style.red("  No djperf check run was created."));
  else {
    const output = run.output as { title: string | null; summary: string | null; text: string | null };
    const conclusion = String(run.conclusion ?? run.status);
    const color = conclusion === "success" ? style.green : conclusion === "failure" ? style.red : style.yellow;
    out.push(`  ${color(style.bold(`${CONCLUSION_MARK[conclusion] ?? "•"} ${conclusion}`))}  ${style.bold(output.title ?? "")}`);
    out.push(style.dim(`  status ${String(run.status)} · ${run.annotations.length} annotation${run.annotations.length === 1 ? "" : "s"} · head ${pull.headSha.slice(0, 7)}`));
    if (output.summary) out.push("", ...indent(renderMarkdown(output.summary, style, width - 2)));
    if (output.text) out.push("", ...indent(renderMarkdown(output.text, style, width - 2)));
    const annotations = annotationsOf(result);
    if (annotations.length > 0) {
      out.push("", style.bold("  Annotations (shown on the Files changed tab)"));
      for (const a of annotations) {
        out.push("", `  ${ANNOTATION_MARK[a.level]} ${style.bold(location(a))}  ${a.title}`);
        out.push(...sourceLines(a, style, "     "));
        out.push(...wrap(a.message.split("\n")[0]!, width, "     "));
      }
    }
  }

  const reviews = result.reviews.filter((r) => r.json.state !== "PENDING" || r.comments.length > 0);
  if (reviews.length === 0) {
    section("Review");
    out.push(...wrap(NO_REVIEW_NOTE, width, "  "));
  }
  for (const review of reviews) {
    const user = (review.json.user as { login: string }).login;
    section(`Review by ${user} · ${String(review.json.state)} · ${review.comments.length} inline comment${review.comments.length === 1 ? "" : "s"}`);
    if (review.json.body) out.push(...indent(renderMarkdown(String(review.json.body), style, width - 2)));
    for (const comment of commentsOf(result, review)) {
      out.push("", style.bold(`  ── ${location(comment)} ${"─".repeat(Math.max(3, width - location(comment).length - 6))}`));
      out.push(...sourceLines(comment, style, "  "), "");
      const commentedLines = comment.excerpt.filter((l) => l.marked).map((l) => l.text);
      out.push(...indent(renderMarkdown(comment.body, style, width - 4, { commentedLines }), "    "));
    }
  }

  if (result.issueComments.length > 0) {
    section("Conversation comments");
    for (const c of result.issueComments) {
      out.push(style.bold(`  ${(c.user as { login: string }).login}:`), ...indent(renderMarkdown(String(c.body), style, width - 4), "    "), "");
    }
  }

  section(`GitHub API calls made by the app (${result.requests.length})`);
  for (const call of callCounts(result)) out.push(`  ${String(call.count).padStart(3)}× ${call.route} ${style.dim(`→ ${call.statuses}`)}`);

  if (result.warnings.length > 0) {
    section("Requests GitHub rejected");
    for (const w of result.warnings) out.push(...wrap(style.yellow(w), width, "  ! ", "    "));
  }
  out.push("");
  if (result.problems.length === 0) out.push(style.green(style.bold(`✔ Demo complete in ${(result.durationMs / 1000).toFixed(1)} s: the check run is completed.`)));
  else {
    out.push(style.red(style.bold("✖ The demo failed:")));
    for (const p of result.problems) out.push(...wrap(style.red(p), width, "  - ", "    "));
  }
  return out.join("\n") + "\n";
}

function location(place: Located): string {
  return place.startLine === place.endLine ? `${place.path}:${place.endLine}` : `${place.path}:${place.startLine}-${place.endLine}`;
}

/** Numbered source lines; the commented or annotated ones marked with ▶ and shown bright. */
function sourceLines(place: Located, style: Style, prefix: string): string[] {
  const digits = String(place.excerpt.at(-1)?.number ?? 0).length;
  return place.excerpt.map((line) => {
    const number = String(line.number).padStart(digits);
    return line.marked ? `${prefix}${style.yellow("▶")} ${style.bold(number)} ${style.dim("│")} ${line.text}` : style.dim(`${prefix}  ${number} │ ${line.text}`);
  });
}
