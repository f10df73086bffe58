/**
 * GitHub's documented limits and djperf's own bounds on GitHub traffic, in one place so that the
 * source, the publisher and their tests agree on them.
 */

/** Largest page REST list endpoints serve. */
export const PER_PAGE = 100;

/** `pulls.listFiles` lists at most this many files of a pull request, whatever the page count. */
export const PULL_FILES_CAP = 3000;

/** Aliased `object(expression:)` lookups per GraphQL query (GitHub's node limit allows more; stay modest). */
export const BLOBS_PER_QUERY = 100;

/** Node ids per `nodes(ids:)` query (GitHub's limit). */
export const NODES_PER_QUERY = 100;

/**
 * `minimizeComment` mutations per GraphQL request. Mutations run one after another and count heavily
 * against the secondary rate limit, so a few per request.
 */
export const MINIMIZE_PER_REQUEST = 25;

/** Annotations GitHub accepts per check-run create/update call. */
export const ANNOTATIONS_PER_CALL = 50;

/** Subtrees listed at once when a truncated recursive tree has to be walked. */
export const TREE_WALK_CONCURRENCY = 4;

/** Upper bound on tree calls for one listing, so a pathological repository cannot cost thousands. */
export const MAX_TREE_CALLS = 500;

/** Default byte budget of the per-blob-sha cache shared by runs (content-addressed, so safe to share). */
export const DEFAULT_BLOB_CACHE_BYTES = 64 * 1024 * 1024;

/** `git.getBlob` serves blobs up to 100 MB; djperf never wants anything close to that. */
export const MAX_REST_BLOB_BYTES = 100 * 1024 * 1024;
