/**
 * A callable handed to another thread or process: `Thread(target=f)`, `Timer(5, f)`,
 * `executor.submit(f, ...)`, `loop.run_in_executor(None, f)`, `_thread.start_new_thread(f, ...)`,
 * `pool.map(f, items)` / `pool.apply_async(f)`, `Process(target=f)`. What it runs does not hold the
 * code that started it (a view returns while the thread works). The builtin `map(f, xs)` runs `f`
 * at once (lazily, in the caller): not a hand-off.
 */
import type { SyntaxNode } from "../parser.js";

/** Callees that start their callable elsewhere, whatever they are reached through. */
const STARTERS = new Set(["Thread", "Timer", "Process", "start_new_thread", "run_in_executor"]);
/** Methods of executors and pools (a bare function of that name is something else: builtin `map`). */
const POOL_METHODS = new Set(["submit", "map", "apply_async", "imap", "imap_unordered", "starmap"]);

/** The node (a lambda, a function's name) is an argument of a call that runs it on another thread. */
export function handedToAnotherThread(argument: SyntaxNode): boolean {
  let holder = argument.parent;
  if (holder?.type === "keyword_argument") holder = holder.parent;
  const call = holder?.type === "argument_list" ? holder.parent : undefined;
  const fn = call?.type === "call" ? call.childForFieldName("function") : undefined;
  if (fn?.type === "identifier") return STARTERS.has(fn.text);
  if (fn?.type !== "attribute") return false;
  const method = fn.childForFieldName("attribute")?.text ?? "";
  return STARTERS.has(method) || POOL_METHODS.has(method);
}
