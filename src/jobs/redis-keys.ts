/**
 * What the Redis queue keeps beside BullMQ's own keys, and the scripts that change it atomically, so
 * that several replicas enqueueing deliveries for one pull request agree on which commit is newest.
 *
 *   <prefix>:seen:<jobKey>        a job with this key was queued (redeliveries are duplicates); TTL
 *   <prefix>:head:<pr>            the newest head commit queued for the pull request; TTL
 *   <prefix>:superseded:<pr>      commits of the pull request a newer commit replaced (late deliveries are stale); TTL
 *   <prefix>:jobs:<pr>            BullMQ job id -> head sha of the pull request's reviews not yet finished
 *   <prefix>:lock:<pr>            the BullMQ job id reviewing the pull request now (one at a time); short TTL, renewed
 *   <prefix>:supersede            pub/sub channel: "a newer commit arrived", so running reviews stop
 *
 * Pull request keys are `owner/repo#pr` in lower case (jobs' pullRequestKey).
 */
export class RedisKeys {
  constructor(readonly prefix: string) {}

  seen(jobKey: string): string {
    return `${this.prefix}:seen:${jobKey}`;
  }
  head(pr: string): string {
    return `${this.prefix}:head:${pr}`;
  }
  superseded(pr: string): string {
    return `${this.prefix}:superseded:${pr}`;
  }
  jobs(pr: string): string {
    return `${this.prefix}:jobs:${pr}`;
  }
  lock(pr: string): string {
    return `${this.prefix}:lock:${pr}`;
  }
  get channel(): string {
    return `${this.prefix}:supersede`;
  }
}

/**
 * Enqueue bookkeeping of one review, atomically.
 * KEYS: seen, head, superseded, jobs. ARGV: headSha, ttlSeconds, bullJobId.
 * Returns {"stale"}, {"duplicate"}, or {"queued", previousHeadOrFalse}.
 */
export const ENQUEUE_REVIEW_SCRIPT = `
if redis.call('SISMEMBER', KEYS[3], ARGV[1]) == 1 then return {'stale'} end
if not redis.call('SET', KEYS[1], '1', 'NX', 'EX', ARGV[2]) then return {'duplicate'} end
local previous = redis.call('GET', KEYS[2])
redis.call('SET', KEYS[2], ARGV[1], 'EX', ARGV[2])
redis.call('HSET', KEYS[4], ARGV[3], ARGV[1])
redis.call('EXPIRE', KEYS[4], ARGV[2])
if previous and previous ~= ARGV[1] then
  redis.call('SADD', KEYS[3], previous)
  redis.call('EXPIRE', KEYS[3], ARGV[2])
  return {'queued', previous}
end
return {'queued', false}
`;

/**
 * Takes or renews the pull request's lock for a job (a job taken over after a crash holds it already).
 * KEYS: lock. ARGV: bullJobId, ttlMs. Returns 1 when the job holds the lock.
 */
export const TAKE_LOCK_SCRIPT = `
local holder = redis.call('GET', KEYS[1])
if holder and holder ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1
`;

/** Releases the lock only if the job still holds it. KEYS: lock. ARGV: bullJobId. */
export const RELEASE_LOCK_SCRIPT = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;
