/**
 * The simulated GitHub's HTTP plumbing: routes written as Octokit route strings
 * (`GET /repos/{owner}/{repo}/pulls/{pull_number}`), GitHub's error bodies, Link-header pagination.
 */
import type { IncomingHttpHeaders } from "node:http";

export const DOCS = "https://docs.github.com/rest";

export interface SimRequest {
  method: string;
  /** The path without the API prefix (`/api/v3` on Enterprise-style base URLs). */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  params: Record<string, string>;
  /** Parsed JSON body; undefined without one. */
  body: unknown;
  /** Filled in by authentication. */
  auth: { installationId: number; permissions: Record<string, string> } | undefined;
  /** `http://host:port/api/v3`-style prefix the client used, for URLs in responses. */
  apiBase: string;
}

export interface SimResponse {
  status: number;
  /** JSON-serialised unless `raw` is given. */
  json?: unknown;
  raw?: { body: string | Uint8Array; contentType: string };
  headers?: Record<string, string>;
}

/** A response that ends a handler early (404, 422…), with GitHub's body. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
  ) {
    super(typeof body.message === "string" ? body.message : `HTTP ${status}`);
  }
}

export function notFound(): HttpError {
  return new HttpError(404, { message: "Not Found", documentation_url: DOCS, status: "404" });
}

/** GitHub's 422 with an `errors` list, as reviews and comments report their problems. */
export function unprocessable(errors: string[], documentationUrl = DOCS): HttpError {
  return new HttpError(422, { message: "Unprocessable Entity", errors, documentation_url: documentationUrl, status: "422" });
}

/** GitHub's 422 for a body that fails the endpoint's JSON schema. */
export function invalidRequest(detail: string, documentationUrl = DOCS): HttpError {
  return new HttpError(422, { message: `Invalid request.\n\n${detail}`, documentation_url: documentationUrl, status: "422" });
}

export function forbidden(message: string): HttpError {
  return new HttpError(403, { message, documentation_url: DOCS, status: "403" });
}

/** `["checks", "write"]`: a permission of the installation token, at least at this level. */
export type Permission = readonly [scope: string, level: "read" | "write"];

export type Handler = (req: SimRequest) => Promise<SimResponse> | SimResponse;

export interface Route {
  method: string;
  /** The Octokit route string, e.g. `GET /repos/{owner}/{repo}/contents/{path}`. */
  name: string;
  pattern: RegExp;
  keys: string[];
  /** `app`: a JWT signed with the App's key; otherwise an installation token holding one of these permissions. */
  auth: "app" | readonly Permission[];
  handler: Handler;
}

/** `{name}` matches one path segment; `{path}` (contents) matches the rest of the path. */
export function route(name: string, auth: Route["auth"], handler: Handler): Route {
  const [method = "", template = ""] = name.split(" ");
  const keys: string[] = [];
  const source = template.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{(\w+)\}/g, (_, key: string) => {
    keys.push(key);
    return key === "path" ? "(.+)" : "([^/]+)";
  });
  return { method, name, pattern: new RegExp(`^${source}$`), keys, auth, handler };
}

export function matchRoute(routes: readonly Route[], method: string, path: string): { route: Route; params: Record<string, string> } | undefined {
  for (const candidate of routes) {
    if (candidate.method !== method) continue;
    const match = candidate.pattern.exec(path);
    if (!match) continue;
    const params: Record<string, string> = {};
    candidate.keys.forEach((key, i) => (params[key] = decodeURIComponent(match[i + 1]!)));
    return { route: candidate, params };
  }
  return undefined;
}

/** `per_page` (default 30, at most 100) and `page` (from 1), as GitHub reads them. */
export function pageParams(query: URLSearchParams): { perPage: number; page: number } {
  const perPage = Math.min(100, Math.max(1, Number.parseInt(query.get("per_page") ?? "30", 10) || 30));
  const page = Math.max(1, Number.parseInt(query.get("page") ?? "1", 10) || 1);
  return { perPage, page };
}

/** One page of items with GitHub's Link header (next/last/first/prev), which Octokit's paginate follows. */
export function paginate<T>(req: SimRequest, items: readonly T[], maxItems = Infinity): SimResponse {
  const { perPage, page } = pageParams(req.query);
  const all = items.slice(0, maxItems);
  const lastPage = Math.max(1, Math.ceil(all.length / perPage));
  const pageItems = all.slice((page - 1) * perPage, page * perPage);
  const url = (n: number) => {
    const query = new URLSearchParams(req.query);
    query.set("per_page", String(perPage));
    query.set("page", String(n));
    return `<${req.apiBase}${req.path}?${query.toString()}>`;
  };
  const links: string[] = [];
  if (page < lastPage) links.push(`${url(page + 1)}; rel="next"`, `${url(lastPage)}; rel="last"`);
  if (page > 1) links.push(`${url(1)}; rel="first"`, `${url(page - 1)}; rel="prev"`);
  return { status: 200, json: pageItems, headers: links.length > 0 ? { link: links.join(", ") } : {} };
}

/** Whether the client asked for a media type (`application/vnd.github.raw`, `…diff`) in Accept. */
export function accepts(req: SimRequest, format: string): boolean {
  // Octokit's `mediaType: {format}` sends `application/vnd.github.v3.<format>`; newer clients omit `v3`.
  return new RegExp(`application/vnd\\.github(\\.v3)?\\.${format}\\b`).test(req.headers.accept ?? "");
}
