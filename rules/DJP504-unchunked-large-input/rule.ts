/**
 * DJP504 unchunked-large-input: a whole input loaded into memory at once where it could be streamed:
 * (a) pandas `read_csv` / `read_table` / `read_json` without `chunksize` / `nrows` / `iterator`;
 * (b) `.read()` / `.readlines()` on an uploaded file, `list(csv.reader(...))`, openpyxl workbooks
 * loaded without `read_only=True`; (c, info) in a job, a loop over a whole table's queryset without
 * `.iterator()`.
 */
import type { SyntaxNode } from "../../src/analysis/parser.js";
import type { RuleContext } from "../../src/analysis/rule.js";
import { defineRule } from "../../src/analysis/rule.js";
import { attributeName, classOfMethod, enclosingFunction, isWithin, keywordArg, positionalArgs, sameNode, unwrapParens } from "../../src/analysis/django/syntax.js";
import { methodCallOf } from "../../src/analysis/django/evaluation.js";
import type { QuerySetInfo } from "../../src/analysis/django/types.js";
import { codeSpan, shortSource } from "../../src/analysis/markdown-safe.js";
import { sizeCapped } from "./size-cap.js";
import { serializerHookField } from "./serializer-upload.js";
import { storedWhole } from "./stored-whole.js";
import { readsFixedFile } from "./fixed-file.js";
import { retainsEveryRow } from "./retained-rows.js";
import { handRunReason, scheduledReason } from "../../src/analysis/django/command-schedule.js";
import { lastAssignedValue, slowCallOf } from "../../src/analysis/django/slow-calls.js";
import { isAdminTreePath, isScriptPath } from "../../src/analysis/code-kind.js";
import type { Impact } from "../../src/analysis/finding.js";
import { WHOLE_DOCUMENT_PARSERS } from "../../src/analysis/django/upload-size.js";
import { DJANGO_SINCE, djangoLacks } from "../../src/analysis/django/version-advice.js";

const PANDAS_READERS = new Set(["pandas.read_csv", "pandas.read_table", "pandas.read_json"]);
const STREAMING_KEYWORDS = ["chunksize", "nrows", "iterator"];
const WHOLE_READS = new Set(["read", "readlines"]);
const CSV_READERS = new Set(["csv.reader", "csv.DictReader", "unicodecsv.reader", "unicodecsv.DictReader"]);
const MATERIALISERS = new Set(["list", "tuple"]);
/** Filters that keep an open-ended part of the table when all their lookups are ranges (see onlyRangeLookups). */
const CUTOFF_CALLS = new Set(["filter", "exclude"]);
const RANGE_LOOKUP = /^(\w+?)__(lt|lte|gt|gte)$/;
const DATE_FIELDS = /^(DateTimeField|DateField|AutoCreatedField|AutoLastModifiedField|CreationDateTimeField|ModificationDateTimeField)$/;
/** QuerySet methods that keep the whole table: no filtering, no bounding, no streaming. */
const WHOLE_TABLE_CALLS = new Set(["all", "order_by", "select_related", "prefetch_related", "only", "defer", "using", "annotate", "distinct"]);

