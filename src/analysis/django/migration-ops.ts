/**
 * What the migration rules (DJP2xx) share: the analysed migration's operations as syntax nodes paired
 * with their facts, whether each operation's table already exists (migration history + the change's
 * added files), and the database the project runs on.
 */
import type { SyntaxNode } from "../parser.js";
import type { ParsedFile } from "../source-file.js";
import type { ProjectIndex } from "../index/types.js";
import type { MigrationFacts, OperationFact } from "../index/migrations/facts.js";
import type { TableAnswer } from "../index/migrations/history.js";
import { operationFactOf } from "../index/migrations/extract.js";
import { classAssignments, operationNodes } from "../index/migrations/syntax.js";
import { opString } from "../index/migrations/operations.js";
import { databaseEngine, vendorOfEngine } from "../index/settings/accessors.js";

export interface MigrationOp {
  node: SyntaxNode;
  fact: OperationFact;
  /** Position in `operations` (the history replays the ones before it). */
  index: number;
}

export interface MigrationView {
  file: ParsedFile;
  cls: SyntaxNode;
  list: SyntaxNode;
  ops: MigrationOp[];
  /** The `atomic = …` assignment in the class, if written. */
  atomicNode?: SyntaxNode;
  /** `atomic = False` is written (Django's default is True). */
  nonAtomic: boolean;
  facts?: MigrationFacts;
}

export function migrationView(file: ParsedFile, index: ProjectIndex): MigrationView | undefined {
  const found = operationNodes(file.tree.rootNode);
  if (!found) return undefined;
  const atomicNode = classAssignments(found.cls).get("atomic");
  const facts = index.migrations.migration(file.path);
  return {
    file,
    cls: found.cls,
    list: found.list,
    ops: found.items.map((node, i) => ({ node, fact: operationFactOf(node), index: i })),
    ...(atomicNode ? { atomicNode } : {}),
    nonAtomic: atomicNode?.text === "False",
    ...(facts ? { facts } : {}),
  };
}

/** The model an operation names (`model_name=` or `name=`), lower-case. */
export function operationModel(op: OperationFact): string | undefined {
  return (opString(op, "model_name") ?? opString(op, "name"))?.toLowerCase();
}

/** Is the operation's table new (made by this migration or the change), existing, or unknown? */
export function tableOf(view: MigrationView, index: ProjectIndex, op: MigrationOp, model: string): TableAnswer {
  return index.migrations.table(view.file.path, op.index, model);
}

/** The called name node of an operation (`migrations.AddIndex`), a tidy anchor for its finding. */
export function operationAnchor(op: MigrationOp): SyntaxNode {
  return op.node.childForFieldName("function") ?? op.node;
}

export type Vendor = "postgresql" | "mysql" | "sqlite3" | "oracle" | "other" | "unknown";

export interface DatabaseFacts {
  vendor: Vendor;
  /** django-pg-zero-downtime-migrations is the ENGINE: it rewrites index/constraint DDL safely. */
  zeroDowntime: boolean;
  /** How the vendor was learnt, for messages (`DATABASES ENGINE`, `psycopg in requirements`). */
  source?: string;
}

/**
 * The default database's vendor: the ENGINE when literal (or a database-URL default), else PostgreSQL
 * when a PostgreSQL driver is a dependency, else unknown.
 */
export function databaseFacts(index: ProjectIndex): DatabaseFacts {
  const engine = databaseEngine(index.settings.effective("DATABASES"));
  if (engine.backend) {
    const vendor = (vendorOfEngine(engine.backend) as Vendor | undefined) ?? "other";
    return { vendor, zeroDowntime: /zero_downtime/i.test(engine.backend), source: "DATABASES ENGINE" };
  }
  if (engine.defaultVendor) return { vendor: (vendorOfEngine(engine.defaultVendor) as Vendor | undefined) ?? "other", zeroDowntime: false, source: "database URL default" };
  const driver = ["psycopg", "psycopg2", "psycopg2-binary"].find((p) => index.versions.package(p));
  if (driver) return { vendor: "postgresql", zeroDowntime: false, source: `${driver} in the requirements` };
  return { vendor: "unknown", zeroDowntime: false };
}

/** Index operations: the only ones a migration may hold when it is made non-atomic for a concurrent build. */
export const INDEX_OPERATIONS: ReadonlySet<string> = new Set(["AddIndex", "RemoveIndex", "AddIndexConcurrently", "RemoveIndexConcurrently"]);
