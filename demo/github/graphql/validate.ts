/**
 * Static validation of a GraphQL operation against the schema, the checks GitHub's endpoint makes
 * before running anything: unknown fields and arguments, missing required arguments, literal and
 * variable types, selections on leaves, fragment conditions, unused variables and fragments.
 */
import type { Directive, Document, Location, OperationNode, SelectionNode, TypeNode, ValueNode, Argument } from "./parse.js";
import { namedType, parseTypeRef, printType, type FieldDef, type Schema, type TypeDef } from "./types.js";

export interface GraphqlError {
  message: string;
  locations?: Location[];
  path?: (string | number)[];
  type?: string;
  extensions?: Record<string, unknown>;
}

export function fieldsOf<C>(type: TypeDef<C> | undefined): Record<string, FieldDef<C>> | undefined {
  return type && (type.kind === "OBJECT" || type.kind === "INTERFACE" || type.kind === "UNION") ? type.fields : undefined;
}

export function possibleTypes<C>(schema: Schema<C>, name: string): string[] {
  const type = schema.types[name];
  return type && (type.kind === "INTERFACE" || type.kind === "UNION") ? type.possibleTypes : [name];
}

export function validate<C>(schema: Schema<C>, document: Document, operation: OperationNode): GraphqlError[] {
  const errors: GraphqlError[] = [];
  const opLabel = operation.name ?? `anonymous ${operation.operation}`;
  const declared = new Map(operation.variables.map((v) => [v.name, v]));
  const used = new Set<string>();
  const usedFragments = new Set<string>();

  const checkValue = (value: ValueNode, type: TypeNode, where: string, loc: Location) => {
    if (value.kind === "Variable") {
      used.add(value.name);
      const variable = declared.get(value.name);
      if (!variable) return void errors.push({ message: `Variable $${value.name} is used by ${opLabel} but not declared`, locations: [loc], extensions: { code: "variableNotDefined" } });
      const expected = printType(type);
      const given = printType(variable.type);
      if (namedType(variable.type) !== namedType(type)) errors.push({ message: `Type mismatch on variable $${value.name} and argument ${where} (${given} / ${expected})`, locations: [loc] });
      else if (type.kind === "NonNull" && variable.type.kind !== "NonNull" && !variable.defaultValue) errors.push({ message: `Nullability mismatch on variable $${value.name} and argument ${where} (${given} / ${expected})`, locations: [loc] });
      return;
    }
    const problem = literalProblem(schema, value, type, checkValue, where, loc);
    if (problem) errors.push({ message: `Argument '${where}' has an invalid value (${printValue(value)}). Expected type '${printType(type)}'.${problem === true ? "" : ` ${problem}`}`, locations: [loc], extensions: { code: "argumentLiteralsIncompatible" } });
  };

  const checkArgs = (defs: Record<string, string>, args: Argument[], owner: string, loc: Location, defaults: Record<string, unknown> = {}) => {
    for (const arg of args) {
      const sdl = defs[arg.name];
      if (!sdl) errors.push({ message: `${owner} doesn't accept argument '${arg.name}'`, locations: [arg.loc], extensions: { code: "argumentNotAccepted", name: owner, argumentName: arg.name } });
      else checkValue(arg.value, parseTypeRef(sdl), arg.name, arg.loc);
    }
    const missing = Object.entries(defs).filter(([name, sdl]) => sdl.endsWith("!") && !(name in defaults) && !args.some((a) => a.name === name)).map(([name]) => name);
    if (missing.length > 0) errors.push({ message: `${owner} is missing required arguments: ${missing.join(", ")}`, locations: [loc], extensions: { code: "missingRequiredArguments", arguments: missing.join(", ") } });
  };

  const checkDirectives = (directives: Directive[], loc: Location) => {
    for (const d of directives) {
      if (d.name !== "include" && d.name !== "skip") errors.push({ message: `Directive @${d.name} is not defined`, locations: [loc] });
      else checkArgs({ if: "Boolean!" }, d.args, `Directive '@${d.name}'`, loc);
    }
  };

  const walk = (typeName: string, selections: SelectionNode[], path: string[]) => {
    const fields = fieldsOf(schema.types[typeName]) ?? {};
    for (const selection of selections) {
      checkDirectives(selection.directives, selection.loc);
      if (selection.kind === "FragmentSpread") {
        usedFragments.add(selection.name);
        const fragment = document.fragments.get(selection.name);
        if (!fragment) errors.push({ message: `Fragment ${selection.name} was used, but not defined`, locations: [selection.loc] });
        else if (checkCondition(fragment.typeCondition, typeName, selection.loc)) walk(fragment.typeCondition, fragment.selections, [...path, `...${selection.name}`]);
        continue;
      }
      if (selection.kind === "InlineFragment") {
        const condition = selection.typeCondition ?? typeName;
        if (checkCondition(condition, typeName, selection.loc)) walk(condition, selection.selections, [...path, `... on ${condition}`]);
        continue;
      }
      const fieldPath = [...path, selection.alias ?? selection.name];
      if (selection.name === "__typename") continue;
      const def = fields[selection.name];
      if (!def) {
        errors.push({ message: `Field '${selection.name}' doesn't exist on type '${typeName}'`, locations: [selection.loc], path: fieldPath, extensions: { code: "undefinedField", typeName, fieldName: selection.name } });
        continue;
      }
      checkArgs(def.args ?? {}, selection.args, `Field '${selection.name}'`, selection.loc, def.defaults);
      const returns = namedType(parseTypeRef(def.type));
      const composite = fieldsOf(schema.types[returns]) !== undefined;
      if (composite && !selection.selections) {
        errors.push({ message: `Field must have selections (field '${selection.name}' returns ${returns} but has no selections. Did you mean '${selection.name} { ... }'?)`, locations: [selection.loc], path: fieldPath });
      } else if (!composite && selection.selections) {
        errors.push({ message: `Selections can't be made on scalars (field '${selection.name}' returns ${returns} but has selections)`, locations: [selection.loc], path: fieldPath });
      } else if (selection.selections) {
        walk(returns, selection.selections, fieldPath);
      }
    }
  };

  const checkCondition = (condition: string, parent: string, loc: Location): boolean => {
    if (!fieldsOf(schema.types[condition])) {
      errors.push({ message: `No such type ${condition}, so it can't be a fragment condition`, locations: [loc] });
      return false;
    }
    const overlap = possibleTypes(schema, condition).some((t) => possibleTypes(schema, parent).includes(t));
    if (!overlap) errors.push({ message: `Fragment on ${condition} can't be spread inside ${parent}`, locations: [loc] });
    return overlap;
  };

  for (const variable of operation.variables) {
    if (!schema.types[namedType(variable.type)]) errors.push({ message: `${namedType(variable.type)} isn't a defined input type (on $${variable.name})`, locations: [variable.loc] });
  }
  walk(operation.operation === "mutation" ? schema.mutation : schema.query, operation.selections, [operation.operation]);
  for (const variable of operation.variables) {
    if (!used.has(variable.name)) errors.push({ message: `Variable $${variable.name} is declared by ${opLabel} but not used`, locations: [variable.loc], extensions: { code: "variableNotUsed" } });
  }
  for (const name of document.fragments.keys()) {
    if (!usedFragments.has(name)) errors.push({ message: `Fragment ${name} was defined, but not used`, locations: [document.fragments.get(name)!.loc] });
  }
  return errors;
}