export default defineRule({
  id: "DJP504",
  name: "unchunked-large-input",
  category: "bulk",
  status: "preview",
  level: "warn",
  confidence: "medium",
  fix: "never",
  target: "python",
  reportsApplicability: true,
  summary: "A whole file, upload or table is loaded into memory at once where it could be read in chunks.",
  messages: {
    pandas:
      "{{call}} parses the whole file into one DataFrame before anything else happens: memory grows with the file, and a large import can exhaust the worker. Read it in chunks and write each one in bulk: `for chunk in pd.read_csv(path, chunksize=1000):`.",
    upload:
      "{{call}} reads the whole uploaded file into memory at once: every concurrent upload costs its full size in RAM (Django had spooled large ones to disk). Stream it: `for chunk in upload.chunks():`, or for CSV `csv.reader(io.TextIOWrapper(upload, encoding=\"utf-8\"))`; a zip archive needs random access: hand the uploaded file itself to `zipfile.ZipFile(upload)` instead of its bytes.",
    zipUpload:
      "{{call}} reads the whole uploaded file into memory to open it as a zip archive from the bytes: every concurrent upload costs its full size in RAM (Django had spooled large ones to disk). A zip needs random access, not a stream, and an uploaded file is seekable: hand it to `zipfile.ZipFile(upload)` itself instead of `io.BytesIO(upload.read())`.",
    workbookUpload:
      "{{call}} reads the whole uploaded file into memory to open it as a workbook (`{{parser}}`). Streaming it in chunks is no option (the parser needs the whole file), but the copy of its bytes can go: open the upload itself (`openpyxl.load_workbook(upload, read_only=True)`, `pd.read_excel(upload)`), or the file Django spooled to disk (`xlrd.open_workbook(upload.temporary_file_path())` for a `TemporaryUploadedFile`), and cap the upload's size.",
    csvList:
      "{{call}} builds a list of every row of the CSV before using any: memory grows with the file. Iterate the reader directly (`for row in reader:`), or take batches with `itertools.islice(reader, 1000)`.",
    workbook:
      "{{call}} loads the whole workbook (every cell, with styles) into memory. Pass `read_only=True` to stream the rows (`ws.iter_rows(values_only=True)`).",
    cutoff:
      "The loop over {{qs}} loads every {{model}} row on one side of a cutoff into memory before the first iteration (a QuerySet caches its whole result): that is the table's whole history before (or since) a date, and it grows with the table. {{stream}}",
    wholeTable:
      "The loop over {{qs}} loads every {{model}} row into memory before the first iteration (a QuerySet caches its whole result), and the table grows. {{stream}}",
  },
  check(ctx) {
    const calls = ctx.django.nodesOfType("call");
    // `test` is a property of the file's path (the same for every node): asked once, not per call.
    const testFile = calls.length > 0 && ctx.django.contextOf(calls[0]!).test;
    for (const call of testFile ? [] : calls) {
      // Each check claims the calls of its kind; the first that does ends the search.
      for (const claims of CHECKS) {
        if (!claims(ctx, call)) continue;
        // A read of a file, an upload or a workbook: something this rule examines, whatever the verdict.
        ctx.applies();
        break;
      }
    }
    checkWholeTableLoops(ctx);
  },
});

const CHECKS: readonly ((ctx: RuleContext, call: SyntaxNode) => boolean)[] = [checkPandas, checkUploadRead, checkCsvList, checkWorkbook];

/**
 * A script under `scripts/` reads its file once, by hand, while someone watches; an admin module reads
 * what a member of staff uploads now and then (rotation set 5: one-off spreadsheet scripts, an admin
 * e-mail list import); so does a management command run by hand (command-schedule.ts). The finding
 * stays, at info with the reason.
 */
function byHand(ctx: RuleContext): { impact?: Impact } {
  if (isScriptPath(ctx.file.path)) return { impact: { level: "low", reason: "the file is a script under `scripts/`, run by hand" } };
  if (isAdminTreePath(ctx.file.path)) return { impact: { level: "low", reason: "the file is an admin module, used by staff now and then" } };
  // A management command nothing schedules (rotation set 11): it reads its file once per run, by hand.
  const command = handRunReason(ctx.index, ctx.file, ctx.django);
  return command ? { impact: { level: "low", reason: command } } : {};
}

function dottedCallee(ctx: RuleContext, call: SyntaxNode): string | undefined {
  const fn = call.childForFieldName("function");
  return fn && (fn.type === "identifier" || fn.type === "attribute") ? ctx.django.qualifiedName(fn) : undefined;
}

function spanOf(call: SyntaxNode): string {
  return codeSpan(shortSource(call.text));
}

/** (a) pandas readers without chunksize / nrows / iterator. */
function checkPandas(ctx: RuleContext, call: SyntaxNode): boolean {
  if (!PANDAS_READERS.has(dottedCallee(ctx, call) ?? "")) return false;
  const args = call.childForFieldName("arguments");
  if (args?.namedChildren.some((a) => a.type === "dictionary_splat")) return true;
  if (STREAMING_KEYWORDS.some((k) => keywordArg(args, k) !== undefined)) return true;
  ctx.report({ node: call, messageId: "pandas", data: { call: spanOf(call) }, ...byHand(ctx) });
  return true;
}

