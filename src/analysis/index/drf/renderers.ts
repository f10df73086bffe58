/**
 * Renderers that write a file (CSV, spreadsheets, PDF): a view or action rendered only by them is a
 * download meant to hold every row (an export), which pagination would cut. Read by name, as written or
 * through a project renderer class's bases (`class PartyNames(PaginatedCSVRenderer)`).
 */
import type { IndexContext } from "../context.js";
import type { Expr } from "../expr.js";
import type { ModuleFacts } from "../facts.js";

export const FILE_RENDERER = /(CSV|Csv|XLSX|Xlsx|XLS|Xls|Excel|PDF|Pdf)\w*Renderer$/;

/** Every item of `renderer_classes` (a literal sequence written in `mod`) is a file renderer. */
export function onlyFileRenderers(ctx: IndexContext, mod: ModuleFacts, value: Expr): boolean {
  if (value.t !== "seq" || value.items.length === 0) return false;
  return value.items.every((item) => {
    if (item.t !== "name") return false;
    if (FILE_RENDERER.test(item.dotted)) return true;
    const r = ctx.symbols.resolveIn(mod, item.dotted);
    if (r?.kind === "external") return FILE_RENDERER.test(r.dotted);
    if (r?.kind !== "class") return false;
    const chain = [...ctx.hierarchy.mro(r.qn), ...ctx.hierarchy.leafBases(r.qn).map((b) => (b.kind === "external" ? b.dotted : b.text))];
    return chain.some((name) => FILE_RENDERER.test(name));
  });
}
