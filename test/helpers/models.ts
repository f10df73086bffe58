/**
 * Hand-built ProjectIndex objects for unit tests that must not depend on the index builder, plus
 * small helpers to parse a snippet and find nodes in it.
 */
import { buildCacheKeyIndex } from "../../src/analysis/index/cache-keys.js";
import { NO_UPLOAD_CAPS } from "../../src/analysis/index/upload-caps.js";
import { emptyDrfIndex } from "../../src/analysis/index/drf/build.js";
import { buildMigrationHistory } from "../../src/analysis/index/migrations/history.js";
import { emptyCeleryIndex } from "../../src/analysis/index/celery.js";
import { NO_LOOKUP_STATS } from "../../src/analysis/index/lookup-stats.js";
import { buildSettingsIndex } from "../../src/analysis/index/settings/index.js";
import { buildVersions } from "../../src/analysis/index/versions.js";
import type { SyntaxNode } from "../../src/analysis/parser.js";
import type { ParsedFile } from "../../src/analysis/source-file.js";
import type {
  FieldInfo,
  FieldKind,
  ManagerInfo,
  ModelInfo,
  ProjectIndex,
  ReverseRelation,
} from "../../src/analysis/index/types.js";
import { parseFile } from "../../src/pipeline/run-analysis.js";
import { createDjangoFacts } from "../../src/analysis/django/facts.js";
import type { DjangoFacts } from "../../src/analysis/django/types.js";

export interface FieldSpec {
  kind?: FieldKind;
  /** Qualified name (`shop.models.Customer`) of the target model, for relations. */
  target?: string;
  relatedName?: string;
  nullable?: boolean;
  fieldClass?: string;
}

export interface ModelSpec {
  name: string;
  module: string;
  appLabel?: string;
  fields?: Record<string, FieldSpec>;
  managers?: Record<string, Partial<ManagerInfo>>;
  autoPrefetch?: boolean;
  isAbstract?: boolean;
}

const DEFAULT_FIELD_CLASS: Record<FieldKind, string> = {
  fk: "ForeignKey",
  o2o: "OneToOneField",
  m2m: "ManyToManyField",
  "generic-fk": "GenericForeignKey",
  "generic-relation": "GenericRelation",
  concrete: "CharField",
};

/** A valid ProjectIndex for the given models, with reverse accessors computed the way Django names them. */
export function makeIndex(specs: ModelSpec[], extra: { authUserModel?: string } = {}): ProjectIndex {
  const models = new Map<string, ModelInfo>();
  for (const spec of specs) {
    const qualifiedName = `${spec.module}.${spec.name}`;
    const appLabel = spec.appLabel ?? spec.module.split(".").slice(-2, -1)[0] ?? spec.module;
    const fields = new Map<string, FieldInfo>();
    for (const [name, f] of Object.entries(spec.fields ?? {})) {
      const kind = f.kind ?? "concrete";
      fields.set(name, {
        name,
        fieldClass: f.fieldClass ?? DEFAULT_FIELD_CLASS[kind],
        kind,
        kwargs: f.nullable ? { null: "True" } : {},
        ...(f.target ? { target: { resolved: true as const, model: f.target } } : {}),
        ...(f.relatedName !== undefined ? { relatedName: f.relatedName } : {}),
        nullable: f.nullable ?? false,
        declaredOn: qualifiedName,
        path: modulePath(spec.module),
        line: 1,
      });
    }
    const managers = new Map<string, ManagerInfo>();
    for (const [name, m] of Object.entries(spec.managers ?? {})) {
      managers.set(name, { name, eagerLoads: [], selectsAllRelated: false, ...m });
    }
    models.set(qualifiedName, {
      name: spec.name,
      qualifiedName,
      module: spec.module,
      appLabel,
      path: modulePath(spec.module),
      line: 1,
      bases: ["models.Model"],
      resolvedBases: [],
      isAbstract: spec.isAbstract ?? false,
      isProxy: false,
      complete: true,
      fields,
      reverse: new Map(),
      managers,
      meta: { indexes: [] },
      overridesSave: false,
      tracking: [],
      methods: new Set(),
      properties: new Set(),
      autoPrefetch: spec.autoPrefetch ?? false,
    });
  }
  for (const model of models.values()) {
    for (const field of model.fields.values()) addReverse(models, model, field);
  }

  const resolveModelLabel = (label: string, fromModule: string): string | undefined => {
    const dot = label.lastIndexOf(".");
    if (dot < 0) {
      const local = models.get(`${fromModule}.${label}`);
      if (local) return local.qualifiedName;
      const named = [...models.values()].filter((m) => m.name === label);
      return named.length === 1 ? named[0]?.qualifiedName : undefined;
    }
    const app = label.slice(0, dot).toLowerCase();
    const name = label.slice(dot + 1).toLowerCase();
    const hits = [...models.values()].filter((m) => m.appLabel.toLowerCase() === app && m.name.toLowerCase() === name);
    return hits.length === 1 ? hits[0]?.qualifiedName : undefined;
  };
  // Exact names, or a package re-export (`shop.models.Order` for `shop.models.orders.Order`).
  const resolveQualified = (dotted: string): string | undefined => {
    if (models.has(dotted)) return dotted;
    const dot = dotted.lastIndexOf(".");
    const pkg = dotted.slice(0, dot);
    const name = dotted.slice(dot + 1);
    const hits = [...models.values()].filter((m) => m.name === name && m.module.startsWith(`${pkg}.`));
    return hits.length === 1 ? hits[0]?.qualifiedName : undefined;
  };

  return {
    cacheKeys: buildCacheKeyIndex([], false),
    uploadCaps: NO_UPLOAD_CAPS,
    settings: buildSettingsIndex([], []),
    versions: buildVersions([]),
    models,
    classes: new Set(models.keys()),
    modules: new Set([...models.values()].map((m) => m.module)),
    modelsWithSaveSignals: new Set(),
    globalSaveReceivers: [],
    celery: emptyCeleryIndex(),
    drf: emptyDrfIndex(),
    migrations: buildMigrationHistory({ migrations: [] }),
    lookups: NO_LOOKUP_STATS,
    ...(extra.authUserModel ? { authUserModel: extra.authUserModel, userModel: extra.authUserModel } : {}),
    resolveModelLabel,
    resolveQualified,
    notes: [],
  };
}

