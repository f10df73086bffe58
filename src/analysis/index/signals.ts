/**
 * Models with pre_save / post_save receivers: bulk operations skip those receivers, so rules that
 * suggest bulk_create / update() must know. A receiver without a sender listens to every model; it is
 * noted, not spread over every model.
 */
import type { IndexContext } from "./context.js";
import type { Expr } from "./expr.js";
import type { ModuleFacts, ReceiverFacts } from "./facts.js";
import type { ModelInfo } from "./types.js";

export function modelsWithSaveSignals(ctx: IndexContext, models: ReadonlyMap<string, ModelInfo>): { models: Set<string>; global: string[] } {
  const out = new Set<string>();
  const global: string[] = [];
  for (const mod of ctx.symbols.modules.values()) {
    for (const receiver of mod.receivers) {
      if (!receiver.sender) {
        global.push(`${mod.path}:${receiver.line}`);
        continue;
      }
      const qn = senderModel(ctx, mod, receiver, receiver.sender, 0);
      if (qn && models.has(qn)) out.add(qn);
      else ctx.notes.add(`${mod.path}:${receiver.line}: ${receiver.signal} sender ${receiver.sender.text} not resolved to a model`);
    }
  }
  return { models: out, global };
}

/** `reversion.register(Order)` and the like, anywhere in the project: the model gets the library in `tracking`. */
export function addRegistrations(ctx: IndexContext, models: ReadonlyMap<string, ModelInfo>): void {
  for (const mod of ctx.symbols.modules.values()) {
    for (const reg of mod.registrations) {
      const qn = senderModel(ctx, mod, { signal: "post_save", line: reg.line, localImports: reg.localImports, localAssigns: reg.localAssigns }, reg.target, 0);
      const model = qn ? models.get(qn) : undefined;
      if (model && !model.tracking.includes(reg.library)) model.tracking = [...model.tracking, reg.library].sort();
    }
  }
}

function senderModel(ctx: IndexContext, mod: ModuleFacts, receiver: ReceiverFacts, sender: Expr, depth: number): string | undefined {
  switch (sender.t) {
    case "name": {
      // `Order = self.get_model("Order")` (or an alias) earlier in the same function.
      const local = receiver.localAssigns.get(sender.dotted);
      if (local && depth < 2) return senderModel(ctx, mod, receiver, local, depth + 1);
      const r = ctx.symbols.resolveIn(mod, sender.dotted, receiver.localImports);
      return r?.kind === "class" ? r.qn : undefined;
    }
    // Model signals accept lazy "app_label.ModelName" senders.
    case "str":
      return sender.value.includes(".") ? ctx.labels.resolve(sender.value, mod.module) : undefined;
    case "call": {
      // apps.get_model("shop", "Order"), apps.get_model("shop.Order"), self.get_model("Order") in an AppConfig.
      const fn = sender.fn.t === "name" ? sender.fn.dotted : "";
      if (!fn.endsWith("get_model")) return undefined;
      const args = sender.args.map((a) => (a.t === "str" ? a.value : undefined));
      const [first, second] = args;
      if (args.length === 2 && first && second) return ctx.labels.resolveIn(first, second);
      if (args.length === 1 && first) return first.includes(".") ? ctx.labels.resolve(first, mod.module) : ctx.labels.resolveIn(ctx.labels.ofModule(mod.module), first);
      return undefined;
    }
    default:
      return undefined;
  }
}
