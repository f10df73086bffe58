/**
 * GraphQL documents the gateway sends. Values always travel as variables, never spliced into the
 * document, so a path with quotes or backslashes cannot break (or change) a query.
 */

/** Blob fields for `count` aliased `object(expression: $eN)` lookups: b0 … b{count-1}. */
export function blobsQuery(count: number): string {
  const variables = Array.from({ length: count }, (_, i) => `$e${i}: String!`).join(", ");
  const lookups = Array.from({ length: count }, (_, i) => `    b${i}: object(expression: $e${i}) { ... on Blob { oid byteSize isBinary isTruncated text } }`);
  return [`query djperfBlobs($owner: String!, $name: String!, ${variables}) {`, "  repository(owner: $owner, name: $name) {", ...lookups, "  }", "}"].join("\n");
}

/** Whether comments (by node id) are minimised already, so a re-run does not minimise them again. */
export const MINIMIZED_STATES_QUERY = [
  "query djperfMinimized($ids: [ID!]!) {",
  "  nodes(ids: $ids) { id ... on Minimizable { isMinimized } }",
  "}",
].join("\n");

/** `count` aliased minimizeComment mutations: m0 … m{count-1}, subjects $s0 … . */
export function minimizeMutation(count: number): string {
  const variables = Array.from({ length: count }, (_, i) => `$s${i}: ID!`).join(", ");
  const calls = Array.from(
    { length: count },
    (_, i) => `  m${i}: minimizeComment(input: { subjectId: $s${i}, classifier: $classifier }) { minimizedComment { isMinimized } }`,
  );
  return [`mutation djperfMinimize($classifier: ReportedContentClassifiers!, ${variables}) {`, ...calls, "}"].join("\n");
}