/** (b) `.read()` / `.readlines()` on an uploaded file. */
function checkUploadRead(ctx: RuleContext, call: SyntaxNode): boolean {
  const m = methodCallOf(call);
  if (!m || !WHOLE_READS.has(m.name)) return false;
  // `upload.read(1024)` reads a bounded piece.
  if (positionalArgs(m.args).length > 0 || keywordArg(m.args, "size") !== undefined) return false;
  const source = uploadSource(ctx, m.object, 0);
  if (!source) return false;
  if (feedsWholeDocumentParser(ctx, call) || sizeCapped(ctx.django, call, m.object, source) || storedWhole(ctx.django, call)) return true;
  // A workbook parser needs the whole file as well: only the copy of its bytes is extra (info, no chunks advice).
  const workbook = feedsParser(ctx, call, (callee) => WORKBOOK_PARSERS.test(callee));
  if (workbook) {
    const reason = `the bytes go to a workbook parser (\`${workbook}\`), which needs the whole file and holds several times its size itself: the copy adds about one file size per upload`;
    ctx.report({ node: call, messageId: "workbookUpload", data: { call: spanOf(call), parser: workbook }, impact: { level: "low", reason } });
    return true;
  }
  ctx.report({ node: call, messageId: opensZipFromBytes(ctx, call) ? "zipUpload" : "upload", data: { call: spanOf(call) }, ...byHand(ctx) });
  return true;
}

/** `zipfile.ZipFile(io.BytesIO(upload.read()))`, directly or through names, in the read's function. */
function opensZipFromBytes(ctx: RuleContext, read: SyntaxNode): boolean {
  const fn = enclosingFunction(read);
  return ctx.django.nodesOfType("call").some((call) => {
    if ((fn && !isWithin(call, fn)) || !ZIP_OPENERS.has(dottedCallee(ctx, call) ?? "")) return false;
    const first = positionalArgs(call.childForFieldName("arguments"))[0];
    return first !== undefined && holdsRead(ctx, first, read, 0);
  });
}

const ZIP_OPENERS = new Set(["zipfile.ZipFile"]);
const BYTES_WRAPPERS = new Set(["io.BytesIO", "BytesIO.BytesIO", "cStringIO.StringIO", "six.BytesIO"]);

/** The expression is the read, or `io.BytesIO(...)` of it, or a name last assigned either (two steps back). */
function holdsRead(ctx: RuleContext, expr: SyntaxNode, read: SyntaxNode, depth: number): boolean {
  const node = unwrapParens(expr);
  if (sameNode(node, read)) return true;
  if (depth > 2) return false;
  if (node.type === "call" && BYTES_WRAPPERS.has(dottedCallee(ctx, node) ?? "")) {
    const inner = positionalArgs(node.childForFieldName("arguments"))[0];
    return inner !== undefined && holdsRead(ctx, inner, read, depth + 1);
  }
  if (node.type !== "identifier") return false;
  const value = lastAssignedValue(ctx.django, node);
  return value !== undefined && holdsRead(ctx, value, read, depth + 1);
}

/**
 * Formats parsed as one document (JSON, YAML, XML trees) need all their bytes at once: a read that
 * feeds such a parser, directly or through a variable, is the only way to parse them. Project JSON
 * wrappers count too (`from myproject.utils import json` → `myproject.utils.json.loads`), and so do
 * project functions that hand their argument to such a parser (`po_info(data)` → `polib.pofile(data)`).
 */
function feedsWholeDocumentParser(ctx: RuleContext, read: SyntaxNode): boolean {
  return feedsParser(ctx, read, (callee) => WHOLE_DOCUMENT_PARSERS.test(callee) || ctx.index.uploadCaps.parsesWhole(callee)) !== undefined;
}

/**
 * Excel workbook readers (xlrd, openpyxl, pandas' `read_excel`): a workbook is a zip of XML parts (or
 * a BIFF compound file) parsed whole, so no reader streams it from a file-like object in pieces.
 */
const WORKBOOK_PARSERS = /^(xlrd\.open_workbook|openpyxl\.(reader\.excel\.)?load_workbook|pandas\.read_excel|pandas\.ExcelFile|pyexcel(_xlsx?|_xls)?\.\w+)$/;

/** The parser (its qualified name) the read feeds, directly or through a variable, in the read's function. */
function feedsParser(ctx: RuleContext, read: SyntaxNode, isParser: (callee: string) => boolean): string | undefined {
  const fn = enclosingFunction(read);
  const names = new Set<string>();
  let value: SyntaxNode = read;
  // `data = upload.read()`, `content = upload.read().decode("utf-8")`.
  for (let n = read.parent; n && n.type !== "expression_statement" && n.type !== "block"; n = n.parent) {
    if (n.type === "assignment") {
      const left = n.childForFieldName("left");
      if (left?.type === "identifier") names.add(left.text);
      break;
    }
    value = n;
  }
  for (const call of ctx.django.nodesOfType("call")) {
    if (fn && !isWithin(call, fn)) continue;
    const callee = dottedCallee(ctx, call) ?? "";
    if (!isParser(callee)) continue;
    const args = call.childForFieldName("arguments");
    if (!args) continue;
    if (isWithin(read, args) || isWithin(value, args)) return callee;
    if (args.descendantsOfType("identifier").some((id) => names.has(id.text))) return callee;
  }
  return undefined;
}

