/**
 * A per-pull-request budget for `/djperf` commands (issue 12, low items). Anyone who can comment can
 * make djperf post; without a budget, a script writing comments makes djperf flood the conversation,
 * spend the installation's write limits (secondary rate limits) and grow the command queue without
 * bound. Each pull request gets `max` commands per `windowMs`; past it commands are ignored (logged),
 * not queued. In memory, per process: a bound on damage, not an accounting system.
 */
export interface CommandLimitOptions {
  /** Commands per pull request per window. Default 10. */
  max?: number;
  /** Default 10 minutes. */
  windowMs?: number;
  /** Pull requests remembered at once (oldest forgotten first). Default 10,000. */
  trackedPullRequests?: number;
  clock?: () => number;
}

export class CommandLimit {
  readonly #max: number;
  readonly #windowMs: number;
  readonly #tracked: number;
  readonly #clock: () => number;
  /** Pull request key → times of its recent commands (oldest first). */
  readonly #recent = new Map<string, number[]>();

  constructor(options: CommandLimitOptions = {}) {
    this.#max = options.max ?? 10;
    this.#windowMs = options.windowMs ?? 10 * 60_000;
    this.#tracked = options.trackedPullRequests ?? 10_000;
    this.#clock = options.clock ?? Date.now;
  }

  /** Counts a command for the pull request; false when its budget for the window is spent. */
  take(pullRequestKey: string): boolean {
    const now = this.#clock();
    const times = (this.#recent.get(pullRequestKey) ?? []).filter((t) => now - t < this.#windowMs);
    this.#recent.delete(pullRequestKey); // re-inserted below: Map order is recency
    if (times.length >= this.#max) {
      this.#recent.set(pullRequestKey, times);
      return false;
    }
    times.push(now);
    this.#recent.set(pullRequestKey, times);
    while (this.#recent.size > this.#tracked) {
      const oldest = this.#recent.keys().next().value;
      if (oldest === undefined) break;
      this.#recent.delete(oldest);
    }
    return true;
  }
}
