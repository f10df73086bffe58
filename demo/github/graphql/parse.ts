/**
 * A GraphQL document parser for what clients send GitHub: operations with variables, aliases,
 * arguments (every literal kind), inline fragments, named fragments and @include/@skip. No graphql-js
 * dependency; errors read like GitHub's ("Parse error on "}" (RCURLY) at [3, 5]").
 */
import { GraphqlSyntaxError, PUNCT_NAMES, tokenize, type Location, type Token } from "./lexer.js";

export { GraphqlSyntaxError, type Location } from "./lexer.js";

export type ValueNode =
  | { kind: "Variable"; name: string }
  | { kind: "Int" | "Float"; value: number }
  | { kind: "String"; value: string }
  | { kind: "Boolean"; value: boolean }
  | { kind: "Null" }
  | { kind: "Enum"; value: string }
  | { kind: "List"; values: ValueNode[] }
  | { kind: "Object"; fields: { name: string; value: ValueNode }[] };

export interface Argument {
  name: string;
  value: ValueNode;
  loc: Location;
}

export interface Directive {
  name: string;
  args: Argument[];
}

export interface FieldNode {
  kind: "Field";
  alias?: string;
  name: string;
  args: Argument[];
  directives: Directive[];
  selections?: SelectionNode[];
  loc: Location;
}

export interface InlineFragmentNode {
  kind: "InlineFragment";
  typeCondition?: string;
  directives: Directive[];
  selections: SelectionNode[];
  loc: Location;
}

export interface FragmentSpreadNode {
  kind: "FragmentSpread";
  name: string;
  directives: Directive[];
  loc: Location;
}

export type SelectionNode = FieldNode | InlineFragmentNode | FragmentSpreadNode;

export type TypeNode = { kind: "Named"; name: string } | { kind: "List"; of: TypeNode } | { kind: "NonNull"; of: TypeNode };

export interface OperationNode {
  kind: "Operation";
  operation: "query" | "mutation" | "subscription";
  name?: string;
  variables: { name: string; type: TypeNode; defaultValue?: ValueNode; loc: Location }[];
  selections: SelectionNode[];
  loc: Location;
}

export interface FragmentNode {
  kind: "Fragment";
  name: string;
  typeCondition: string;
  selections: SelectionNode[];
  loc: Location;
}

export interface Document {
  operations: OperationNode[];
  fragments: Map<string, FragmentNode>;
}

