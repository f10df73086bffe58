/**
 * Where a bare name is formatted with str(): `str(row)`, `f"{row}"` / `f"{row!s}"`, `"{}".format(row)`
 * and `"%s" % row` / `"%s %s" % (a, row)`. Each calls the row's `__str__` eagerly. Formattings inside a
 * logging call (`logger.info("%s" % row)`) or a `raise` are left out: logging is often off or sampled,
 * and a raise runs once.
 */
import type { SyntaxNode } from "../../src/analysis/parser.js";
import type { DjangoFacts } from "../../src/analysis/django/types.js";
import { formatSites, inLoggingOrRaise } from "../../src/analysis/django/formatting.js";

export interface FormattedRow {
  /** The formatted name (`row`). */
  object: SyntaxNode;
  /** The formatting expression, reported as the access (`str(row)`, `{row}`, `"%s" % row`). */
  site: SyntaxNode;
}

export function formattedRows(django: DjangoFacts): FormattedRow[] {
  return formatSites(django.nodesOfType("call"), django.nodesOfType("interpolation"), django.nodesOfType("binary_operator"))
    .filter(({ value, site }) => value.type === "identifier" && !inLoggingOrRaise(site))
    .map(({ value, site }) => ({ object: value, site }));
}
