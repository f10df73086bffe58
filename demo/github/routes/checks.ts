/**
 * Check runs with GitHub's rules: the head commit must exist, a completed run needs a conclusion (a
 * conclusion completes the run), at most 50 annotations per request (they accumulate across updates),
 * columns only on one-line annotations, texts up to 65,535 characters.
 */
import { numericParam, requireRepo, timestamp, type SimContext } from "../context.js";
import { invalidRequest, notFound, paginate, route, type Permission, type Route, type SimRequest } from "../http.js";
import type { CheckRunRecord } from "../store.js";
import { checkRunCreate, checkRunUpdate, DOCS_URLS, parseBody, type CheckRunUpdate } from "../validate.js";

const CHECKS_READ: Permission[] = [["checks", "read"]];
const CHECKS_WRITE: Permission[] = [["checks", "write"]];

export function checkRoutes(ctx: SimContext): Route[] {
  return [
    route("POST /repos/{owner}/{repo}/check-runs", CHECKS_WRITE, async (req) => {
      requireRepo(ctx, req);
      const input = parseBody(checkRunCreate, req.body, `${DOCS_URLS.checkRuns}#create-a-check-run`);
      const headSha = /^[0-9a-f]{40}$/.test(input.head_sha) ? await ctx.git.resolveCommit(input.head_sha) : undefined;
      if (!headSha) throw invalidRequest(`No commit found for SHA: ${input.head_sha}`, `${DOCS_URLS.checkRuns}#create-a-check-run`);
      const run: CheckRunRecord = {
        id: ctx.store.newId(),
        name: input.name,
        headSha,
        status: "queued",
        conclusion: null,
        startedAt: input.started_at ?? timestamp(ctx),
        completedAt: null,
        output: { title: null, summary: null, text: null },
        annotations: [],
        actions: [],
        writes: 0,
      };
      apply(ctx, run, input, `${DOCS_URLS.checkRuns}#create-a-check-run`);
      ctx.store.checkRuns.push(run);
      return { status: 201, json: ctx.shapes.checkRun(run) };
    }),

    route("PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}", CHECKS_WRITE, (req) => {
      const run = findRun(ctx, req);
      const input = parseBody(checkRunUpdate, req.body, `${DOCS_URLS.checkRuns}#update-a-check-run`);
      apply(ctx, run, input, `${DOCS_URLS.checkRuns}#update-a-check-run`);
      return { status: 200, json: ctx.shapes.checkRun(run) };
    }),

    route("GET /repos/{owner}/{repo}/check-runs/{check_run_id}", CHECKS_READ, (req) => ({ status: 200, json: ctx.shapes.checkRun(findRun(ctx, req)) })),

    route("GET /repos/{owner}/{repo}/check-runs/{check_run_id}/annotations", CHECKS_READ, (req) => {
      const run = findRun(ctx, req);
      return paginate(req, run.annotations.map((a) => ({ ...a, blob_href: `${ctx.shapes.urls.html}/${ctx.shapes.repoPath}/blob/${run.headSha}/${a.path}` })));
    }),

    route("GET /repos/{owner}/{repo}/commits/{ref}/check-runs", CHECKS_READ, async (req) => {
      requireRepo(ctx, req);
      const sha = await ctx.git.resolveCommit(req.params.ref!);
      if (!sha) throw notFound();
      const name = req.query.get("check_name");
      const runs = ctx.store.checkRuns.filter((r) => r.headSha === sha && (name === null || r.name === name)).reverse();
      const page = paginate(req, runs.map((r) => ctx.shapes.checkRun(r)));
      return { ...page, json: { total_count: runs.length, check_runs: page.json } };
    }),
  ];
}

function findRun(ctx: SimContext, req: SimRequest): CheckRunRecord {
  requireRepo(ctx, req);
  const run = ctx.store.checkRun(numericParam(req, "check_run_id"));
  if (!run) throw notFound();
  return run;
}

/** Applies a create or update body; checks that need more than one field at once live here. */
function apply(ctx: SimContext, run: CheckRunRecord, input: CheckRunUpdate, docs: string): void {
  for (const [i, a] of (input.output?.annotations ?? []).entries()) {
    if (a.end_line < a.start_line) throw invalidRequest(`For 'properties/output/properties/annotations/items/${i}', end_line (${a.end_line}) is before start_line (${a.start_line}).`, docs);
    if ((a.start_column !== undefined || a.end_column !== undefined) && a.start_line !== a.end_line) {
      throw invalidRequest(`For 'properties/output/properties/annotations/items/${i}', start_column and end_column are only allowed when start_line equals end_line.`, docs);
    }
  }
  // GitHub: "Providing conclusion will automatically set the status parameter to completed."
  const status = input.conclusion !== undefined ? "completed" : (input.status ?? (input.completed_at !== undefined ? "completed" : undefined));
  if (status === "completed" && input.conclusion === undefined && run.conclusion === null) {
    throw invalidRequest('"conclusion" wasn\'t supplied: a completed check run needs a conclusion.', docs);
  }
  if (input.name !== undefined) run.name = input.name;
  if (input.details_url !== undefined) run.detailsUrl = input.details_url;
  if (input.external_id !== undefined) run.externalId = input.external_id;
  if (input.started_at !== undefined) run.startedAt = input.started_at;
  if (status !== undefined) run.status = status;
  if (input.conclusion !== undefined) run.conclusion = input.conclusion;
  if (run.status === "completed") run.completedAt = input.completed_at ?? run.completedAt ?? timestamp(ctx);
  if (input.output) {
    run.output = { title: input.output.title, summary: input.output.summary, text: input.output.text ?? run.output.text };
    run.annotations.push(...(input.output.annotations ?? []));
  }
  if (input.actions !== undefined) run.actions = input.actions;
  run.writes++;
}
