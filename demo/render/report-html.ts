/**
 * The demo's result as one self-contained HTML page (no scripts, no external assets), laid out like
 * the pull request's Checks and Files tabs: the check run with its summary and annotations, then the
 * review with each comment under the lines it sits on.
 */
import type { DemoResult } from "../run-demo.js";
import { parseMarkdown, type Block, type Inline } from "./markdown.js";
import { suggestionDiff, type RenderContext } from "./terminal.js";
import { annotationsOf, ANNOTATION_MARK, callCounts, commentsOf, CONCLUSION_MARK, NO_REVIEW_NOTE, type Located } from "./view-model.js";

export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** Only web and mail links become anchors; anything else (javascript:, data:) stays text. */
function safeUrl(url: string): string | undefined {
  return /^(https?:|mailto:)/i.test(url) ? url : undefined;
}

function inlineHtml(content: readonly Inline[]): string {
  return content
    .map((node) => {
      switch (node.kind) {
        case "text":
          return escapeHtml(node.text);
        case "code":
          return `<code>${escapeHtml(node.text)}</code>`;
        case "br":
          return "<br>";
        case "strong":
          return `<strong>${inlineHtml(node.children)}</strong>`;
        case "em":
          return `<em>${inlineHtml(node.children)}</em>`;
        case "sub":
          return `<sub>${inlineHtml(node.children)}</sub>`;
        case "link": {
          const url = safeUrl(node.url);
          return url ? `<a href="${escapeHtml(url)}">${inlineHtml(node.children)}</a>` : inlineHtml(node.children);
        }
      }
    })
    .join("");
}

function blocksHtml(blocks: readonly Block[], context: RenderContext = {}): string {
  return blocks.map((b) => blockHtml(b, context)).join("\n");
}

function blockHtml(block: Block, context: RenderContext): string {
  switch (block.kind) {
    case "heading":
      return `<h${block.level}>${inlineHtml(block.content)}</h${block.level}>`;
    case "paragraph":
      return `<p>${inlineHtml(block.content)}</p>`;
    case "code":
      if (block.info === "suggestion") {
        const lines = suggestionDiff(context.commentedLines ?? [], block.text.split("\n"));
        const mark = { context: "  ", removed: "- ", added: "+ " };
        return `<div class="suggestion"><div class="suggestion-title">Suggested change</div><pre>${lines.map((l) => `<span class="${l.kind}">${mark[l.kind]}${escapeHtml(l.text)}</span>`).join("")}</pre></div>`;
      }
      return `<pre><code${block.info ? ` class="language-${escapeHtml(block.info)}"` : ""}>${escapeHtml(block.text)}</code></pre>`;
    case "rule":
      return "<hr>";
    case "quote":
      return `<blockquote>${blocksHtml(block.blocks, context)}</blockquote>`;
    case "details":
      return `<details open><summary>${inlineHtml(block.summary)}</summary>${blocksHtml(block.blocks, context)}</details>`;
    case "list": {
      const tag = block.ordered ? "ol" : "ul";
      return `<${tag}>${block.items.map((item) => `<li>${unwrapSingleParagraph(item)}</li>`).join("")}</${tag}>`;
    }
    case "table": {
      const cell = (tag: string, content: Inline[], i: number) => `<${tag} style="text-align:${block.align[i] ?? "left"}">${inlineHtml(content)}</${tag}>`;
      const head = `<tr>${block.header.map((c, i) => cell("th", c, i)).join("")}</tr>`;
      const rows = block.rows.map((r) => `<tr>${block.header.map((_, i) => cell("td", r[i] ?? [], i)).join("")}</tr>`).join("");
      return `<table><thead>${head}</thead><tbody>${rows}</tbody></table>`;
    }
  }
}

function unwrapSingleParagraph(blocks: Block[]): string {
  const [first] = blocks;
  return blocks.length === 1 && first?.kind === "paragraph" ? inlineHtml(first.content) : blocksHtml(blocks);
}

export function markdownToHtml(markdown: string, context: RenderContext = {}): string {
  return blocksHtml(parseMarkdown(markdown), context);
}

function codeView(place: Located): string {
  const rows = place.excerpt
    .map((l) => `<tr class="${l.marked ? "marked" : ""}"><td class="num">${l.number}</td><td class="src"><code>${escapeHtml(l.text) || " "}</code></td></tr>`)
    .join("");
  return rows ? `<table class="code">${rows}</table>` : "";
}

function where(place: Located): string {
  return escapeHtml(place.startLine === place.endLine ? `${place.path}:${place.endLine}` : `${place.path}:${place.startLine}-${place.endLine}`);
}