function addReverse(models: Map<string, ModelInfo>, from: ModelInfo, field: FieldInfo): void {
  if (field.kind !== "fk" && field.kind !== "o2o" && field.kind !== "m2m") return;
  if (!field.target?.resolved) return;
  const target = models.get(field.target.model);
  if (!target || field.relatedName?.endsWith("+")) return;
  const lower = from.name.toLowerCase();
  const accessor = field.relatedName ?? (field.kind === "o2o" ? lower : `${lower}_set`);
  const kind: ReverseRelation["kind"] = field.kind === "fk" ? "reverse-fk" : field.kind === "o2o" ? "reverse-o2o" : "reverse-m2m";
  target.reverse.set(accessor, { accessor, kind, fromModel: from.qualifiedName, fromField: field.name });
}

function modulePath(module: string): string {
  return `${module.replace(/\./g, "/")}.py`;
}

export function parsedFile(path: string, text: string): ParsedFile {
  return parseFile(path, text);
}

/** Facts for a snippet analysed at `path` against `index`. */
export function factsFor(path: string, text: string, index: ProjectIndex): DjangoFacts {
  return createDjangoFacts(parsedFile(path, text), index);
}

/**
 * The `nth` (0-based) node whose text is exactly `snippet` (optionally of a given type), in source
 * order. Occurrences inside longer tokens (`Inv` in `Invoice`) do not count. Throws when absent, so a
 * typo fails the test loudly.
 */
export function nodeAt(file: ParsedFile, snippet: string, opts: { nth?: number; type?: string } = {}): SyntaxNode {
  let seen = 0;
  for (let offset = file.text.indexOf(snippet); offset >= 0; offset = file.text.indexOf(snippet, offset + 1)) {
    const node = exactNode(file, offset, snippet, opts.type);
    if (!node) continue;
    if (seen === (opts.nth ?? 0)) return node;
    seen++;
  }
  throw new Error(`no ${opts.type ?? "node"} #${opts.nth ?? 0} spans ${JSON.stringify(snippet)}`);
}

function exactNode(file: ParsedFile, offset: number, snippet: string, type: string | undefined): SyntaxNode | undefined {
  const start = pointAt(file.text, offset);
  const end = pointAt(file.text, offset + snippet.length);
  let node: SyntaxNode | null = file.tree.rootNode.namedDescendantForPosition(start, end);
  while (node && node.text.length <= snippet.length) {
    const sameStart = node.startPosition.row === start.row && node.startPosition.column === start.column;
    if (sameStart && node.text === snippet && (type === undefined || node.type === type)) return node;
    node = node.parent;
  }
  return undefined;
}

function pointAt(text: string, offset: number): { row: number; column: number } {
  const before = text.slice(0, offset);
  const row = before.split("\n").length - 1;
  return { row, column: offset - (before.lastIndexOf("\n") + 1) };
}

/** An app's initial migration creating each named model with an `id` and a nullable `name` column. */
export function initialMigration(models: readonly string[]): string {
  return `from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True
    dependencies = []

    operations = [
${models.map((m) => `        migrations.CreateModel(name="${m}", fields=[("id", models.AutoField(primary_key=True)), ("name", models.CharField(max_length=50, null=True))]),`).join("\n")}
    ]
`;
}
