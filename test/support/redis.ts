/**
 * The real Redis for queue tests (REDIS_URL, default 127.0.0.1:6379). In CI (`CI=true`) a missing
 * Redis fails the tests; elsewhere they are skipped with a message. Every test gets its own key
 * prefix and deletes its keys afterwards.
 */
import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";

export const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

async function answers(): Promise<boolean> {
  const client = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 2000 });
  client.on("error", () => undefined);
  try {
    await client.connect();
    return (await client.ping()) === "PONG";
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

export const redisAvailable = await answers();
if (!redisAvailable) {
  if (process.env.CI === "true") throw new Error(`Redis does not answer at ${REDIS_URL}; the queue tests need it in CI`);
  console.warn(`Redis does not answer at ${REDIS_URL}: the Redis queue tests are skipped`);
}

export function uniquePrefix(): string {
  return `djperf-test-${randomUUID().slice(0, 8)}`;
}

/** Deletes every key under `prefix`. */
export async function deleteKeys(prefix: string): Promise<void> {
  const client = new Redis(REDIS_URL);
  try {
    let cursor = "0";
    do {
      const [next, keys] = await client.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 1000);
      cursor = next;
      if (keys.length > 0) await client.del(...keys);
    } while (cursor !== "0");
  } finally {
    client.disconnect();
  }
}

export async function countKeys(prefix: string): Promise<number> {
  const client = new Redis(REDIS_URL);
  try {
    return (await client.keys(`${prefix}:*`)).length;
  } finally {
    client.disconnect();
  }
}

/** A promise with its resolve function, for tests that wait on events instead of time. */
export function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}
