/** Where a model-level advice is reported: the field's definition, `class Meta`, or the class name. */
import type { SyntaxNode } from "../../src/analysis/parser.js";
import type { ModelInfo } from "../../src/analysis/index/types.js";
import { bodyAssignments, classAtLine, metaClassOf } from "../../src/analysis/django/model-class.js";

export interface ModelAnchors {
  name: SyntaxNode;
  meta?: SyntaxNode;
  /** Field assignments written in this class (inherited ones are not: they are anchored at Meta). */
  fields: Map<string, SyntaxNode>;
}

export function modelAnchors(root: SyntaxNode, model: ModelInfo): ModelAnchors | undefined {
  const cls = classAtLine(root, model.line, model.name);
  const name = cls?.childForFieldName("name");
  if (!cls || !name) return undefined;
  const meta = metaClassOf(cls);
  return { name, fields: bodyAssignments(cls), ...(meta ? { meta } : {}) };
}