/**
 * Where uploaded files are read from: `request.FILES`, a form's `cleaned_data`, a DRF serializer's
 * `validated_data` (`serializer.validated_data`, or `create(self, validated_data)`'s parameter).
 */
const UPLOAD_CONTAINER = /(^|\.)(FILES|cleaned_data|validated_data)$/;

/**
 * An uploaded file: `request.FILES[...]` / `.get(...)`, `request.data[...]`, `form.cleaned_data[...]`,
 * `serializer.validated_data[...]`, a DRF serializer hook's file (`validate_<f>(self, value)`,
 * `attrs["f"]` in `validate`: serializer-upload.ts), a parameter annotated `UploadedFile`, or a name
 * last assigned one of those in the same function.
 * Returns the expression the upload was taken from (the parameter itself for an annotated one).
 */
function uploadSource(ctx: RuleContext, expr: SyntaxNode, depth: number): SyntaxNode | undefined {
  const node = unwrapParens(expr);
  if (depth > 3) return undefined;
  const container = uploadContainerOf(node);
  if (container) return UPLOAD_CONTAINER.test(container) || /(^|\.)request\.data$/.test(container) || serializerHookField(node) ? node : undefined;
  if (node.type !== "identifier") return undefined;
  if (serializerHookField(node)) return node;
  const annotated = annotatedParameter(node);
  if (annotated) return /UploadedFile$/.test(annotated) ? node : undefined;
  const value = lastAssignedValue(ctx.django, node);
  return value === undefined ? undefined : uploadSource(ctx, value, depth + 1);
}

/** `X[...]` or `X.get(...)`: the text of X. */
function uploadContainerOf(node: SyntaxNode): string | undefined {
  if (node.type === "subscript") return node.childForFieldName("value")?.text;
  if (node.type === "call") {
    const fn = node.childForFieldName("function");
    if (fn?.type === "attribute" && attributeName(fn) === "get") return fn.childForFieldName("object")?.text;
  }
  return undefined;
}

function annotatedParameter(id: SyntaxNode): string | undefined {
  const fn = enclosingFunction(id);
  for (const p of fn?.childForFieldName("parameters")?.namedChildren ?? []) {
    if (p.type !== "typed_parameter" && p.type !== "typed_default_parameter") continue;
    const name = p.type === "typed_parameter" ? p.namedChildren.find((c) => c.type === "identifier")?.text : p.childForFieldName("name")?.text;
    if (name === id.text) return p.childForFieldName("type")?.text;
  }
  return undefined;
}

/**
 * The expression reads an upload whose size is capped (see size-cap.ts): the upload itself
 * (`load_workbook(upload)`, `io.TextIOWrapper(upload)`), a read of it, or a name holding either
 * (`text = upload.read().decode()` … `csv.reader(io.StringIO(text))`). Rows or cells parsed from
 * a capped file are bounded by the cap as well.
 */
function readsCappedUpload(ctx: RuleContext, expr: SyntaxNode): boolean {
  return readsUpload(ctx, expr, { maxDepth: 3, bare: true, accept: (at, upload, source) => sizeCapped(ctx.django, at, upload, source) });
}

interface UploadReadSearch {
  /** How many assignments back a name is followed. */
  maxDepth: number;
  /** The upload itself counts (`load_workbook(upload)`), not only a whole read of it. */
  bare: boolean;
  /** Decides for each read (or bare upload) found: `at` the node, `upload` what is read, `source` where the upload came from. */
  accept(at: SyntaxNode, upload: SyntaxNode, source: SyntaxNode): boolean;
}

