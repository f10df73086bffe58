/**
 * DJP504: uploads seen through a DRF serializer's own hooks. DRF hands the uploaded file of a
 * `FileField` / `ImageField` to `validate_<field>(self, value)` as `value`, to `validate(self, attrs)`
 * as `attrs["<field>"]`, and to `create(self, validated_data)` / `update(self, instance,
 * validated_data)` as `validated_data["<field>"]`. (`serializer.validated_data[...]` and
 * `request.data[...]` outside the class are matched by the rule's container names.)
 */
import type { SyntaxNode } from "../../src/analysis/parser.js";
import { attributeName, classBases, classMembers, classOfMethod, enclosingFunction, parameterNodes, stringValue, unwrapParens } from "../../src/analysis/django/syntax.js";

const FILE_FIELD = /(^|\.)\w*(FileField|ImageField)$/;

/**
 * The field name when `node` is a serializer hook's hold on an uploaded file: `value` in
 * `validate_<f>(self, value)`, `attrs["f"]` / `attrs.get("f")` in `validate(self, attrs)`, or
 * `validated_data["f"]` in `create` / `update`, in a serializer class (named or based so) or with `f`
 * declared as a file field of the class. `.read()` is asked of it: the field holds a file, and a
 * ModelSerializer's file fields come from the model, undeclared.
 */
export function serializerHookField(node: SyntaxNode): { cls: SyntaxNode; field: string } | undefined {
  const n = unwrapParens(node);
  const fn = enclosingFunction(n);
  const cls = fn ? classOfMethod(fn) : undefined;
  if (!fn || !cls) return undefined;
  const name = fn.childForFieldName("name")?.text ?? "";
  const params = parameterNodes(fn).map((p) => p.name);
  let field: string | undefined;
  if (n.type === "identifier") {
    field = name.startsWith("validate_") && params[1] === n.text ? name.slice("validate_".length) : undefined;
  } else {
    const keyed = keyedRead(n);
    const holder = keyed?.container;
    const dataParam = name === "validate" ? params[1] : name === "create" ? params[1] : name === "update" ? params[2] : undefined;
    field = holder?.type === "identifier" && holder.text === dataParam ? keyed?.key : undefined;
  }
  return field !== undefined && (serializerClass(cls) || declaresFileField(cls, field)) ? { cls, field } : undefined;
}

/** `X["f"]` or `X.get("f")`: X and "f". */
function keyedRead(node: SyntaxNode): { container: SyntaxNode; key: string } | undefined {
  let container: SyntaxNode | null | undefined;
  let key: SyntaxNode | null | undefined;
  if (node.type === "subscript") {
    container = node.childForFieldName("value");
    key = node.childForFieldName("subscript");
  } else if (node.type === "call") {
    const fn = node.childForFieldName("function");
    if (fn?.type !== "attribute" || attributeName(fn) !== "get") return undefined;
    container = fn.childForFieldName("object");
    key = node.childForFieldName("arguments")?.namedChildren[0];
  }
  const name = key ? stringValue(key) : undefined;
  return container && name !== undefined ? { container, key: name } : undefined;
}

/** `class ImportSerializer(...)`, or a base named `...Serializer` (`serializers.ModelSerializer`, a project base). */
function serializerClass(cls: SyntaxNode): boolean {
  const name = cls.childForFieldName("name")?.text ?? "";
  return name.endsWith("Serializer") || classBases(cls).some((base) => base.text.endsWith("Serializer"));
}

/** `f = serializers.FileField(...)` (or an image field, or a project subclass named so) in the class body. */
function declaresFileField(cls: SyntaxNode, field: string): boolean {
  return classMembers(cls).some((member) => {
    if (member.type !== "assignment" || member.childForFieldName("left")?.text !== field) return false;
    const right = member.childForFieldName("right");
    return right?.type === "call" && FILE_FIELD.test(right.childForFieldName("function")?.text ?? "");
  });
}