/** Why a literal does not fit a type (true: no detail), or undefined when it fits. */
function literalProblem<C>(schema: Schema<C>, value: ValueNode, type: TypeNode, checkValue: (v: ValueNode, t: TypeNode, where: string, loc: Location) => void, where: string, loc: Location): string | true | undefined {
  if (value.kind === "Variable") {
    checkValue(value, type, where, loc);
    return undefined;
  }
  if (type.kind === "NonNull") return value.kind === "Null" ? true : literalProblem(schema, value, type.of, checkValue, where, loc);
  if (value.kind === "Null") return undefined;
  if (type.kind === "List") {
    const items = value.kind === "List" ? value.values : [value];
    for (const item of items) {
      const problem = literalProblem(schema, item, type.of, checkValue, where, loc);
      if (problem) return problem;
    }
    return undefined;
  }
  const def = schema.types[type.name];
  if (!def) return true;
  switch (def.kind) {
    case "ENUM":
      return value.kind === "Enum" && def.values.includes(value.value) ? undefined : `Expected one of ${def.values.join(", ")}.`;
    case "SCALAR":
      return def.accepts(literalToJs(value)) && value.kind !== "Enum" ? undefined : true;
    case "INPUT_OBJECT": {
      if (value.kind !== "Object") return true;
      for (const field of value.fields) {
        const sdl = def.fields[field.name];
        if (!sdl) return `Field '${field.name}' is not defined on ${type.name}.`;
        const problem = literalProblem(schema, field.value, parseTypeRef(sdl), checkValue, `${where}.${field.name}`, loc);
        if (problem) return problem;
      }
      const missing = Object.entries(def.fields).filter(([name, sdl]) => sdl.endsWith("!") && !value.fields.some((f) => f.name === name));
      return missing.length > 0 ? `Missing required field${missing.length > 1 ? "s" : ""} ${missing.map(([n]) => n).join(", ")}.` : undefined;
    }
    default:
      return true;
  }
}