/** The expression, or a name it reads (followed `maxDepth` assignments back), reads an upload whole and `accept` says yes. */
function readsUpload(ctx: RuleContext, expr: SyntaxNode, search: UploadReadSearch, depth = 0): boolean {
  if (depth > search.maxDepth) return false;
  const nodes = [expr, ...expr.descendantsOfType(["identifier", "subscript", "call"])];
  return nodes.some((node) => {
    if (node.type === "call") {
      const m = methodCallOf(node);
      if (!m || !WHOLE_READS.has(m.name)) return false;
      const source = uploadSource(ctx, m.object, 0);
      return source !== undefined && search.accept(node, m.object, source);
    }
    const source = search.bare ? uploadSource(ctx, node, 0) : undefined;
    if (source) return search.accept(node, node, source);
    if (node.type !== "identifier" || depth === search.maxDepth) return false;
    const value = lastAssignedValue(ctx.django, node);
    return value !== undefined && readsUpload(ctx, value, search, depth + 1);
  });
}

/** (b) `list(csv.reader(...))`, `list(csv.DictReader(...))`. */
function checkCsvList(ctx: RuleContext, call: SyntaxNode): boolean {
  const fn = call.childForFieldName("function");
  if (fn?.type !== "identifier" || !MATERIALISERS.has(fn.text)) return false;
  const inner = positionalArgs(call.childForFieldName("arguments"))[0];
  if (!inner) return false;
  const reader = unwrapParens(inner);
  const isReader = reader.type === "call" ? CSV_READERS.has(dottedCallee(ctx, reader) ?? "") : reader.type === "identifier" && readerVariable(ctx, reader);
  if (!isReader) return false;
  const readerCall = reader.type === "call" ? reader : lastAssignedValue(ctx.django, reader);
  if (readsCappedUpload(ctx, reader) || (readerCall && (readsTextInMemory(ctx, readerCall) || readsFixedFile(ctx.django, readerCall)))) return true;
  if (rowsReadAgain(call) || rowsWrittenAsOneDocument(ctx, call)) return true;
  ctx.report({ node: call, messageId: "csvList", data: { call: spanOf(call) }, ...byHand(ctx) });
  return true;
}

/** Sources that hold the whole text already: `io.StringIO(text)`, `text.splitlines()`, a list. */
const IN_MEMORY_SOURCES = new Set(["io.StringIO", "StringIO.StringIO", "cStringIO.StringIO"]);

/**
 * The reader parses text already in memory (`csv.reader(io.StringIO(response.text))`,
 * `csv.reader(body.splitlines())`): the bytes are there whatever the loop does, so listing the rows
 * adds a copy, not a risk that streaming would remove (rotation set 5, source-already-in-memory).
 */
function readsTextInMemory(ctx: RuleContext, readerCall: SyntaxNode): boolean {
  const first = readerCall.type === "call" ? positionalArgs(readerCall.childForFieldName("arguments"))[0] : undefined;
  let source = first ? unwrapParens(first) : undefined;
  if (source?.type === "identifier") {
    const value = lastAssignedValue(ctx.django, source);
    source = value ? unwrapParens(value) : undefined;
  }
  if (!source) return false;
  if (source.type === "list" || source.type === "list_comprehension") return true;
  if (source.type !== "call") return false;
  const inMemory = IN_MEMORY_SOURCES.has(dottedCallee(ctx, source) ?? "") || methodCallOf(source)?.name === "splitlines";
  // Text read whole from an upload: that read is reported, and its fix (stream the upload through
  // `io.TextIOWrapper`) makes the list the next thing that holds the whole file.
  return inMemory && !readsUpload(ctx, source, { maxDepth: 1, bare: false, accept: () => true });
}

/**
 * `rows = list(reader)` and `rows` read twice or more afterwards in the function (walked twice,
 * zipped back with results, indexed): the rows are needed together, so the list is the design, not
 * an accident (rotation set 5, rows-needed-after-batch).
 */
function rowsReadAgain(call: SyntaxNode): boolean {
  const left = call.parent?.type === "assignment" ? call.parent.childForFieldName("left") : undefined;
  const fn = enclosingFunction(call);
  if (left?.type === "attribute" && fn) return attributeReadAgain(left, fn);
  if (left?.type !== "identifier" || !fn) return false;
  let reads = 0;
  for (const id of fn.descendantsOfType("identifier")) {
    if (id.startIndex <= call.endIndex || id.text !== left.text) continue;
    if (id.parent?.type === "assignment" && sameNode(id.parent.childForFieldName("left"), id)) break;
    // `len(rows)` counts the list; it is not a second walk of the rows.
    if (id.parent?.type === "argument_list" && id.parent.parent?.childForFieldName("function")?.text === "len") continue;
    if (++reads >= 2) return true;
  }
  return false;
}

