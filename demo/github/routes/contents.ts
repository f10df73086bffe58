/** Repository metadata, git trees, blobs and the contents API, answered from the git repository. */
import { requireRepo, type SimContext } from "../context.js";
import { accepts, HttpError, DOCS, notFound, route, type Permission, type Route, type SimRequest } from "../http.js";

const CONTENTS_READ: Permission[] = [["contents", "read"]];
const METADATA_READ: Permission[] = [["metadata", "read"]];

/** What GitHub sends with `application/vnd.github.raw` file bodies. */
const RAW_CONTENT_TYPE = "text/plain; charset=utf-8";

/** GitHub stops a recursive tree listing at 100,000 entries and says so with `truncated: true`. */
const MAX_TREE_ENTRIES = 100_000;

export function contentRoutes(ctx: SimContext): Route[] {
  return [
    route("GET /repos/{owner}/{repo}", METADATA_READ, (req) => {
      requireRepo(ctx, req);
      return { status: 200, json: ctx.shapes.repository() };
    }),

    route("GET /repos/{owner}/{repo}/git/trees/{tree_sha}", CONTENTS_READ, async (req) => {
      requireRepo(ctx, req);
      // GitHub: any value of `recursive`, even "0" or "false", lists recursively; only omitting it does not.
      const recursive = req.query.has("recursive");
      const tree = await ctx.git.tree(req.params.tree_sha!, recursive);
      if (!tree) throw notFound();
      const base = ctx.shapes.repoApi;
      const entries = tree.entries.slice(0, MAX_TREE_ENTRIES).map((e) => ({
        path: e.path,
        mode: e.mode,
        type: e.type,
        sha: e.sha,
        ...(e.size !== undefined ? { size: e.size } : {}),
        ...(e.type === "commit" ? {} : { url: `${base}/git/${e.type === "tree" ? "trees" : "blobs"}/${e.sha}` }),
      }));
      return { status: 200, json: { sha: tree.sha, url: `${base}/git/trees/${tree.sha}`, tree: entries, truncated: tree.entries.length > MAX_TREE_ENTRIES } };
    }),

    route("GET /repos/{owner}/{repo}/git/blobs/{file_sha}", CONTENTS_READ, async (req) => {
      requireRepo(ctx, req);
      const sha = req.params.file_sha!;
      const bytes = await ctx.git.blob(sha);
      if (!bytes) throw notFound();
      if (accepts(req, "raw")) return { status: 200, raw: { body: bytes, contentType: RAW_CONTENT_TYPE } };
      return {
        status: 200,
        json: { sha, node_id: `B_${sha}`, size: bytes.length, url: `${ctx.shapes.repoApi}/git/blobs/${sha}`, content: base64Lines(bytes), encoding: "base64" },
      };
    }),

    route("GET /repos/{owner}/{repo}/contents/{path}", CONTENTS_READ, (req) => getContents(ctx, req)),
  ];
}

/** A file as JSON (base64) or raw with `application/vnd.github.raw`; a folder lists its entries. */
async function getContents(ctx: SimContext, req: SimRequest) {
  requireRepo(ctx, req);
  const path = req.params.path!.replace(/\/+$/, "");
  const ref = req.query.get("ref") ?? ctx.world.defaultBranch;
  const commit = await ctx.git.resolveCommit(ref);
  if (!commit) throw new HttpError(404, { message: `No commit found for the ref ${ref}`, documentation_url: DOCS, status: "404" });
  const info = (await ctx.git.objects([`${commit}:${path}`])).get(`${commit}:${path}`);
  if (!info) throw notFound();
  const base = ctx.shapes.repoApi;
  const describe = (entryPath: string, type: string, sha: string, size: number) => ({
    name: entryPath.split("/").pop(),
    path: entryPath,
    sha,
    size,
    url: `${base}/contents/${entryPath}?ref=${encodeURIComponent(ref)}`,
    html_url: `${ctx.shapes.urls.html}/${ctx.shapes.repoPath}/${type === "dir" ? "tree" : "blob"}/${ref}/${entryPath}`,
    git_url: `${base}/git/${type === "dir" ? "trees" : "blobs"}/${sha}`,
    download_url: type === "file" ? `${ctx.shapes.urls.html}/${ctx.shapes.repoPath}/raw/${ref}/${entryPath}` : null,
    type,
  });
  if (info.type === "tree") {
    const tree = await ctx.git.tree(info.oid, false);
    const entries = (tree?.entries ?? []).map((e) => describe(`${path}/${e.path}`, e.type === "tree" ? "dir" : e.type === "commit" ? "submodule" : "file", e.sha, e.size ?? 0));
    return { status: 200, json: entries };
  }
  if (info.type !== "blob") throw notFound();
  const bytes = (await ctx.git.blobs([info.oid])).get(info.oid)!;
  if (accepts(req, "raw")) return { status: 200, raw: { body: bytes, contentType: RAW_CONTENT_TYPE } };
  return { status: 200, json: { ...describe(path, "file", info.oid, info.size), content: base64Lines(bytes), encoding: "base64" } };
}

/** GitHub wraps base64 content at 60 characters per line. */
function base64Lines(bytes: Uint8Array): string {
  const text = Buffer.from(bytes).toString("base64");
  return (text.match(/.{1,60}/g) ?? [""]).join("\n") + "\n";
}