export function parseDocument(source: string): Document {
  const tokens = tokenize(source);
  let pos = 0;
  const peek = () => tokens[pos]!;
  const fail = (token: Token): never => {
    const shown = token.kind === "eof" ? "end of file" : `"${token.value}" (${token.kind === "punct" ? PUNCT_NAMES[token.value] : token.kind.toUpperCase()})`;
    throw new GraphqlSyntaxError(`Parse error on ${shown} at [${token.loc.line}, ${token.loc.column}]`, token.loc);
  };
  const isPunct = (value: string) => peek().kind === "punct" && peek().value === value;
  const expectPunct = (value: string) => (isPunct(value) ? tokens[pos++]! : fail(peek()));
  const expectName = () => (peek().kind === "name" ? tokens[pos++]!.value : fail(peek()));

  const parseValue = (constant: boolean): ValueNode => {
    const token = peek();
    if (token.kind === "punct" && token.value === "$" && !constant) {
      pos++;
      return { kind: "Variable", name: expectName() };
    }
    if (token.kind === "punct" && token.value === "[") {
      pos++;
      const values: ValueNode[] = [];
      while (!isPunct("]")) values.push(parseValue(constant));
      pos++;
      return { kind: "List", values };
    }
    if (token.kind === "punct" && token.value === "{") {
      pos++;
      const fields: { name: string; value: ValueNode }[] = [];
      while (!isPunct("}")) {
        const name = expectName();
        expectPunct(":");
        fields.push({ name, value: parseValue(constant) });
      }
      pos++;
      return { kind: "Object", fields };
    }
    pos++;
    switch (token.kind) {
      case "int":
        return { kind: "Int", value: Number(token.value) };
      case "float":
        return { kind: "Float", value: Number(token.value) };
      case "string":
        return { kind: "String", value: token.value };
      case "name":
        if (token.value === "true" || token.value === "false") return { kind: "Boolean", value: token.value === "true" };
        if (token.value === "null") return { kind: "Null" };
        return { kind: "Enum", value: token.value };
      default:
        return fail(token);
    }
  };

  const parseArgs = (): Argument[] => {
    if (!isPunct("(")) return [];
    pos++;
    const args: Argument[] = [];
    while (!isPunct(")")) {
      const loc = peek().loc;
      const name = expectName();
      expectPunct(":");
      args.push({ name, value: parseValue(false), loc });
    }
    pos++;
    return args;
  };

  const parseDirectives = (): Directive[] => {
    const directives: Directive[] = [];
    while (isPunct("@")) {
      pos++;
      directives.push({ name: expectName(), args: parseArgs() });
    }
    return directives;
  };

  const parseSelections = (): SelectionNode[] => {
    expectPunct("{");
    const selections: SelectionNode[] = [];
    while (!isPunct("}")) {
      const loc = peek().loc;
      if (isPunct("...")) {
        pos++;
        if (peek().kind === "name" && peek().value === "on") {
          pos++;
          const typeCondition = expectName();
          const directives = parseDirectives();
          selections.push({ kind: "InlineFragment", typeCondition, directives, selections: parseSelections(), loc });
        } else if (isPunct("{") || isPunct("@")) {
          const directives = parseDirectives();
          selections.push({ kind: "InlineFragment", directives, selections: parseSelections(), loc });
        } else {
          selections.push({ kind: "FragmentSpread", name: expectName(), directives: parseDirectives(), loc });
        }
        continue;
      }
      let name = expectName();
      let alias: string | undefined;
      if (isPunct(":")) {
        pos++;
        alias = name;
        name = expectName();
      }
      const field: FieldNode = { kind: "Field", name, args: parseArgs(), directives: parseDirectives(), loc };
      if (alias !== undefined) field.alias = alias;
      if (isPunct("{")) field.selections = parseSelections();
      selections.push(field);
    }
    pos++;
    if (selections.length === 0) fail(tokens[pos - 1]!);
    return selections;
  };

  const parseType = (): TypeNode => {
    let type: TypeNode;
    if (isPunct("[")) {
      pos++;
      type = { kind: "List", of: parseType() };
      expectPunct("]");
    } else {
      type = { kind: "Named", name: expectName() };
    }
    if (isPunct("!")) {
      pos++;
      return { kind: "NonNull", of: type };
    }
    return type;
  };

  const document: Document = { operations: [], fragments: new Map() };
  while (peek().kind !== "eof") {
    const token = peek();
    if (isPunct("{")) {
      document.operations.push({ kind: "Operation", operation: "query", variables: [], selections: parseSelections(), loc: token.loc });
      continue;
    }
    const keyword = expectName();
    if (keyword === "fragment") {
      const name = expectName();
      if (expectName() !== "on") fail(tokens[pos - 1]!);
      const typeCondition = expectName();
      parseDirectives();
      document.fragments.set(name, { kind: "Fragment", name, typeCondition, selections: parseSelections(), loc: token.loc });
      continue;
    }
    if (keyword !== "query" && keyword !== "mutation" && keyword !== "subscription") fail(token);
    const operation: OperationNode = { kind: "Operation", operation: keyword as OperationNode["operation"], variables: [], selections: [], loc: token.loc };
    if (peek().kind === "name") operation.name = expectName();
    if (isPunct("(")) {
      pos++;
      while (!isPunct(")")) {
        const loc = peek().loc;
        expectPunct("$");
        const name = expectName();
        expectPunct(":");
        const type = parseType();
        const variable: OperationNode["variables"][number] = { name, type, loc };
        if (isPunct("=")) {
          pos++;
          variable.defaultValue = parseValue(true);
        }
        operation.variables.push(variable);
      }
      pos++;
    }
    parseDirectives();
    operation.selections = parseSelections();
    document.operations.push(operation);
  }
  return document;
}