/**
 * `self.rows = list(reader)` and `self.rows` read twice or more by the class's methods (a validation
 * pass, then the import; rotation set 10): held on the object because every method needs all of them.
 */
function attributeReadAgain(left: SyntaxNode, fn: SyntaxNode): boolean {
  const cls = left.childForFieldName("object")?.text === "self" ? classOfMethod(fn) : undefined;
  if (!cls) return false;
  let reads = 0;
  for (const attr of cls.descendantsOfType("attribute")) {
    if (sameNode(attr, left) || attr.text !== left.text) continue;
    if (attr.parent?.type === "assignment" && sameNode(attr.parent.childForFieldName("left"), attr)) continue;
    if (attr.parent?.type === "argument_list" && attr.parent.parent?.childForFieldName("function")?.text === "len") continue;
    if (++reads >= 2) return true;
  }
  return false;
}

/** Writers that take a whole document at once: a JSON array or YAML list of the rows. */
const WHOLE_DOCUMENT_WRITERS = new Set(["json.dumps", "json.dump", "yaml.dump", "yaml.safe_dump", "django.http.JsonResponse", "django.http.response.JsonResponse"]);

/**
 * The listed rows go whole into a JSON / YAML writer (`json.dumps(list(reader))`, or `rows =
 * list(reader)` then `json.dumps(rows)`): the output is one document holding every row, so the list
 * is what the writer needs and iterating the reader would not bound memory (tuning: awx
 * `host_metric.py` prints each CSV batch as one JSON array).
 */
function rowsWrittenAsOneDocument(ctx: RuleContext, call: SyntaxNode): boolean {
  const writes = (writer: SyntaxNode | null | undefined): boolean => writer?.type === "call" && WHOLE_DOCUMENT_WRITERS.has(dottedCallee(ctx, writer) ?? "");
  if (call.parent?.type === "argument_list" && writes(call.parent.parent)) return true;
  const left = call.parent?.type === "assignment" ? call.parent.childForFieldName("left") : undefined;
  const fn = enclosingFunction(call);
  if (left?.type !== "identifier" || !fn) return false;
  return fn.descendantsOfType("identifier").some((id) => id.startIndex > call.endIndex && id.text === left.text && id.parent?.type === "argument_list" && writes(id.parent.parent));
}

function readerVariable(ctx: RuleContext, id: SyntaxNode): boolean {
  const value = lastAssignedValue(ctx.django, id);
  const node = value ? unwrapParens(value) : undefined;
  return node?.type === "call" && CSV_READERS.has(dottedCallee(ctx, node) ?? "");
}

/** (b) `openpyxl.load_workbook(f)` without `read_only=True`. */
function checkWorkbook(ctx: RuleContext, call: SyntaxNode): boolean {
  if (dottedCallee(ctx, call) !== "openpyxl.load_workbook" && dottedCallee(ctx, call) !== "openpyxl.reader.excel.load_workbook") return false;
  const args = call.childForFieldName("arguments");
  const readOnly = keywordArg(args, "read_only");
  if (readOnly?.text === "True" || (readOnly && readOnly.text !== "False") || args?.namedChildren.some((a) => a.type === "dictionary_splat")) return true;
  if (savedLater(ctx, call) || (args !== null && readsCappedUpload(ctx, args))) return true;
  ctx.report({ node: call, messageId: "workbook", data: { call: spanOf(call) }, ...byHand(ctx) });
  return true;
}

/**
 * `book = load_workbook(f)` and later `book.save(...)` in the same function, or `self.book =
 * load_workbook(f)` and `self.book.save(...)` in any method of the class (rotation set 9: an import
 * handler that writes a status column into the uploaded sheet and hands the file back): the workbook
 * is edited, and a read-only workbook cannot be saved, so there is nothing to stream.
 */
function savedLater(ctx: RuleContext, call: SyntaxNode): boolean {
  const assignment = call.parent?.type === "assignment" ? call.parent : undefined;
  const left = assignment?.childForFieldName("left");
  const fn = enclosingFunction(call);
  const onSelf = left?.type === "attribute" && left.childForFieldName("object")?.text === "self";
  if (left?.type !== "identifier" && !onSelf) return false;
  // A workbook held on `self` may be saved by any method of the class, before or after this one.
  const scope = onSelf ? (fn ? classOfMethod(fn) : undefined) : fn;
  if (onSelf && !scope) return false;
  return ctx.django.nodesOfType("call").some((c) => {
    if (scope && !isWithin(c, scope)) return false;
    if (!onSelf && c.startIndex <= call.startIndex) return false;
    const m = methodCallOf(c);
    return m !== undefined && m.name === "save" && m.object.type === left.type && m.object.text === left.text;
  });
}

