/**
 * `Class.method` around a node: the names of the enclosing classes and functions, outermost first (part
 * of a finding's fingerprint and identity). Every node passed on the way up keeps its answer, so the
 * findings of one file read each ancestor once: a walk per finding cost the nesting depth each, and d
 * nested loops with a finding apiece made d² (issue 12's work bound).
 */
import type { SyntaxNode } from "./parser.js";

const DEFINITIONS: ReadonlySet<string> = new Set(["function_definition", "class_definition"]);

export class EnclosingNames {
  /** By node id: the names of the definitions strictly around the node (arrays shared between nodes). */
  private readonly known = new Map<number, readonly string[]>();

  of(node: SyntaxNode | undefined): string {
    if (!node) return "";
    const path: SyntaxNode[] = [];
    // The names around the topmost node of `path`.
    let names: readonly string[] = [];
    for (let n: SyntaxNode | null = node; n; n = n.parent) {
      const known = this.known.get(n.id);
      if (known !== undefined) {
        // `n` is the parent of the last node on the path (or `node` itself): add its own name.
        names = path.length > 0 ? withName(known, n) : known;
        break;
      }
      path.push(n);
    }
    for (let i = path.length - 1; i >= 0; i--) {
      const n = path[i]!;
      this.known.set(n.id, names);
      if (i > 0) names = withName(names, n);
    }
    // Now the names around `node` itself.
    return names.join(".");
  }
}

function withName(names: readonly string[], n: SyntaxNode): readonly string[] {
  return DEFINITIONS.has(n.type) ? [...names, n.childForFieldName("name")?.text ?? ""] : names;
}
