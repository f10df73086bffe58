/** The shape of the simulated GraphQL schema: types described as data, resolvers as functions. */
import type { TypeNode } from "./parse.js";

/** A resolver failure that becomes a GraphQL error entry (`type` as GitHub reports it) and a null. */
export class FieldError extends Error {
  constructor(
    readonly type: "NOT_FOUND" | "FORBIDDEN" | "UNPROCESSABLE",
    message: string,
  ) {
    super(message);
  }
}

export type Resolver<C> = (parent: unknown, args: Record<string, unknown>, ctx: C) => unknown;

export interface FieldDef<C> {
  /** SDL type, e.g. `String!`, `[PullRequestReviewThread]`. */
  type: string;
  /** Argument name → SDL type; `Int = 30`-style defaults go in `defaults`. */
  args?: Record<string, string>;
  defaults?: Record<string, unknown>;
  /** Defaults to reading the property of the same name. */
  resolve?: Resolver<C>;
}

export type TypeDef<C> =
  | { kind: "OBJECT"; fields: Record<string, FieldDef<C>>; interfaces?: string[] }
  | { kind: "INTERFACE" | "UNION"; fields: Record<string, FieldDef<C>>; possibleTypes: string[]; resolveType: (value: unknown) => string }
  | { kind: "ENUM"; values: string[] }
  | { kind: "INPUT_OBJECT"; fields: Record<string, string> }
  | { kind: "SCALAR"; accepts: (value: unknown) => boolean };

export interface Schema<C> {
  types: Record<string, TypeDef<C>>;
  query: string;
  mutation: string;
}

export function parseTypeRef(sdl: string): TypeNode {
  const text = sdl.trim();
  if (text.endsWith("!")) return { kind: "NonNull", of: parseTypeRef(text.slice(0, -1)) };
  if (text.startsWith("[") && text.endsWith("]")) return { kind: "List", of: parseTypeRef(text.slice(1, -1)) };
  return { kind: "Named", name: text };
}

export function namedType(type: TypeNode): string {
  return type.kind === "Named" ? type.name : namedType(type.of);
}

export function printType(type: TypeNode): string {
  if (type.kind === "Named") return type.name;
  return type.kind === "List" ? `[${printType(type.of)}]` : `${printType(type.of)}!`;
}

export const SCALARS = {
  String: (v: unknown) => typeof v === "string",
  ID: (v: unknown) => typeof v === "string" || (typeof v === "number" && Number.isInteger(v)),
  Int: (v: unknown) => typeof v === "number" && Number.isInteger(v),
  Float: (v: unknown) => typeof v === "number",
  Boolean: (v: unknown) => typeof v === "boolean",
  GitObjectID: (v: unknown) => typeof v === "string" && /^[0-9a-f]{40}$/.test(v),
  URI: (v: unknown) => typeof v === "string",
  DateTime: (v: unknown) => typeof v === "string",
  HTML: (v: unknown) => typeof v === "string",
};