/** (c) In a job: `for row in Model.objects.all():` (the whole table, no iterator, no slice). Info. */
function checkWholeTableLoops(ctx: RuleContext): void {
  for (const loop of ctx.django.loops()) {
    if (loop.kind !== "for" || !loop.iterable) continue;
    const context = ctx.django.contextOf(loop.node);
    if (!context.etl || context.request || context.test) continue;
    const qs = ctx.django.querySetOf(loop.iterable);
    if (!qs) continue;
    ctx.applies();
    if (qs.root !== "manager" || qs.sliced) continue;
    const cutoff = qs.calls.some((c) => CUTOFF_CALLS.has(c.name));
    if (!qs.calls.every((c) => WHOLE_TABLE_CALLS.has(c.name) || CUTOFF_CALLS.has(c.name))) continue;
    if (cutoff && !oneSidedDateCutoff(qs)) continue;
    if (hasEarlyExit(loop.node) || retainsEveryRow(loop) || fewRows(ctx, qs) || reiteratedPerOuterItem(ctx, loop.node, loop.iterable)) continue;
    const scheduled = scheduledBulkRows(ctx, qs);
    ctx.report({
      node: loop.iterable,
      scope: loop.node,
      messageId: cutoff ? "cutoff" : "wholeTable",
      data: { qs: codeSpan(shortSource(loop.iterable.text)), model: qs.model.name, stream: remoteCallPerRow(ctx, loop.node) ?? streamAdvice(ctx, qs) },
      ...(scheduled ? { level: "warn" as const, impact: { level: "normal" as const, reason: scheduled } } : { level: "info" as const }),
    });
  }
}

/**
 * `jobs = Job.objects.all()` bound before an outer loop and walked again for every outer item (`for
 * uuid in uuids: for job in jobs:`): the QuerySet's result cache is what runs the query once, and
 * `.iterator()` would run it once per outer item (rotation set 13). Keeping the rows is the point: silent.
 */
function reiteratedPerOuterItem(ctx: RuleContext, loop: SyntaxNode, iterable: SyntaxNode): boolean {
  const name = unwrapParens(iterable);
  if (name.type !== "identifier") return false;
  const value = lastAssignedValue(ctx.django, name);
  if (!value) return false;
  return ctx.django.enclosingLoops(loop).some((outer) => outer.node.id !== loop.id && outer.kind !== "comprehension" && isWithin(loop, outer.node) && value.startIndex < outer.node.startIndex);
}

/**
 * The project shows that the table holds few rows (src/analysis/django/table-size.ts: it lists every
 * row in one widget, a form's select or an admin sidebar filter, or the config's `small_models` names
 * it) and nothing shows it to be large: a configuration or reference table (rotation 12: 17 legal-aid
 * categories, a provider × category weighting table, a site's configured deposit targets). Loading it
 * whole costs nothing, and "the table grows" is not true of it: silent.
 */
function fewRows(ctx: RuleContext, qs: QuerySetInfo): boolean {
  const model = qs.model.qualifiedName;
  if (ctx.project.isLargeModel(qs.model.appLabel, qs.model.name) || ctx.sizes.large(model)) return false;
  return ctx.project.isSmallModel(qs.model.appLabel, qs.model.name) || ctx.sizes.small(model) !== undefined;
}

/**
 * The loop waits on a remote call for every row (rotation set 14: a command that asks a map service
 * about each harbour): `.iterator()` would keep a database cursor open across every network round trip,
 * for rows that take far less memory than the run takes time. The advice walks the rows in pk batches
 * (or reads the keys first) instead.
 */
function remoteCallPerRow(ctx: RuleContext, loop: SyntaxNode): string | undefined {
  const call = ctx.django.nodesOfType("call").find((c) => isWithin(c, loop) && c.startIndex > loop.startIndex && slowCallOf(ctx.django, c)?.kind === "http");
  if (!call) return undefined;
  const line = call.startPosition.row + 1;
  return `Each row also waits on a remote call (${codeSpan(shortSource(call.childForFieldName("function")?.text ?? call.text))}, line ${line}), so do not stream with \`.iterator()\`: it would hold a database cursor open across every network call. Read the keys first (\`values_list("pk", flat=True)\`) and load each row or batch as it comes, or walk the table in pk batches (\`qs.filter(pk__gt=last_pk).order_by("pk")[:500]\`).`;
}