export function renderHtmlReport(result: DemoResult): string {
  const { pull } = result;
  const run = result.checkRun;
  const parts: string[] = [];
  parts.push(`<header><h1>${escapeHtml(pull.title)} <span class="num">#${pull.number}</span></h1>`);
  parts.push(`<p class="meta"><b>${escapeHtml(pull.author)}</b> wants to merge <code>${escapeHtml(pull.head)}</code> into <code>${escapeHtml(pull.base)}</code> · ${escapeHtml(pull.repo)} · head <code>${pull.headSha.slice(0, 7)}</code></p>`);
  parts.push(`<div class="markdown pr-body">${markdownToHtml(pull.body)}</div></header>`);

  if (run) {
    const output = run.output as { title: string | null; summary: string | null; text: string | null };
    const conclusion = String(run.conclusion ?? run.status);
    parts.push(`<section class="card"><h2><span class="badge ${escapeHtml(conclusion)}">${CONCLUSION_MARK[conclusion] ?? "•"} ${escapeHtml(conclusion)}</span> Check run <code>djperf</code></h2>`);
    parts.push(`<h3>${escapeHtml(output.title ?? "")}</h3><div class="markdown">${markdownToHtml(output.summary ?? "")}${output.text ? markdownToHtml(output.text) : ""}</div>`);
    const annotations = annotationsOf(result);
    if (annotations.length > 0) {
      parts.push(`<h3>Annotations (${annotations.length})</h3>`);
      for (const a of annotations) {
        parts.push(`<div class="annotation ${a.level}"><div class="where">${ANNOTATION_MARK[a.level]} <b>${where(a)}</b> · ${escapeHtml(a.title)}</div>${codeView(a)}<div class="markdown">${markdownToHtml(a.message)}</div></div>`);
      }
    }
    parts.push("</section>");
  } else {
    parts.push(`<section class="card"><h2>No <code>djperf</code> check run was created</h2></section>`);
  }

  const reviews = result.reviews.filter((r) => r.json.state !== "PENDING" || r.comments.length > 0);
  if (reviews.length === 0) parts.push(`<section class="card"><h2>Review</h2><p>${escapeHtml(NO_REVIEW_NOTE)}</p></section>`);
  for (const review of reviews) {
    const user = (review.json.user as { login: string }).login;
    parts.push(`<section class="card"><h2><b>${escapeHtml(user)}</b> reviewed · ${escapeHtml(String(review.json.state))}</h2><div class="markdown">${markdownToHtml(String(review.json.body ?? ""))}</div>`);
    for (const comment of commentsOf(result, review)) {
      parts.push(`<div class="comment"><div class="where">${where(comment)}</div>${codeView(comment)}<div class="markdown body">${markdownToHtml(comment.body, { commentedLines: comment.excerpt.filter((l) => l.marked).map((l) => l.text) })}</div></div>`);
    }
    parts.push("</section>");
  }

  const calls = callCounts(result)
    .map((c) => `<tr><td>${c.count}</td><td><code>${escapeHtml(c.route)}</code></td><td>${escapeHtml(c.statuses)}</td></tr>`)
    .join("");
  parts.push(`<section class="card"><h2>GitHub API calls made by the app (${result.requests.length})</h2><table><thead><tr><th>#</th><th>Route</th><th>Status</th></tr></thead><tbody>${calls}</tbody></table></section>`);
  const verdict =
    result.problems.length === 0
      ? `<p class="ok">✔ Demo complete in ${(result.durationMs / 1000).toFixed(1)} s: the check run is completed.</p>`
      : `<div class="failed"><p>✖ The demo failed:</p><ul>${result.problems.map((p) => `<li>${escapeHtml(p)}</li>`).join("")}</ul></div>`;
  const warnings = result.warnings.length > 0 ? `<div class="warnings"><p>Requests GitHub rejected:</p><ul>${result.warnings.map((w) => `<li>${escapeHtml(w)}</li>`).join("")}</ul></div>` : "";
  parts.push(warnings, verdict);

  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>djperf demo · ${escapeHtml(pull.title)}</title>
<style>${CSS}</style></head>
<body><main>
${parts.join("\n")}
</main></body></html>
`;
}

const CSS = `
body{margin:0;background:#f6f8fa;color:#1f2328;font:14px/1.5 -apple-system,BlinkMacSystemFont,"Segoe UI",Helvetica,Arial,sans-serif}
main{max-width:1012px;margin:0 auto;padding:24px}
h1{font-size:26px;font-weight:400;margin:0 0 4px}h1 .num{color:#59636e}
h2{font-size:16px;margin:0 0 12px}h3{font-size:15px;margin:16px 0 8px}
code{font:12px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:#eff1f3;padding:1px 4px;border-radius:4px}
pre{background:#f6f8fa;border:1px solid #d1d9e0;border-radius:6px;padding:8px 12px;overflow:auto}pre code{background:none;padding:0}
.meta{color:#59636e}.card{background:#fff;border:1px solid #d1d9e0;border-radius:6px;padding:16px;margin:16px 0}
.badge{display:inline-block;border-radius:2em;padding:0 10px;color:#fff;background:#59636e;margin-right:6px}
.badge.success{background:#1f883d}.badge.failure{background:#d1242f}.badge.neutral{background:#59636e}
.markdown table,.card>table{border-collapse:collapse;margin:8px 0}.markdown th,.markdown td,.card>table th,.card>table td{border:1px solid #d1d9e0;padding:4px 10px}
.markdown th{background:#f6f8fa}details{margin:8px 0}summary{cursor:pointer;font-weight:600}
.annotation,.comment{border:1px solid #d1d9e0;border-radius:6px;margin:12px 0;overflow:hidden}
.annotation.failure{border-left:4px solid #d1242f}.annotation.warning{border-left:4px solid #9a6700}.annotation.notice{border-left:4px solid #0969da}
.where{background:#f6f8fa;padding:6px 12px;border-bottom:1px solid #d1d9e0;font-family:ui-monospace,Menlo,monospace;font-size:12px}
.annotation .markdown,.comment .body{padding:4px 12px}
table.code{width:100%;border-collapse:collapse;font:12px ui-monospace,Menlo,monospace}
table.code td{padding:0 8px;white-space:pre;border:none}table.code code{background:none;padding:0}
table.code .num{width:1%;color:#59636e;text-align:right;user-select:none}table.code tr.marked{background:#fff8c5}
.suggestion{border:1px solid #d1d9e0;border-radius:6px;overflow:hidden}.suggestion-title{background:#f6f8fa;padding:4px 12px;font-weight:600}
.suggestion pre{border:none;margin:0;border-radius:0}.suggestion span{display:block}.suggestion .added{background:#dafbe1}.suggestion .removed{background:#ffebe9}.suggestion .context{color:#59636e}
.ok{color:#1f883d;font-weight:600}.failed{color:#d1242f}.warnings{color:#9a6700}
`;
