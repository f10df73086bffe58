/**
 * A deterministic measure of analysis work (issue 12, "no hang: work bounded per node"): every call
 * into tree-sitter's node, cursor and query API the analysis makes, plus every node such a call hands
 * back in an array. All walks of the rules, facts and scopes go through that API, so a walk that
 * revisits the tree per node (a quadratic path) shows up as work growing faster than the tree, on any
 * machine and under any load, where a timer would only say "slow here, today".
 *
 * A named node's `type` is a constant on its class (no call into the tree), so it is not counted.
 *
 * Off by default: the API is wrapped only while a count runs (`countWork`, synchronous, so nothing
 * else on the thread runs meanwhile and the count is exact), so normal runs pay nothing.
 */
import Parser from "tree-sitter";

/** Characters of a text that count as one step (about a line). */
const TEXT_STEP = 80;

let steps = 0;
let active = 0;
let restore: (() => void)[] = [];

/** Node, cursor and query prototypes: their getters and methods are the whole navigation API. */
function prototypes(): object[] {
  // The binding exports SyntaxNode and TreeCursor as classes; its typings declare them as interfaces only.
  const classes = Parser as unknown as Record<"SyntaxNode" | "TreeCursor" | "Query", { prototype: object }>;
  return [classes.SyntaxNode.prototype, classes.TreeCursor.prototype, classes.Query.prototype];
}

function counted<A extends unknown[], R>(fn: (this: unknown, ...args: A) => R): (this: unknown, ...args: A) => R {
  return function (this: unknown, ...args: A): R {
    const value = fn.apply(this, args);
    // An array costs a step per node handed back; a text (`node.text`) a step per line's worth of it,
    // so reading a large enclosing node's text once per inner node shows up as the quadratic it is.
    steps += Array.isArray(value) ? 1 + value.length : typeof value === "string" ? 1 + Math.floor(value.length / TEXT_STEP) : 1;
    return value;
  };
}

function install(): void {
  for (const proto of prototypes()) {
    for (const name of Object.getOwnPropertyNames(proto)) {
      if (name === "constructor") continue;
      const descriptor = Object.getOwnPropertyDescriptor(proto, name)!;
      if (!descriptor.configurable) continue;
      if (descriptor.get) Object.defineProperty(proto, name, { ...descriptor, get: counted(descriptor.get) });
      else if (typeof descriptor.value === "function") Object.defineProperty(proto, name, { ...descriptor, value: counted(descriptor.value as (...args: unknown[]) => unknown) });
      else continue;
      restore.push(() => Object.defineProperty(proto, name, descriptor));
    }
  }
}

/** Runs `run` with the count on; the steps it took (a nested count sees its own steps only). */
export function countWork<T>(run: () => T): { value: T; steps: number } {
  if (active++ === 0) install();
  const before = steps;
  try {
    const value = run();
    return { value, steps: steps - before };
  } finally {
    if (--active === 0) {
      for (const undo of restore.reverse()) undo();
      restore = [];
    }
  }
}
