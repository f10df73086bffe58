/**
 * The pipeline reads a repository a chunk of paths at a time and keeps no bytes, and no text of the
 * non-Python files it reads for the index's project-file facts (round 15: a repository with 2,654
 * feature-manifest YAML files under `manifests/`, 103 MB, held them as bytes and as text for the whole
 * run, 495 MB peak RSS). The facts those files give still reach the rules: a schedule in a SAM template
 * read in a later chunk decides DJP505's level as before.
 */
import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG } from "../../src/config/schema.js";
import type { FileContent, RepoSource } from "../../src/pipeline/ports.js";
import { runAnalysis } from "../../src/pipeline/run-analysis.js";
import { RULES } from "../../rules/index.js";

const MODELS = `from django.db import models


class Customer(models.Model):
    name = models.CharField(max_length=100)
`;

const IMPORT = `import csv

import requests
from django.core.management.base import BaseCommand
from django.db import transaction

from shop.models import Customer


class Command(BaseCommand):
    @transaction.atomic
    def handle(self, *args, **options):
        Customer.objects.all().delete()
        response = requests.get("https://example.org/customers.csv", timeout=10)
        for row in csv.DictReader(response.text.splitlines()):
            Customer.objects.create(name=row["name"])
`;

const SAM_TEMPLATE = `Resources:
  ImportOrdersRule:
    Type: AWS::Events::Rule
    Properties:
      ScheduleExpression: cron(0 * * * ? *)
      Targets:
        - Id: JobsQueue
          Input: '{"command": "import_orders", "args": ["--recent"]}'
`;

class CountingSource implements RepoSource {
  /** Paths asked per readFiles call. */
  readonly calls: number[] = [];
  /** Bytes handed out per readFiles call. */
  readonly bytes: number[] = [];
  constructor(private readonly files: ReadonlyMap<string, string>) {}
  async listFiles(): Promise<string[]> {
    return [...this.files.keys()];
  }
  async readFiles(paths: readonly string[]): Promise<Map<string, FileContent>> {
    this.calls.push(paths.length);
    const out = new Map<string, FileContent>();
    for (const p of paths) out.set(p, { ok: true, bytes: new TextEncoder().encode(this.files.get(p) ?? "") });
    this.bytes.push([...out.values()].reduce((n, c) => n + (c.ok ? c.bytes.length : 0), 0));
    return out;
  }
}

/** A source that knows its files' sizes (the CLI's FsSource, the App's tree listing). */
class SizedSource extends CountingSource {
  constructor(private readonly sized: ReadonlyMap<string, string>) {
    super(sized);
  }
  async fileSizes(paths: readonly string[]): Promise<Map<string, number>> {
    return new Map(paths.map((p) => [p, this.sized.get(p)?.length ?? 0]));
  }
}

function project(manifests: number, manifest: (i: number) => string): Map<string, string> {
  const files = new Map<string, string>([
    ["shop/__init__.py", ""],
    ["shop/models.py", MODELS],
    ["shop/management/commands/import_customers.py", IMPORT],
  ]);
  // Deployment manifests the index reads by path (command-runs.ts: any YAML under `manifests/`), then the schedule.
  for (let i = 0; i < manifests; i++) files.set(`deploy/manifests/v${i}/feature.yaml`, manifest(i));
  files.set("sam-template.yaml", SAM_TEMPLATE);
  return files;
}

describe("reading a repository in chunks (run-analysis.ts)", () => {
  it("asks for a bounded number of paths at a time and still reads a deployment file's schedule", async () => {
    const source = new CountingSource(project(1200, (i) => `name: feature-${i}\nenabled: true\n`));
    const result = await runAnalysis({ source, config: DEFAULT_CONFIG, rules: RULES.filter((r) => r.id === "DJP505") });
    expect(result.findings.map((f) => f.level)).toEqual(["info", "info"]);
    expect(result.findings[0]?.message).toContain("`sam-template.yaml` runs `import_orders`, not this one");
    expect(source.calls.length).toBeGreaterThanOrEqual(3);
    expect(Math.max(...source.calls)).toBeLessThanOrEqual(500);
  });

  it("bounds the bytes of a chunk when the source knows the sizes, and reads a small repository in one call", async () => {
    // 40 manifests of 1 MB each: no more than 16 MB at a time.
    const big = new SizedSource(project(40, (i) => `name: feature-${i}\n${"# a long comment line of the manifest\n".repeat(27_000)}`));
    const result = await runAnalysis({ source: big, config: DEFAULT_CONFIG, rules: RULES.filter((r) => r.id === "DJP505") });
    expect(result.findings.map((f) => f.level)).toEqual(["info", "info"]);
    expect(big.calls.length).toBeGreaterThanOrEqual(3);
    expect(Math.max(...big.bytes)).toBeLessThanOrEqual(16 * 1024 * 1024);
    const small = new SizedSource(project(1200, (i) => `name: feature-${i}\n`));
    await runAnalysis({ source: small, config: DEFAULT_CONFIG, rules: RULES.filter((r) => r.id === "DJP505") });
    expect(small.calls).toHaveLength(1);
  });
});