/**
 * How to stream the rows, for the project's Django: `chunk_size` came in Django 2.0 (a TypeError
 * before), and `prefetch_related` with `.iterator()` needs it (4.1). On a Django proven older than 2.0
 * (rotation 12: cla_backend pins 1.8) the advice walks pk ranges, which every version runs.
 */
function streamAdvice(ctx: RuleContext, qs: QuerySetInfo): string {
  if (djangoLacks(ctx.index.versions, "iteratorChunkSize")) {
    return "Stream it: this project's Django is older than " + DJANGO_SINCE.iteratorChunkSize + ", whose `.iterator(chunk_size=...)` it lacks: walk the rows in pk ranges (`qs.filter(pk__gt=last_pk).order_by(\"pk\")[:2000]`, repeated until empty), or use `.iterator()`, which skips the QuerySet's cache (from Django 1.11 it also streams from PostgreSQL through a server-side cursor).";
  }
  const prefetch = qs.calls.some((c) => c.name === "prefetch_related");
  return `Stream it: \`.iterator(chunk_size=2000)\`${prefetch ? " (with prefetch_related, chunk_size is required)" : ""}, or walk ${qs.calls.some((c) => CUTOFF_CALLS.has(c.name)) ? "it" : "the table"} in pk ranges.`;
}

/** Columns that hold a document per row: each loaded row carries it. */
const DOCUMENT_FIELDS = /^(JSONField|BinaryField|HStoreField)$/;

/**
 * A management command known to run on a schedule (a schedule file runs it, code calls it, its
 * description says nightly…) that loads every row of a table with a document column (`JSONField`):
 * each run holds the whole table with every row's document in memory (rotation set 11: a nightly
 * command over every role with its metadata JSON). Reported at warn with the reason; otherwise the
 * loop is reported at info.
 */
function scheduledBulkRows(ctx: RuleContext, qs: QuerySetInfo): string | undefined {
  const deferred = qs.calls.some((c) => c.name === "only" || c.name === "defer");
  const documents = deferred ? [] : [...qs.model.fields.values()].filter((f) => f.kind === "concrete" && DOCUMENT_FIELDS.test(f.fieldClass));
  if (documents.length === 0) return undefined;
  const scheduled = scheduledReason(ctx.index, ctx.file);
  return scheduled ? `the command runs on a schedule (${scheduled}), and every ${qs.model.name} row carries its ${codeSpan(documents[0]!.name)} document` : undefined;
}

/**
 * `filter(created__lte=cutoff)`: only open-ended range lookups on date fields of the model (a
 * retention cutoff, "since"), no equality that picks one parent, status or id list, and no field
 * bounded on both sides (`start__gt=now, start__lte=now + 1h` is a window, bounded by time). Such a
 * set is the table's history on one side of a date: it grows as the table does (cleanup and purge
 * jobs, "users inactive for N days").
 */
function oneSidedDateCutoff(qs: QuerySetInfo): boolean {
  const sides = new Map<string, Set<string>>();
  for (const call of qs.calls) {
    if (!CUTOFF_CALLS.has(call.name)) continue;
    const named = call.args.namedChildren.filter((a) => a.type !== "comment");
    if (named.length === 0) return false;
    for (const arg of named) {
      const match = arg.type === "keyword_argument" ? RANGE_LOOKUP.exec(arg.childForFieldName("name")?.text ?? "") : null;
      const field = match ? qs.model.fields.get(match[1]!) : undefined;
      if (!match || !field || !DATE_FIELDS.test(field.fieldClass)) return false;
      const side = match[2]!.startsWith("l") === (call.name === "filter") ? "upper" : "lower";
      sides.set(field.name, (sides.get(field.name) ?? new Set()).add(side));
    }
  }
  return [...sides.values()].every((s) => s.size === 1);
}

/** A `break` or `return` directly in the loop body: a search, not a scan of every row. */
function hasEarlyExit(loop: SyntaxNode): boolean {
  const body = loop.childForFieldName("body");
  if (!body) return false;
  const stack = [...body.namedChildren];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === "break_statement" || node.type === "return_statement") return true;
    if (node.type === "for_statement" || node.type === "while_statement" || node.type === "function_definition" || node.type === "class_definition") continue;
    stack.push(...node.namedChildren);
  }
  return false;
}
