// PLACEHOLDER (being replaced by the ProjectIndex builder work): every Python file feeds the index.
export function selectIndexPaths(allPaths: readonly string[]): string[] {
  return allPaths.filter((p) => p.endsWith(".py"));
}
