/**
 * Parses, validates (validate.ts) and executes a GraphQL request the way GitHub's endpoint answers:
 * validation errors come back without `data`; a resolver error nulls its field and is listed beside
 * the data.
 */
import { parseDocument, GraphqlSyntaxError, type Directive, type Document, type FieldNode, type SelectionNode, type TypeNode } from "./parse.js";
import { FieldError, parseTypeRef, type Schema } from "./types.js";
import { coerceVariables, fieldsOf, literalToJs, possibleTypes, validate, type GraphqlError } from "./validate.js";

export type { GraphqlError } from "./validate.js";

export interface GraphqlResult {
  data?: Record<string, unknown> | null;
  errors?: GraphqlError[];
}

export async function executeGraphql<C>(schema: Schema<C>, query: string, variables: Record<string, unknown>, operationName: string | undefined, ctx: C): Promise<GraphqlResult> {
  let document: Document;
  try {
    document = parseDocument(query);
  } catch (error) {
    if (error instanceof GraphqlSyntaxError) return { errors: [{ message: error.message, locations: [error.loc] }] };
    throw error;
  }
  const operation = operationName ? document.operations.find((o) => o.name === operationName) : document.operations.length === 1 ? document.operations[0] : undefined;
  if (!operation) {
    return { errors: [{ message: operationName ? `No operation named "${operationName}"` : "An operation name is required when the document holds several operations" }] };
  }
  const errors = validate(schema, document, operation);
  const values = errors.length === 0 ? coerceVariables(schema, operation, variables, errors) : {};
  if (errors.length > 0) return { errors };
  const root = operation.operation === "mutation" ? schema.mutation : schema.query;
  const executor = new Executor(schema, document, values, ctx);
  const data = await executor.selectionSet(root, {}, operation.selections, []);
  return executor.errors.length > 0 ? { data, errors: executor.errors } : { data };
}

class Executor<C> {
  readonly errors: GraphqlError[] = [];

  constructor(
    private readonly schema: Schema<C>,
    private readonly document: Document,
    private readonly variables: Record<string, unknown>,
    private readonly ctx: C,
  ) {}

  async selectionSet(typeName: string, parent: unknown, selections: SelectionNode[], path: (string | number)[]): Promise<Record<string, unknown>> {
    const fields = this.collect(typeName, selections);
    const fieldDefs = fieldsOf(this.schema.types[typeName]) ?? {};
    const entries = await Promise.all(
      fields.map(async (field): Promise<[string, unknown]> => {
        const key = field.alias ?? field.name;
        if (field.name === "__typename") return [key, typeName];
        const def = fieldDefs[field.name]!;
        const fieldPath = [...path, key];
        try {
          const args = { ...(def.defaults ?? {}), ...Object.fromEntries(field.args.map((a) => [a.name, literalToJs(a.value, this.variables)])) };
          const value = await (def.resolve ? def.resolve(parent, args, this.ctx) : (parent as Record<string, unknown>)[field.name]);
          return [key, await this.complete(parseTypeRef(def.type), value, field, fieldPath)];
        } catch (error) {
          if (!(error instanceof FieldError)) throw error;
          this.errors.push({ type: error.type, path: fieldPath, locations: [field.loc], message: error.message });
          return [key, null];
        }
      }),
    );
    return Object.fromEntries(entries);
  }

  private async complete(type: TypeNode, value: unknown, field: FieldNode, path: (string | number)[]): Promise<unknown> {
    if (type.kind === "NonNull") return this.complete(type.of, value, field, path);
    if (value === null || value === undefined) return null;
    if (type.kind === "List") return Promise.all((value as unknown[]).map((item, i) => this.complete(type.of, item, field, [...path, i])));
    const def = this.schema.types[type.name]!;
    if (def.kind === "OBJECT") return this.selectionSet(type.name, value, field.selections ?? [], path);
    if (def.kind === "INTERFACE" || def.kind === "UNION") return this.selectionSet(def.resolveType(value), value, field.selections ?? [], path);
    return value;
  }

  /** Flattens fragments that apply to the runtime type and drops @skip/@include'd-out selections. */
  private collect(typeName: string, selections: SelectionNode[], into: FieldNode[] = []): FieldNode[] {
    for (const selection of selections) {
      if (!this.included(selection.directives)) continue;
      if (selection.kind === "Field") into.push(selection);
      else if (selection.kind === "InlineFragment") {
        if (this.applies(selection.typeCondition, typeName)) this.collect(typeName, selection.selections, into);
      } else {
        const fragment = this.document.fragments.get(selection.name)!;
        if (this.applies(fragment.typeCondition, typeName)) this.collect(typeName, fragment.selections, into);
      }
    }
    return into;
  }

  private applies(condition: string | undefined, typeName: string): boolean {
    return condition === undefined || condition === typeName || possibleTypes(this.schema, condition).includes(typeName);
  }

  private included(directives: Directive[]): boolean {
    return directives.every((d) => {
      const value = literalToJs(d.args.find((a) => a.name === "if")!.value, this.variables);
      return d.name === "include" ? value === true : value !== true;
    });
  }
}
