/**
 * What both renderers show, derived once from a DemoResult: the check run's headline, annotations
 * and review comments with the source lines they sit on, and the API calls grouped by route.
 */
import type { DemoResult } from "../run-demo.js";

export interface SourceLine {
  number: number;
  text: string;
  /** Inside the commented or annotated range. */
  marked: boolean;
}

export interface Located {
  path: string;
  startLine: number;
  endLine: number;
  excerpt: SourceLine[];
}

export interface AnnotationView extends Located {
  level: "notice" | "warning" | "failure";
  title: string;
  message: string;
}

export interface CommentView extends Located {
  body: string;
}

export interface CallCount {
  route: string;
  count: number;
  statuses: string;
}

export const CONCLUSION_MARK: Record<string, string> = { success: "✔", failure: "✖", neutral: "◌", cancelled: "⊘", timed_out: "⏱", action_required: "!", skipped: "»", stale: "…" };
export const ANNOTATION_MARK: Record<AnnotationView["level"], string> = { failure: "🛑", warning: "⚠️", notice: "ℹ️" };

/** The marked lines with `context` lines around them, numbered as in the file. */
export function excerpt(source: string | undefined, startLine: number, endLine: number, context = 2): SourceLine[] {
  if (source === undefined) return [];
  const lines = source.split(/\r\n|\r|\n/);
  const from = Math.max(1, startLine - context);
  const to = Math.min(lines.length, endLine + context);
  const out: SourceLine[] = [];
  for (let n = from; n <= to; n++) out.push({ number: n, text: lines[n - 1] ?? "", marked: n >= startLine && n <= endLine });
  return out;
}

export function annotationsOf(result: DemoResult): AnnotationView[] {
  return (result.checkRun?.annotations ?? []).map((a) => {
    const path = String(a.path);
    const startLine = Number(a.start_line);
    const endLine = Number(a.end_line);
    return {
      path,
      startLine,
      endLine,
      level: a.annotation_level as AnnotationView["level"],
      title: typeof a.title === "string" ? a.title : "",
      message: String(a.message),
      excerpt: excerpt(result.sources.get(path), startLine, endLine, 0),
    };
  });
}

export function commentsOf(result: DemoResult, review: DemoResult["reviews"][number]): CommentView[] {
  return review.comments.map((c) => {
    const startLine = c.startLine ?? c.line;
    return { path: c.path, startLine, endLine: c.line, body: String(c.json.body), excerpt: excerpt(result.sources.get(c.path), startLine, c.line) };
  });
}

export function callCounts(result: DemoResult): CallCount[] {
  const byRoute = new Map<string, number[]>();
  for (const r of result.requests) byRoute.set(r.route, [...(byRoute.get(r.route) ?? []), r.status]);
  return [...byRoute].map(([route, statuses]) => {
    const tally = new Map<number, number>();
    for (const s of statuses) tally.set(s, (tally.get(s) ?? 0) + 1);
    return { route, count: statuses.length, statuses: [...tally].map(([s, n]) => (tally.size > 1 ? `${n}× ${s}` : String(s))).join(", ") };
  });
}

/** Shown when the app posted no review; the check-run summary says where each finding went. */
export const NO_REVIEW_NOTE =
  "djperf posted no review on this commit: no finding was placed as an inline comment. The check run's summary says where each one went (findings of preview rules and info-level notes stay in the check run).";