export function literalToJs(value: ValueNode, variables: Record<string, unknown> = {}): unknown {
  switch (value.kind) {
    case "Variable":
      return variables[value.name];
    case "Int":
    case "Float":
    case "String":
    case "Boolean":
    case "Enum":
      return value.value;
    case "Null":
      return null;
    case "List":
      return value.values.map((v) => literalToJs(v, variables));
    case "Object":
      return Object.fromEntries(value.fields.map((f) => [f.name, literalToJs(f.value, variables)]));
  }
}

function printValue(value: ValueNode): string {
  return value.kind === "String" ? JSON.stringify(value.value) : JSON.stringify(literalToJs(value));
}

/** Checks provided variables against their declared types (`Variable $id of type ID! was provided invalid value`). */
export function coerceVariables<C>(schema: Schema<C>, operation: OperationNode, provided: Record<string, unknown>, errors: GraphqlError[]): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const variable of operation.variables) {
    const value = variable.name in provided ? provided[variable.name] : variable.defaultValue ? literalToJs(variable.defaultValue) : undefined;
    if (!fitsType(schema, value, variable.type)) {
      errors.push({ message: `Variable $${variable.name} of type ${printType(variable.type)} was provided invalid value`, locations: [variable.loc], extensions: { value: value ?? null, problems: [{ path: [], explanation: `Expected value of type ${printType(variable.type)}` }] } });
    }
    values[variable.name] = value;
  }
  return values;
}

function fitsType<C>(schema: Schema<C>, value: unknown, type: TypeNode): boolean {
  if (type.kind === "NonNull") return value !== null && value !== undefined && fitsType(schema, value, type.of);
  if (value === null || value === undefined) return true;
  if (type.kind === "List") return (Array.isArray(value) ? value : [value]).every((v) => fitsType(schema, v, type.of));
  const def = schema.types[type.name];
  if (!def) return false;
  if (def.kind === "SCALAR") return def.accepts(value);
  if (def.kind === "ENUM") return typeof value === "string" && def.values.includes(value);
  if (def.kind !== "INPUT_OBJECT" || typeof value !== "object") return false;
  const record = value as Record<string, unknown>;
  return Object.keys(record).every((k) => k in def.fields) && Object.entries(def.fields).every(([name, sdl]) => fitsType(schema, record[name], parseTypeRef(sdl)));
}
