/** Source text to match literally inside a RegExp (names of models, classes and compose services). */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
