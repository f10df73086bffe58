/**
 * pre_save / post_save receivers: `@receiver(post_save, sender=Order)` (also with a list of signals)
 * and `post_save.connect(handler, sender=Order)`, wherever they appear (module level or inside
 * `AppConfig.ready()`). Senders are kept as expressions and resolved once every module is known.
 */
import type { SyntaxNode } from "../parser.js";
import { collectImports, type ImportingModule } from "../imports.js";
import { exprOf, lastName } from "./expr.js";
import type { Expr } from "./expr.js";
import type { ReceiverFacts, SaveSignal } from "./facts.js";

export function receiversOf(mod: ImportingModule, text: string): ReceiverFacts[] {
  // Cheap gate: most files mention neither signal.
  if (!text.includes("pre_save") && !text.includes("post_save")) return [];
  const root = mod.tree.rootNode;
  const out: ReceiverFacts[] = [];
  for (const decorated of root.descendantsOfType("decorated_definition")) {
    for (const dec of decorated.namedChildren) {
      if (dec.type !== "decorator") continue;
      const call = dec.namedChildren[0];
      if (call?.type !== "call") continue;
      const expr = exprOf(call);
      if (expr.t !== "call" || lastName(expr.fn) !== "receiver") continue;
      const signals = saveSignalsIn(expr.args[0]);
      for (const signal of signals) out.push(receiverAt(mod, decorated, signal, expr.kwargs.get("sender")));
    }
  }
  if (text.includes(".connect")) {
    for (const call of root.descendantsOfType("call")) {
      const fn = call.childForFieldName("function");
      if (fn?.type !== "attribute" || fn.childForFieldName("attribute")?.text !== "connect") continue;
      const signal = saveSignalOf(exprOf(fn.childForFieldName("object") ?? fn));
      if (!signal) continue;
      const expr = exprOf(call);
      if (expr.t !== "call") continue;
      // connect(receiver, sender=None, weak=True, dispatch_uid=None)
      out.push(receiverAt(mod, call, signal, expr.kwargs.get("sender") ?? expr.args[1]));
    }
  }
  return out;
}

function saveSignalsIn(expr: Expr | undefined): SaveSignal[] {
  if (!expr) return [];
  const items = expr.t === "seq" ? expr.items : [expr];
  return items.flatMap((item) => {
    const signal = saveSignalOf(item);
    return signal ? [signal] : [];
  });
}

function saveSignalOf(expr: Expr): SaveSignal | undefined {
  const last = lastName(expr);
  return last === "post_save" || last === "pre_save" ? last : undefined;
}

function receiverAt(mod: ImportingModule, node: SyntaxNode, signal: SaveSignal, sender: Expr | undefined): ReceiverFacts {
  const senderExpr = sender && sender.t !== "none" ? sender : undefined;
  return { signal, sender: senderExpr, line: node.startPosition.row + 1, ...localNamesAt(mod, node) };
}

/** Imports and simple assignments of the function around `node` (`ready()` imports models locally). */
export function localNamesAt(mod: ImportingModule, node: SyntaxNode): { localImports: Map<string, string>; localAssigns: Map<string, Expr> } {
  const fn = enclosingFunctionBody(node);
  return { localImports: fn ? collectImports(mod, fn).names : new Map(), localAssigns: fn ? assignmentsIn(fn) : new Map() };
}

function enclosingFunctionBody(node: SyntaxNode): SyntaxNode | undefined {
  for (let p = node.parent; p; p = p.parent) {
    if (p.type === "function_definition") return p.childForFieldName("body") ?? undefined;
  }
  return undefined;
}

function assignmentsIn(body: SyntaxNode): Map<string, Expr> {
  const out = new Map<string, Expr>();
  for (const stmt of body.namedChildren) {
    const assign = stmt.type === "expression_statement" ? stmt.namedChildren[0] : undefined;
    if (assign?.type !== "assignment") continue;
    const left = assign.childForFieldName("left");
    const right = assign.childForFieldName("right");
    if (left?.type === "identifier" && right) out.set(left.text, exprOf(right));
  }
  return out;
}
