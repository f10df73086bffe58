/** What every route of the simulated GitHub works with, and the lookups they share. */
import type { GitData } from "./git-data.js";
import { notFound, type SimRequest } from "./http.js";
import type { Shapes } from "./shapes.js";
import type { PullRequestRecord, SimulatedWorld, Store } from "./store.js";

export interface SimContext {
  world: SimulatedWorld;
  git: GitData;
  store: Store;
  shapes: Shapes;
  /** The simulation's clock (injectable so records can be compared). */
  now: () => Date;
}

export function timestamp(ctx: SimContext): string {
  return ctx.now().toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** 404 unless the request names the simulated repository (GitHub treats owner/repo case-insensitively). */
export function requireRepo(ctx: SimContext, req: SimRequest): void {
  const { owner = "", repo = "" } = req.params;
  if (owner.toLowerCase() !== ctx.world.owner.toLowerCase() || repo.toLowerCase() !== ctx.world.repo.toLowerCase()) throw notFound();
}

export function requirePull(ctx: SimContext, req: SimRequest, key = "pull_number"): PullRequestRecord {
  requireRepo(ctx, req);
  const pull = ctx.store.pulls.get(Number(req.params[key]));
  if (!pull) throw notFound();
  return pull;
}

/** A numeric path parameter; anything else is a 404, as GitHub answers a malformed id. */
export function numericParam(req: SimRequest, key: string): number {
  const value = req.params[key] ?? "";
  if (!/^\d+$/.test(value)) throw notFound();
  return Number(value);
}
