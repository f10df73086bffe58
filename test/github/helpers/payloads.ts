/** The recorded-shape GitHub payloads of test/fixtures/payloads, loaded fresh (tests may change copies). */
import { readFileSync } from "node:fs";

type Json = Record<string, unknown>;

export function payload<T = Json>(name: string): T {
  return JSON.parse(readFileSync(new URL(`../../fixtures/payloads/${name}.json`, import.meta.url), "utf8")) as T;
}

/** A check-run answer for this id / status / sha, in GitHub's full shape. */
export function checkRunPayload(id: number, over: Json = {}): Json {
  return { ...payload("check-run"), id, url: `https://api.github.com/repos/acme/shop/check-runs/${id}`, html_url: `https://github.com/acme/shop/runs/${id}`, ...over };
}

export function reviewPayload(id: number, over: Json = {}): Json {
  return { ...payload("review"), id, html_url: `https://github.com/acme/shop/pull/42#pullrequestreview-${id}`, ...over };
}

/** A review comment as `pulls.listReviewComments` returns it, built from the recorded template. */
export function reviewCommentPayload(over: { id: number; path: string; line: number; body: string; bot?: boolean; in_reply_to_id?: number; commit_id?: string }): Json {
  const [template] = payload<Json[]>("review-comments");
  const user = over.bot === false ? { login: "mara-dev", id: 5512034, node_id: "MDQ6VXNlcjU1MTIwMzQ=", type: "User", site_admin: false } : template!.user;
  const { bot: _bot, ...fields } = over;
  return {
    ...template,
    ...fields,
    node_id: `PRRC_kwDOKdtP0s${over.id.toString(36)}`,
    url: `https://api.github.com/repos/acme/shop/pulls/comments/${over.id}`,
    html_url: `https://github.com/acme/shop/pull/42#discussion_r${over.id}`,
    original_line: over.line,
    user,
  };
}
