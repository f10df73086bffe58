/** Impact: right but cheap findings move to info (the check run), `large_models` keeps them loud. */
import { describe, expect, it } from "vitest";
import { buildProjectIndex } from "../../../src/analysis/index/build.js";
import { analyseFile } from "../../../src/analysis/engine.js";
import { createDjangoFacts } from "../../../src/analysis/django/facts.js";
import { parseFile } from "../../../src/pipeline/run-analysis.js";
import { configSchema, DEFAULT_CONFIG, type DjperfConfig } from "../../../src/config/schema.js";
import { RULES } from "../../../rules/index.js";
import type { Finding } from "../../../src/analysis/finding.js";
import type { SourceText } from "../../../src/analysis/source-file.js";
import { collectTableSizes } from "../../../src/analysis/django/table-size.js";

const MODELS = `from django.db import models


class Customer(models.Model):
    name = models.CharField(max_length=50)


class Order(models.Model):
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="orders")
    status = models.CharField(max_length=9)
    number = models.CharField(max_length=9, unique=True)


class Line(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE)
    account_id = models.PositiveIntegerField(db_index=True)
    external_id = models.CharField(max_length=40)


class Parcel(models.Model):
    orders = models.ManyToManyField(Order, related_name="parcels")
    carrier = models.ForeignKey(Customer, on_delete=models.CASCADE)
`;

async function findingsOf(code: string, config: DjperfConfig = DEFAULT_CONFIG, path = "shop/jobs.py", others: SourceText[] = [], ruleId = "DJP101"): Promise<Finding[]> {
  const text = `import requests\nfrom shop.models import Customer, Line, Order, Parcel\n\n\n${code}`;
  const sources = [{ path: "shop/models.py", text: MODELS }, { path, text }, ...others];
  const index = await buildProjectIndex(sources);
  const file = parseFile(path, text);
  const sizes = collectTableSizes(sources, index);
  return analyseFile({ file, index, django: createDjangoFacts(file, index), rules: RULES, config, sizes }).findings.filter((f) => f.ruleId === ruleId);
}

describe("impact", () => {
  it("keeps an N+1 over a whole table walked per request at its level, and says why", async () => {
    const [f] = await findingsOf("def page(request):\n    for order in Order.objects.all():\n        print(order.customer.name)\n");
    expect(f).toMatchObject({ level: "block", impact: { level: "normal" }, model: "shop.models.Order" });
    expect(f?.message).toContain("Reported at block: the loop walks every Order row while a request waits");
  });

  it("counts a django-filter FilterSet's filter method as request code (rotation set 11, galaxy_ng owner_filter)", async () => {
    const code = [
      "from django_filters.rest_framework import filterset",
      "",
      "class OrderFilter(filterset.FilterSet):",
      "    def owner_filter(self, queryset, name, value):",
      "        keys = []",
      "        for order in Order.objects.all():",
      "            if order.customer.name == value:",
      "                keys.append(order.pk)",
      "        return queryset.filter(pk__in=keys)",
      "",
      "class Helper:",
      "    def owner_filter(self, queryset, name, value):",
      "        for order in Order.objects.all():",
      "            print(order.customer.name)",
      "",
    ].join("\n");
    const [filterMethod, plain] = await findingsOf(code, DEFAULT_CONFIG, "shop/filters.py");
    expect(filterMethod?.message).toContain("the loop walks every Order row while a request waits");
    expect(filterMethod?.level).not.toBe("info");
    expect(plain?.level).toBe("info");
  });

  it("moves a loop over the tenants of a schema-per-tenant project (TENANT_MODEL) to info: schemas keep them to hundreds", async () => {
    const code = "def page(request):\n    for customer in Customer.objects.all():\n        print(customer.orders.filter(status='new').count())\n";
    const settings = (model: string) => ({ path: "proj/settings.py", text: `DATABASES = {"default": {"ENGINE": "django_tenants.postgresql_backend"}}\nTENANT_MODEL = "${model}"\n` });
    const [tenants] = await findingsOf(code, DEFAULT_CONFIG, "shop/jobs.py", [settings("shop.Customer")], "DJP102");
    expect(tenants).toMatchObject({ level: "info", impact: { level: "low" } });
    expect(tenants?.message).toContain("Customer is the project's tenant model (`TENANT_MODEL`)");
    const [others] = await findingsOf(code, DEFAULT_CONFIG, "shop/jobs.py", [settings("shop.Order")], "DJP102");
    expect(others?.level).not.toBe("info");
    // An admin's autocomplete box over the tenants is the admin's taste, not evidence of many tenants.
    const admin = { path: "shop/admin.py", text: "from django.contrib import admin\n\nfrom shop.models import Line\n\n\n@admin.register(Line)\nclass LineAdmin(admin.ModelAdmin):\n    autocomplete_fields = [\"customer\"]\n" };
    const [picked] = await findingsOf(code, DEFAULT_CONFIG, "shop/jobs.py", [settings("shop.Customer"), admin], "DJP102");
    expect(picked).toMatchObject({ level: "info", impact: { level: "low" } });
    const [large] = await findingsOf(code, DEFAULT_CONFIG, "shop/jobs.py", [settings("shop.Order"), admin], "DJP102");
    expect(large?.level).not.toBe("info");
  });

  it("does not take a class named like a notification for a sending call", async () => {
    const [f] = await findingsOf("def page(request):\n    for order in Order.objects.all():\n        note = Notification(order=order)\n        print(order.customer.name, note)\n");
    expect(f).toMatchObject({ level: "block", impact: { level: "normal" } });
    const [sent] = await findingsOf("def page(request):\n    for order in Order.objects.all():\n        notify_customer(order)\n        print(order.customer.name)\n");
    expect(sent?.message).toContain("network or file I/O (`notify_customer`)");
  });

  it("moves the same whole-table loop outside any request or task to info, pointing at large_models", async () => {
    const [f] = await findingsOf("def run():\n    for order in Order.objects.all():\n        print(order.customer.name)\n");
    expect(f).toMatchObject({ level: "info", impact: { level: "low", walks: "shop.models.Order" } });
    expect(f?.message).toContain("list Order in large_models if the table is large");
  });

  it.each([
    ["network I/O per row", "def run():\n    for order in Order.objects.all():\n        requests.post('https://x', json={'c': order.customer.name})\n", "network or file I/O"],
    ["a page slice", "def run():\n    for order in Order.objects.all()[:20]:\n        print(order.customer.name)\n", "a slice"],
    ["the rows of one parent", "def run(pk):\n    order = Order.objects.get(pk=pk)\n    for line in order.lines.all():\n        print(line.customer.name)\n", "the Line rows of one Order"],
  ])("moves %s to info and says why", async (_what, code, why) => {
    const [f] = await findingsOf(code);
    expect(f?.level).toBe("info");
    expect(f?.impact?.level).toBe("low");
    expect(f?.message).toContain(`Reported at info: `);
    expect(f?.message).toContain(why);
  });

  it("raises a table from large_models to high, which is never moved to info", async () => {
    const config = configSchema.parse({ large_models: ["shop.Line"] });
    const [f] = await findingsOf("def run(pk):\n    order = Order.objects.get(pk=pk)\n    for line in order.lines.all():\n        print(line.customer.name)\n", config);
    expect(f).toMatchObject({ level: "warn", impact: { level: "high" } });
  });

  it("matches large_models entries as the migration rules do: case-insensitively, by `app.Model` or `Model`", async () => {
    const code = "def run(pk):\n    order = Order.objects.get(pk=pk)\n    for line in order.lines.all():\n        print(line.customer.name)\n";
    for (const entry of ["shop.line", "LINE"]) {
      const [f] = await findingsOf(code, configSchema.parse({ large_models: [entry] }));
      expect(f?.impact?.level, entry).toBe("high");
    }
  });

  it("lets an explicit level in the config win", async () => {
    const config = configSchema.parse({ rules: { DJP101: "block" } });
    const [f] = await findingsOf("def run():\n    for order in Order.objects.all()[:20]:\n        print(order.customer.name)\n", config);
    expect(f?.level).toBe("block");
  });
});

describe("impact in management commands", () => {
  const command = (body: string) => `from django.core.management.base import BaseCommand\n\n\nclass Command(BaseCommand):\n    def handle(self, *args, **options):\n${body}`;

  it("moves loops over what the command line named to info, not loops over a file it named", async () => {
    const named = await findingsOf(command("        ids = [int(x) for x in options['ids'].split(',')]\n        orders = Order.objects.filter(id__in=ids)\n        for order in orders:\n            print(order.customer.name)\n"));
    expect(named[0]).toMatchObject({ level: "info", impact: { level: "low" } });
    const file = await findingsOf(command("        import csv\n        rows = csv.DictReader(open(options['path']))\n        keys = [r['id'] for r in rows]\n        for order in Order.objects.filter(reference__in=keys):\n            print(order.customer.name)\n"));
    expect(file[0]).toMatchObject({ level: "warn", impact: { level: "normal" } });
  });

  it("gives the command-line reason only to loops over model rows the arguments name, not rows a project helper read", async () => {
    const perRow = "        for row in rows:\n            order = Order.objects.get(pk=row['id'])\n            print(order.customer.name)\n";
    // `load_rows` is the project's CSV reader: its rows are the file's, however the path came in.
    const fromFile = await findingsOf(command(`        rows = load_rows(options['path'])\n${perRow}`), DEFAULT_CONFIG, "shop/jobs.py", [], "DJP103");
    expect(fromFile[0]).toMatchObject({ level: "warn", impact: { level: "normal" } });
    // An API client's rows: many or few, nothing says; but they are not what the command line named.
    const fromApi = await findingsOf(command(`        rows = fetch_partner_rows(options['partner'])\n${perRow}`), DEFAULT_CONFIG, "shop/jobs.py", [], "DJP103");
    expect(fromApi[0]?.impact?.level).toBe("low");
    expect(fromApi[0]?.message).not.toContain("command line");
    // The arguments themselves (a few ids typed by the operator) are what the command line named.
    const fromIds = await findingsOf(command(`        orders = Order.objects.filter(pk__in=options['ids'])\n        for order in orders:\n            print(order.customer.name)\n`));
    expect(fromIds[0]?.message).toContain("command line");
  });

  it("moves a loop over a default reverse accessor of an untyped owner to info: one object's rows, even on a large table", async () => {
    const config = configSchema.parse({ large_models: ["shop.Line"] });
    const body = "print(Order.objects.filter(status=line.customer_id).count())";
    const one = await findingsOf(`def page(request, thing):\n    for line in thing.line_set.all():\n        ${body}\n`, config, "shop/jobs.py", [], "DJP103");
    expect(one[0]).toMatchObject({ level: "info", impact: { level: "low" } });
    expect(one[0]?.message).toContain("the Line rows of one object (`thing`)");
    // The owner is the row of an enclosing loop: the rows of many owners, left to the table's size.
    const many = await findingsOf(`def page(request, things):\n    for thing in things:\n        for line in thing.line_set.all():\n            ${body}\n`, config, "shop/jobs.py", [], "DJP103");
    expect(many[0]).toBeDefined();
    expect(many[0]?.message).not.toContain("rows of one object");
  });

  it("moves a loop over the rows of one user's one order to info", async () => {
    const [f] = await findingsOf("def run(order, customer):\n    for line in Line.objects.filter(order=order, customer=customer):\n        print(line.customer.name)\n");
    expect(f).toMatchObject({ level: "info", impact: { level: "low" } });
    expect(f?.message).toContain("one Order and one Customer");
  });
});

describe("material evidence (only then inline)", () => {
  it("moves a loop over filtered rows outside any request to info and says why", async () => {
    const [f] = await findingsOf("def nightly():\n    for order in Order.objects.filter(customer__name='x'):\n        print(order.customer.name)\n");
    expect(f).toMatchObject({ level: "info", impact: { level: "low" } });
    expect(f?.message).toContain("nothing shows that the loop walks many Order rows while a request or task waits");
  });

  it("moves a request's loop over filtered rows of a table not known to be large to info", async () => {
    const [f] = await findingsOf("def page(request):\n    for order in Order.objects.filter(customer__name='x'):\n        print(order.customer.name)\n");
    expect(f).toMatchObject({ level: "info", impact: { level: "low" } });
  });

  it("keeps the rows of each row of a whole table walked by a task inline (nested loops)", async () => {
    const [f] = await findingsOf("from celery import shared_task\n\n\n@shared_task\ndef nightly():\n    for order in Order.objects.all():\n        for line in order.lines.all():\n            print(line.customer.name)\n");
    expect(f).toMatchObject({ level: "warn", impact: { level: "normal" } });
  });

  it("keeps a request's loop over rows chosen by value, not by a parent, inline", async () => {
    const [f] = await findingsOf("def report(request):\n    for order in Order.objects.filter(status='paid'):\n        print(order.customer.name)\n");
    expect(f).toMatchObject({ level: "block", impact: { level: "normal" } });
    expect(f?.message).toContain("selected by value");
  });

  it("does not take rows picked by a unique column's key list for rows chosen by value", async () => {
    const [f] = await findingsOf("def report(request):\n    for order in Order.objects.filter(number__in=request.GET.getlist('n')):\n        print(order.customer.name)\n");
    expect(f).toMatchObject({ level: "info", impact: { level: "low" } });
    expect(f?.message).not.toContain("selected by value");
  });

  it("keeps a request's loop inline when it writes an export of the rows", async () => {
    const [f] = await findingsOf("import csv\n\n\ndef export(request):\n    writer = csv.writer(request)\n    for order in Order.objects.filter(customer__name='x'):\n        writer.writerow([order.customer.name])\n");
    expect(f).toMatchObject({ level: "block", impact: { level: "normal" } });
    expect(f?.message).toContain("into an export");
  });

  it("keeps a request's loop over the children of many parents inline", async () => {
    const [f] = await findingsOf("def page(request):\n    orders = Order.objects.filter(customer__name='x')\n    for line in Line.objects.filter(order__in=orders):\n        print(line.customer.name)\n");
    expect(f).toMatchObject({ level: "block", impact: { level: "normal" } });
    expect(f?.message).toContain("rows of many Order rows");
  });

  it("keeps an admin action's loop over rows not reached from the selection at its level", async () => {
    const [f] = await findingsOf("import csv\n\n\ndef report(modeladmin, request, queryset):\n    writer = csv.writer(request)\n    for order in Order.objects.filter(customer__name='x'):\n        writer.writerow([order.customer.name])\n");
    expect(f?.level).not.toBe("info");
  });

  it("keeps a loop over what a file holds inline, through names assigned from it", async () => {
    const [f] = await findingsOf("def load(path):\n    import json\n    data = json.load(open(path))\n    keys = [r['id'] for r in data]\n    for order in Order.objects.filter(pk__in=keys):\n        print(order.customer.name)\n");
    expect(f).toMatchObject({ level: "warn", impact: { level: "normal" } });
  });
});

describe("code run by hand or over a fixed set (info, with the reason)", () => {
  it.each([
    ["a data migration helper", "def forwards(apps, schema_editor):\n    for order in Order.objects.all():\n        print(order.customer.name)\n", "data migration helper"],
    ["an admin action over the selection", "def mark(modeladmin, request, queryset):\n    for order in Order.objects.filter(pk__in=queryset.values('pk')):\n        print(order.customer.name)\n", "rows an admin selected"],
    ["an admin action's export of the rows under the selected one", "import csv\n\n\ndef report(modeladmin, request, queryset):\n    customer = queryset.first()\n    writer = csv.writer(request)\n    orders = Order.objects.filter(customer=customer, state='paid').iterator()\n    for order in orders:\n        writer.writerow([order.customer.name])\n", "rows an admin selected"],
  ])("moves %s to info", async (_what, code, why) => {
    const [f] = await findingsOf(code);
    expect(f).toMatchObject({ level: "info", impact: { level: "low" } });
    expect(f?.message).toContain(why);
  });

  it("moves a management command's loop over a whole table to info", async () => {
    const code = "from django.core.management.base import BaseCommand\n\n\nclass Command(BaseCommand):\n    def handle(self, *args, **options):\n        for order in Order.objects.all():\n            print(order.customer.name)\n";
    const [f] = await findingsOf(code, DEFAULT_CONFIG, "shop/management/commands/fix.py");
    expect(f).toMatchObject({ level: "info", impact: { level: "low" } });
    expect(f?.message).toContain("management command");
  });

  it("moves a loop over settings or choices to info", async () => {
    const code = "from django.conf import settings\n\n\ndef page(request):\n    for code, _ in settings.LANGUAGES:\n        for order in Order.objects.filter(customer__name=code):\n            print(order.customer.name)\n";
    const f = await findingsOf(code);
    // The inner loop walks the rows of a filter; the outer loop is fixed: nothing here is worth a comment.
    expect(f.every((x) => x.level === "info")).toBe(true);
  });
});

describe("tables the project shows to be large", () => {
  const loop = "def page(request):\n    for order in Order.objects.filter(customer__name='x'):\n        print(order.customer.name)\n";

  it.each([
    ["an admin raw_id_fields key pointing at it", "shop/admin.py", "from django.contrib import admin\nfrom shop.models import Customer\n\n\n@admin.register(Customer)\nclass CustomerAdmin(admin.ModelAdmin):\n    pass\n\n\nclass LineAdmin(admin.ModelAdmin):\n    raw_id_fields = ('order',)\n\n\nfrom shop.models import Line\nadmin.site.register(Line, LineAdmin)\n", "raw id"],
    ["show_full_result_count = False on its admin", "shop/admin.py", "from django.contrib import admin\nfrom shop.models import Order\n\n\n@admin.register(Order)\nclass OrderAdmin(admin.ModelAdmin):\n    show_full_result_count = False\n", "show_full_result_count"],
    ["rows streamed with iterator()", "shop/export.py", "from shop.models import Order\n\n\ndef dump():\n    for order in Order.objects.all().iterator():\n        yield order.pk\n", "iterator()"],
    ["a paginating list view", "shop/views.py", "from django.views.generic import ListView\nfrom shop.models import Order\n\n\nclass Orders(ListView):\n    model = Order\n    paginate_by = 50\n", "pages its rows"],
  ])("names the trace of a large table at info (a hint; large_models posts such loops): %s", async (_what, path, text, why) => {
    const all = await findingsOf(loop, DEFAULT_CONFIG, "shop/pages.py", [{ path, text }]);
    const f = all.find((x) => x.message.includes("order.customer"));
    expect(f).toBeDefined();
    expect(f!.level).toBe("info");
    expect(f!.message).toContain(why);
    expect(f!.message).toContain("Order may be a large table");
    expect(f!.message).toContain("list Order in large_models to report such loops inline");
    const [listed] = await findingsOf(loop, configSchema.parse({ large_models: ["Order"] }), "shop/pages.py", [{ path, text }]);
    expect(listed).toMatchObject({ level: "block", impact: { level: "high" } });
  });

  it("reads an event table from the models: a user key and an indexed creation stamp", async () => {
    const models = "from django.db import models\n\n\nclass User(models.Model):\n    name = models.CharField(max_length=9)\n\n\nclass Visit(models.Model):\n    user = models.ForeignKey(User, on_delete=models.CASCADE)\n    page = models.ForeignKey('Page', on_delete=models.CASCADE)\n    created = models.DateTimeField(auto_now_add=True, db_index=True)\n\n\nclass Page(models.Model):\n    title = models.CharField(max_length=9)\n";
    const sources = [{ path: "site/models.py", text: models }];
    const index = await buildProjectIndex(sources);
    expect(collectTableSizes(sources, index).large("site.models.Visit")?.reason).toContain("event or log table");
    expect(collectTableSizes(sources, index).large("site.models.Page")).toBeUndefined();
  });

  it("reads no size from an admin that puts every key of its model behind autocomplete (a house style)", async () => {
    const models = "from django.db import models\n\n\nclass Tag(models.Model):\n    name = models.CharField(max_length=9)\n\n\nclass Shelf(models.Model):\n    name = models.CharField(max_length=9)\n\n\nclass Author(models.Model):\n    name = models.CharField(max_length=9)\n\n\nclass Book(models.Model):\n    tag = models.ForeignKey(Tag, on_delete=models.CASCADE)\n    shelf = models.ForeignKey(Shelf, on_delete=models.CASCADE)\n    author = models.ForeignKey(Author, on_delete=models.CASCADE)\n";
    const admin = (fields: string) => `from django.contrib import admin\nfrom lib.models import Book\n\n\n@admin.register(Book)\nclass BookAdmin(admin.ModelAdmin):\n    autocomplete_fields = [${fields}]\n`;
    const sizes = async (fields: string) => {
      const sources = [{ path: "lib/models.py", text: models }, { path: "lib/admin.py", text: admin(fields) }];
      return collectTableSizes(sources, await buildProjectIndex(sources));
    };
    const every = await sizes('"tag", "shelf", "author"');
    expect(every.large("lib.models.Tag")).toBeUndefined();
    expect(every.large("lib.models.Author")).toBeUndefined();
    const chosen = await sizes('"author", "shelf"');
    expect(chosen.large("lib.models.Author")?.reason).toContain("autocomplete");
    expect(chosen.large("lib.models.Tag")).toBeUndefined();
  });

  it("reads no event table from an audit stamp and user key inherited from a base most models share", async () => {
    const stamped = (n: number) => Array.from({ length: n }, (_, i) => `\n\nclass Thing${i}(Base):\n    name = models.CharField(max_length=9)\n`).join("");
    const models = (n: number) => `from django.db import models\n\n\nclass User(models.Model):\n    name = models.CharField(max_length=9)\n\n\nclass Base(models.Model):\n    created_on = models.DateTimeField(auto_now_add=True, db_index=True)\n    created_by = models.ForeignKey(User, on_delete=models.CASCADE)\n\n    class Meta:\n        abstract = True\n${stamped(n)}`;
    const sizes = async (n: number) => {
      const sources = [{ path: "site/models.py", text: models(n) }];
      return collectTableSizes(sources, await buildProjectIndex(sources));
    };
    expect((await sizes(5)).large("site.models.Thing0")).toBeUndefined();
    expect((await sizes(2)).large("site.models.Thing0")?.reason).toContain("event or log table");
  });

  it("reads no size, either way, from a raw id key the same admin lists whole in its sidebar filter", async () => {
    const models = "from django.db import models\n\n\nclass Kind(models.Model):\n    name = models.CharField(max_length=9)\n\n\nclass Owner(models.Model):\n    name = models.CharField(max_length=9)\n\n\nclass Item(models.Model):\n    kind = models.ForeignKey(Kind, on_delete=models.CASCADE)\n    owner = models.ForeignKey(Owner, on_delete=models.CASCADE)\n";
    const admin = "from django.contrib import admin\nfrom lib.models import Item\n\n\n@admin.register(Item)\nclass ItemAdmin(admin.ModelAdmin):\n    raw_id_fields = ('kind', 'owner')\n    list_filter = ('kind',)\n";
    const sources = [{ path: "lib/models.py", text: models }, { path: "lib/admin.py", text: admin }];
    const sizes = collectTableSizes(sources, await buildProjectIndex(sources));
    expect(sizes.large("lib.models.Kind")).toBeUndefined();
    // The form's raw id box says the admin treats Kind as large: the sidebar filter is no evidence of a small table either (rotation set 12).
    expect(sizes.small("lib.models.Kind")).toBeUndefined();
    expect(sizes.large("lib.models.Owner")?.reason).toContain("raw id");
  });

  it("lets small_models lower a loop that was material only because of its table", async () => {
    const config = configSchema.parse({ small_models: ["shop.Order"] });
    const [f] = await findingsOf("def page(request):\n    for order in Order.objects.all():\n        print(order.customer.name)\n", config);
    expect(f).toMatchObject({ level: "info", impact: { level: "low" } });
    expect(f?.message).toContain("Order is listed in small_models");
  });

  it("stays quiet about a table with no trace of size", async () => {
    const [f] = await findingsOf(loop, DEFAULT_CONFIG, "shop/pages.py");
    expect(f?.level).toBe("info");
  });
});

describe("weak traces that do not count", () => {
  const loop = "def page(request):\n    for order in Order.objects.filter(customer__name='x'):\n        print(order.customer.name)\n";

  it("counts bulk_create only with a batch_size", async () => {
    const few = "from shop.models import Order\n\n\ndef copy(rows):\n    Order.objects.bulk_create([Order(**r) for r in rows])\n";
    const many = "from shop.models import Order\n\n\ndef copy(rows):\n    Order.objects.bulk_create([Order(**r) for r in rows], batch_size=500)\n";
    const [quiet] = await findingsOf(loop, DEFAULT_CONFIG, "shop/pages.py", [{ path: "shop/copy.py", text: few }]);
    const [loud] = await findingsOf(loop, DEFAULT_CONFIG, "shop/pages.py", [{ path: "shop/copy.py", text: many }]);
    expect(quiet?.message).not.toContain("may be a large table");
    expect(loud?.message).toContain("may be a large table: its rows are written with `bulk_create(batch_size=...)`");
  });

  it("takes no bulk_create of a load-test or fake-data generator for a large table", async () => {
    const models = "from django.db import models\n\n\nclass Order(models.Model):\n    ref = models.CharField(max_length=9)\n";
    const sized = async (path: string, text: string) => {
      const sources = [{ path: "shop/models.py", text: models }, { path, text }];
      return collectTableSizes(sources, await buildProjectIndex(sources)).large("shop.models.Order");
    };
    const write = (owner: string) => `from shop.models import Order\n\n\nclass ${owner}:\n    def orders(self, n):\n        Order.objects.bulk_create([Order(ref=str(i)) for i in range(n)], batch_size=500)\n`;
    expect((await sized("shop/importer.py", write("Importer")))?.reason).toContain("bulk_create");
    expect(await sized("shop/importer.py", write("SwarmLoadTestData"))).toBeUndefined();
    expect(await sized("ops/locust_rows.py", write("Importer"))).toBeUndefined();
    expect(await sized("ops/rows.py", `from faker import Faker\n${write("Importer")}`)).toBeUndefined();
  });

  it("does not raise the rows of one parent for a large table", async () => {
    const admin = "from django.contrib import admin\nfrom shop.models import Line\n\n\n@admin.register(Line)\nclass LineAdmin(admin.ModelAdmin):\n    show_full_result_count = False\n";
    const code = "def page(request, pk):\n    order = Order.objects.get(pk=pk)\n    for line in order.lines.all():\n        print(line.customer.name)\n";
    const [f] = await findingsOf(code, DEFAULT_CONFIG, "shop/pages.py", [{ path: "shop/admin.py", text: admin }]);
    expect(f).toMatchObject({ level: "info", impact: { level: "low" } });
  });

  it("does not take the form a request sent for an import's input", async () => {
    const code = "def page(request):\n    names = request.POST.get('names').split(',')\n    for order in Order.objects.filter(customer__name__in=names):\n        print(order.customer.name)\n";
    const [f] = await findingsOf(code);
    expect(f?.level).toBe("info");
  });
});

describe("a large table and the rows of one parent", () => {
  const admin = "from django.contrib import admin\nfrom shop.models import Line\n\n\n@admin.register(Line)\nclass LineAdmin(admin.ModelAdmin):\n    show_full_result_count = False\n";
  const others = [{ path: "shop/admin.py", text: admin }];

  // One order's lines streamed elsewhere: the project shows that one parent can hold many of them.
  const perParent = [{ path: "shop/export.py", text: "from shop.models import Line\n\n\ndef dump(order):\n    for line in Line.objects.filter(order=order).iterator():\n        yield line.pk\n" }];

  it("names evidence that one parent holds many for the rows of one parent a request walks, not those a job walks", async () => {
    const inRequest = await findingsOf("def page(request, pk):\n    for line in Line.objects.filter(order_id=pk):\n        print(line.customer.name)\n", DEFAULT_CONFIG, "shop/pages.py", perParent);
    const inJob = await findingsOf("def job(pk):\n    for line in Line.objects.filter(order_id=pk):\n        print(line.customer.name)\n", DEFAULT_CONFIG, "shop/pages.py", perParent);
    expect(inRequest[0]?.level).toBe("info");
    expect(inRequest[0]?.message).toContain("the Line rows of one parent (one parent may have many");
    expect(inJob[0]?.message).not.toContain("may have many");
  });

  it("names one parent's rows paginated elsewhere for one parent's rows in a request", async () => {
    const paged = [{ path: "shop/views.py", text: "from django.core.paginator import Paginator\nfrom shop.models import Order\n\n\ndef lines(request, pk):\n    order = Order.objects.get(pk=pk)\n    return Paginator(order.lines.all(), 50)\n" }];
    const [f] = await findingsOf("def page(request, pk):\n    for line in Line.objects.filter(order_id=pk):\n        print(line.customer.name)\n", DEFAULT_CONFIG, "shop/pages.py", paged);
    expect(f?.message).toContain("one parent may have many: its rows are paginated (shop/views.py:7)");
  });

  it.each([
    ["an admin that hides the full count", others],
    ["the whole table streamed elsewhere", [{ path: "shop/export.py", text: "from shop.models import Line\n\n\ndef dump():\n    for line in Line.objects.all().iterator():\n        yield line.pk\n" }]],
  ])("does not raise one parent's rows in a request for evidence about the whole table: %s", async (_what, traces) => {
    for (const lookup of ["order_id=pk", "order__customer_id=pk"]) {
      const [f] = await findingsOf(`def page(request, pk):\n    for line in Line.objects.filter(${lookup}):\n        print(line.customer.name)\n`, DEFAULT_CONFIG, "shop/pages.py", traces);
      expect(f).toMatchObject({ level: "info", impact: { level: "low" } });
    }
  });
});

describe("the rows of one parent, however they are picked", () => {
  it("takes a key kept as a plain number (`account_id = PositiveIntegerField()`) pinned by equality for one object's rows", async () => {
    const large = [{ path: "shop/admin.py", text: "from django.contrib import admin\nfrom shop.models import Line\n\n\n@admin.register(Line)\nclass LineAdmin(admin.ModelAdmin):\n    show_full_result_count = False\n" }];
    const [inRequest] = await findingsOf("def page(request):\n    for line in Line.objects.filter(account_id=request.user.id):\n        print(line.customer.name)\n", DEFAULT_CONFIG, "shop/pages.py", large);
    expect(inRequest).toMatchObject({ level: "info", impact: { level: "low" } });
    expect(inRequest?.message).not.toContain("selected by value");
    const [inJob] = await findingsOf("def job(account):\n    for line in Line.objects.filter(account_id=account):\n        print(line.customer.name)\n", DEFAULT_CONFIG, "shop/jobs.py", large);
    expect(inJob).toMatchObject({ level: "info", impact: { level: "low" } });
    // A text column named like a key is a value, not a parent; a list of keys is many parents.
    const [text] = await findingsOf("def page(request):\n    for line in Line.objects.filter(external_id=request.GET['x']):\n        print(line.customer.name)\n");
    expect(text?.message).toContain("selected by value");
    const [listed] = await findingsOf("def page(request):\n    for line in Line.objects.filter(account_id__in=request.GET.getlist('a')):\n        print(line.customer.name)\n", DEFAULT_CONFIG, "shop/pages.py", large);
    expect(listed?.message).toContain("Line may be a large table");
  });

  // Every Line and every Parcel streamed elsewhere: both tables are large.
  const large = [{ path: "shop/export.py", text: "from shop.models import Line, Parcel\n\n\ndef dump():\n    for line in Line.objects.all().iterator():\n        yield line.pk\n    for parcel in Parcel.objects.all().iterator():\n        yield parcel.pk\n" }];

  it("does not take a many-to-many pinned to one object for one parent's rows: one tag's rows can be most of a table", async () => {
    const [pinned] = await findingsOf("def job(order):\n    for parcel in Parcel.objects.filter(orders=order):\n        print(parcel.carrier.name)\n", DEFAULT_CONFIG, "shop/jobs.py", large);
    expect(pinned?.message).toContain("Parcel may be a large table");
  });

  it("takes rows under the rows of one parent (`order__in=<one customer's orders>`) for one parent's rows", async () => {
    const [under] = await findingsOf("def job(customer):\n    for line in Line.objects.filter(order__in=Order.objects.filter(customer=customer).values('pk')):\n        print(line.customer.name)\n", DEFAULT_CONFIG, "shop/jobs.py", large);
    expect(under).toMatchObject({ level: "info", impact: { level: "low" } });
    expect(under?.message).not.toContain("may be a large table");
    const [many] = await findingsOf("def job():\n    for line in Line.objects.filter(order__in=Order.objects.filter(status='open').values('pk')):\n        print(line.customer.name)\n", DEFAULT_CONFIG, "shop/jobs.py", large);
    expect(many?.message).toContain("Line may be a large table");
  });

  it("keeps rows under one object's rows inline in a request: the children of many parents on a page", async () => {
    const [f] = await findingsOf("def page(request, customer):\n    for line in Line.objects.filter(order__in=Order.objects.filter(customer=customer)):\n        print(line.customer.name)\n", DEFAULT_CONFIG, "shop/pages.py");
    expect(f?.level).not.toBe("info");
    expect(f?.message).toContain("the Line rows of many Order rows while a request waits");
  });

  it("takes the rows linked to an untyped object's default reverse accessor for one object's rows (no size evidence raises them)", async () => {
    const code = "def job(**kwargs):\n    for order in Order.objects.filter(id__in=kwargs['instance'].line_set.values('order_id')):\n        print(order.customer.name)\n";
    const orders = [{ path: "shop/export.py", text: "from shop.models import Order\n\n\ndef dump():\n    for order in Order.objects.all().iterator():\n        yield order.pk\n" }];
    const [f] = await findingsOf(code, DEFAULT_CONFIG, "shop/jobs.py", orders);
    expect(f).toMatchObject({ level: "info", impact: { level: "low" } });
  });

  it("does not raise one order's lines in a request for evidence that one customer has many lines", async () => {
    const perCustomer = [{ path: "shop/export.py", text: "from shop.models import Line\n\n\ndef dump(customer):\n    for line in Line.objects.filter(customer=customer).iterator():\n        yield line.pk\n" }];
    const perOrder = [{ path: "shop/export.py", text: "from shop.models import Line\n\n\ndef dump(order):\n    for line in Line.objects.filter(order=order).iterator():\n        yield line.pk\n" }];
    const page = "def page(request, pk):\n    for line in Line.objects.filter(order_id=pk):\n        print(line.customer.name)\n";
    const [other] = await findingsOf(page, DEFAULT_CONFIG, "shop/pages.py", perCustomer);
    expect(other).toMatchObject({ level: "info", impact: { level: "low" } });
    expect(other?.message).not.toContain("may have many");
    const [same] = await findingsOf(page, DEFAULT_CONFIG, "shop/pages.py", perOrder);
    expect(same?.message).toContain("one parent may have many");
  });
});

describe("evidence about the rows the loop walks", () => {
  it("does not count the loop's own iterator() as evidence that its table is large", async () => {
    const own = await findingsOf("def job():\n    for order in Order.objects.filter(status='open').iterator():\n        print(order.customer.name)\n", DEFAULT_CONFIG, "shop/jobs.py");
    expect(own[0]).toMatchObject({ level: "info", impact: { level: "low" } });
    const elsewhere = [{ path: "shop/export.py", text: "from shop.models import Order\n\n\ndef dump():\n    for order in Order.objects.all().iterator():\n        yield order.pk\n" }];
    expect(own[0]?.message).not.toContain("may be a large table");
    const [raised] = await findingsOf("def job():\n    for order in Order.objects.filter(status='open').iterator():\n        print(order.customer.name)\n", DEFAULT_CONFIG, "shop/jobs.py", elsewhere);
    expect(raised?.message).toContain("Order may be a large table: its rows are streamed with `.iterator()` (shop/export.py");
  });

  it("moves a loop over keys listed in the code to info, even for a large table", async () => {
    const config = configSchema.parse({});
    const admin = [{ path: "shop/admin.py", text: "from django.contrib import admin\nfrom shop.models import Order\n\n\n@admin.register(Order)\nclass OrderAdmin(admin.ModelAdmin):\n    show_full_result_count = False\n" }];
    const [f] = await findingsOf("def page(request, a, b):\n    for order in Order.objects.filter(pk__in=[a, b]):\n        print(order.customer.name)\n", config, "shop/pages.py", admin);
    expect(f).toMatchObject({ level: "info", impact: { level: "low" } });
    expect(f?.message).toContain("at most 2 rows, picked by keys listed in the code");
    // A literal list of values of a non-unique field bounds nothing.
    const [g] = await findingsOf("def page(request):\n    for order in Order.objects.filter(status__in=['a', 'b']):\n        print(order.customer.name)\n", config, "shop/pages.py", admin);
    expect(g?.level).not.toBe("info");
  });

  it("keeps the children of many parents walked in a tasks module at their level", async () => {
    const code = "def publish(customer_ids):\n    for line in Line.objects.filter(order__in=Order.objects.filter(customer_id__in=customer_ids)):\n        print(line.customer.name)\n";
    const [task] = await findingsOf(code, DEFAULT_CONFIG, "shop/tasks/publishing.py");
    expect(task?.level).not.toBe("info");
    expect(task?.message).toContain("of many Order rows while a background task waits");
    const [plain] = await findingsOf(code, DEFAULT_CONFIG, "shop/helpers.py");
    expect(plain?.level).toBe("info");
    // Many orders, but all of one customer: the rows under one parent.
    const [one] = await findingsOf(code.replace("filter(order__in=", "filter(customer_id=7, order__in="), DEFAULT_CONFIG, "shop/tasks/publishing.py");
    expect(one?.level).toBe("info");
  });
});

describe("rows one object links to through a join table (id__in=obj.rel.values(...))", () => {
  const admin = "from django.contrib import admin\nfrom shop.models import Order\n\n\n@admin.register(Order)\nclass OrderAdmin(admin.ModelAdmin):\n    show_full_result_count = False\n";

  it.each([
    ["a known instance", "def cleanup(pk):\n    customer = Customer.objects.get(pk=pk)\n    for order in Order.objects.filter(id__in=customer.orders.values('id')):\n        print(order.customer.name)\n"],
    ["an object of unknown type, through a default reverse accessor", "def on_delete(sender, **kwargs):\n    for order in Order.objects.filter(id__in=kwargs['instance'].order_set.values('id')):\n        print(order.customer.name)\n"],
  ])("are not raised by a large table outside a request: %s", async (_what, code) => {
    const [f] = await findingsOf(code, DEFAULT_CONFIG, "shop/pages.py", [{ path: "shop/admin.py", text: admin }]);
    expect(f?.level).toBe("info");
  });
});

describe("tables the project shows to be small", () => {
  const loop = "def page(request):\n    for order in Order.objects.all():\n        print(order.customer.name)\n";
  const listFilter = "from django.contrib import admin\nfrom shop.models import Line\n\n\n@admin.register(Line)\nclass LineAdmin(admin.ModelAdmin):\n    list_filter = ('status', ('order', admin.RelatedOnlyFieldListFilter))\n";
  const select = "from django import forms\nfrom shop.models import Order\n\n\nclass PickForm(forms.Form):\n    order = forms.ModelChoiceField(queryset=Order.objects.all())\n";

  it.each([
    ["an admin sidebar filter over a key to it", "shop/admin.py", listFilter, "list_filter"],
    ["a form select over the whole table", "shop/forms.py", select, "a form lists every row of it"],
  ])("moves a whole-table loop in a request to info: %s", async (_what, path, text, why) => {
    const [f] = await findingsOf(loop, DEFAULT_CONFIG, "shop/pages.py", [{ path, text }]);
    expect(f).toMatchObject({ level: "info", impact: { level: "low" } });
    expect(f?.message).toContain("Order holds few rows");
    expect(f?.message).toContain(why);
  });

  it("never takes the user model, or a proxy of it, for a small table", async () => {
    const models = "from django.contrib.auth.models import User\nfrom django.db import models\n\n\nclass Member(User):\n    class Meta:\n        proxy = True\n\n\nclass Note(models.Model):\n    author = models.ForeignKey(Member, on_delete=models.CASCADE)\n    topic = models.ForeignKey('Topic', on_delete=models.CASCADE)\n\n\nclass Topic(models.Model):\n    name = models.CharField(max_length=9)\n";
    const admin = "from django.contrib import admin\nfrom site.models import Note\n\n\n@admin.register(Note)\nclass NoteAdmin(admin.ModelAdmin):\n    list_filter = ('author', 'topic')\n";
    const sources = [{ path: "site/models.py", text: models }, { path: "site/admin.py", text: admin }];
    const index = await buildProjectIndex(sources);
    const sizes = collectTableSizes(sources, index);
    expect(sizes.small("site.models.Member")).toBeUndefined();
    expect(sizes.small("site.models.Topic")?.reason).toContain("list_filter");
  });

  it("follows a related path: its last relation's rows, or the model of a key at its end; not another column's values", async () => {
    const models = "from django.db import models\n\n\nclass Shelf(models.Model):\n    label = models.CharField(max_length=9)\n\n\nclass Topic(models.Model):\n    shelf = models.ForeignKey(Shelf, on_delete=models.CASCADE)\n    name = models.CharField(max_length=9)\n\n\nclass Note(models.Model):\n    topic = models.ForeignKey(Topic, on_delete=models.CASCADE)\n    status = models.CharField(max_length=9)\n";
    const sizesOf = async (listed: string) => {
      const admin = `from django.contrib import admin\nfrom site.models import Note\n\n\n@admin.register(Note)\nclass NoteAdmin(admin.ModelAdmin):\n    list_filter = (${listed},)\n`;
      const sources = [{ path: "site/models.py", text: models }, { path: "site/admin.py", text: admin }];
      return collectTableSizes(sources, await buildProjectIndex(sources));
    };
    expect((await sizesOf("'topic__id'")).small("site.models.Topic")?.reason).toContain("Note.topic__id");
    expect((await sizesOf("'topic__pk'")).small("site.models.Topic")).toBeDefined();
    expect((await sizesOf("'topic__shelf'")).small("site.models.Shelf")).toBeDefined();
    const byName = await sizesOf("'topic__name'");
    expect(byName.small("site.models.Topic")).toBeUndefined();
    expect(byName.small("site.models.Shelf")).toBeUndefined();
    expect((await sizesOf("'topic__shelf__label'")).small("site.models.Shelf")).toBeUndefined();
  });

  it("lets evidence of a large table win, and does not take a filtered select for the whole table", async () => {
    const large = "from django.contrib import admin\nfrom shop.models import Order\n\n\n@admin.register(Order)\nclass OrderAdmin(admin.ModelAdmin):\n    show_full_result_count = False\n";
    const [both] = await findingsOf(loop, DEFAULT_CONFIG, "shop/pages.py", [{ path: "shop/admin.py", text: large }, { path: "shop/forms.py", text: select }]);
    expect(both?.level).not.toBe("info");
    const filtered = select.replace("Order.objects.all()", "Order.objects.filter(status='open')");
    const [f] = await findingsOf(loop, DEFAULT_CONFIG, "shop/pages.py", [{ path: "shop/forms.py", text: filtered }]);
    expect(f?.level).not.toBe("info");
  });
});

describe("DJP210: the table size decides the level of an ordering without an index", () => {
  const ordered = MODELS.replace('    status = models.CharField(max_length=9)\n', '    status = models.CharField(max_length=9)\n    placed = models.DateTimeField()\n\n    class Meta:\n        ordering = ["-placed"]\n');
  async function djp210(others: SourceText[], config: DjperfConfig = DEFAULT_CONFIG): Promise<Finding[]> {
    const sources = [{ path: "shop/models.py", text: ordered }, ...others];
    const index = await buildProjectIndex(sources);
    const file = parseFile("shop/models.py", ordered);
    const sizes = collectTableSizes(sources, index);
    return analyseFile({ file, index, django: createDjangoFacts(file, index), rules: RULES, config, sizes }).findings.filter((f) => f.ruleId === "DJP210");
  }

  it("reports Meta.ordering at info when nothing shows the table is large, and says why", async () => {
    const [f] = await djp210([]);
    expect(f?.level).toBe("info");
    expect(f?.message).toContain("Reported at info: nothing shows that Order holds very many rows");
  });

  it("keeps info when the project only shows more rows than a select holds (an admin raw_id_fields key to it, a paged list)", async () => {
    const admin = "from django.contrib import admin\nfrom shop.models import Line\n\n\nclass LineAdmin(admin.ModelAdmin):\n    raw_id_fields = ('order',)\n\n\nadmin.site.register(Line, LineAdmin)\n";
    const view = "from django.views.generic import ListView\nfrom shop.models import Order\n\n\nclass OrderList(ListView):\n    model = Order\n    paginate_by = 20\n";
    const [f] = await djp210([{ path: "shop/admin.py", text: admin }, { path: "shop/views.py", text: view }]);
    expect(f?.level).toBe("info");
  });

  it("reports it at warn when the project shows very many rows (the admin turns off its full count, rows streamed)", async () => {
    const admin = "from django.contrib import admin\nfrom shop.models import Order\n\n\nclass OrderAdmin(admin.ModelAdmin):\n    show_full_result_count = False\n\n\nadmin.site.register(Order, OrderAdmin)\n";
    const [counted] = await djp210([{ path: "shop/admin.py", text: admin }]);
    expect(counted?.level).toBe("warn");
    expect(counted?.message).toContain("Reported at warn: Order is a large table:");
    const job = "from shop.models import Order\n\n\ndef export():\n    for order in Order.objects.filter(status=\"done\").iterator():\n        print(order.pk)\n";
    const [streamed] = await djp210([{ path: "shop/jobs.py", text: job }]);
    expect(streamed?.level).toBe("warn");
  });

  it("takes an event table's own indexed creation stamp as very many rows, not one inherited from an audit mixin", async () => {
    const models = `from django.db import models


class User(models.Model):
    email = models.CharField(max_length=50)


class Stamped(models.Model):
    created_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    created_on = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        abstract = True


class Proposal(Stamped):
    title = models.CharField(max_length=50)

    class Meta:
        ordering = ["title"]


class PageView(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE)
    created_on = models.DateTimeField(auto_now_add=True, db_index=True)
    path = models.CharField(max_length=50)

    class Meta:
        ordering = ["path"]
`;
    const sources = [{ path: "shop/models.py", text: models }];
    const index = await buildProjectIndex(sources);
    const file = parseFile("shop/models.py", models);
    const found = analyseFile({ file, index, django: createDjangoFacts(file, index), rules: RULES, config: DEFAULT_CONFIG, sizes: collectTableSizes(sources, index) }).findings.filter((f) => f.ruleId === "DJP210");
    expect(found.map((f) => [f.message.slice(1, f.message.indexOf("`", 1)), f.level])).toEqual([
      ["Proposal", "info"],
      ["PageView", "warn"],
    ]);
  });

  it("takes large_models as proof, one level up", async () => {
    const [f] = await djp210([], configSchema.parse({ large_models: ["shop.Order"] }));
    expect(f?.level).toBe("block");
  });
});

describe("an import's input (round 14)", () => {
  it("does not take json.loads of a parameter for an import's input, and still takes json.load of an opened file", async () => {
    const param = "def apply(json_data):\n    for d in json.loads(json_data):\n        Order.objects.get(pk=d['pk'])\n";
    const file = "def apply(path):\n    for d in json.load(open(path)):\n        Order.objects.get(pk=d['pk'])\n";
    const read = "def apply(path):\n    text = open(path).read()\n    for d in json.loads(text):\n        Order.objects.get(pk=d['pk'])\n";
    const [quiet] = await findingsOf(`import json\n\n\n${param}`, DEFAULT_CONFIG, "shop/jobs.py", [], "DJP103");
    const [loud] = await findingsOf(`import json\n\n\n${file}`, DEFAULT_CONFIG, "shop/jobs.py", [], "DJP103");
    const [followed] = await findingsOf(`import json\n\n\n${read}`, DEFAULT_CONFIG, "shop/jobs.py", [], "DJP103");
    expect(quiet?.level).toBe("info");
    expect(quiet?.message).not.toContain("the loop walks an import's input");
    expect(loud?.message).toContain("the loop walks an import's input");
    expect(followed?.message).toContain("the loop walks an import's input");
  });
});

describe("an uploaded file's rows in a request (round 14)", () => {
  const view = (source: string) =>
    `def upload(request, pk):\n    parser = reader.OrderParser(${source})\n    for row in parser.rows:\n        Order.objects.get_or_create(number=row['number'], defaults={'status': row['status']})\n`;

  it("takes a parser class given a file for an import's input, and DJP503 goes inline there", async () => {
    const [f] = await findingsOf(`from shop import reader\n\n\n${view("request.FILES['orders']")}`, DEFAULT_CONFIG, "shop/views.py", [], "DJP503");
    expect(f?.level).toBe("warn");
    expect(f?.message).toContain("Reported at warn: the loop walks an import's input");
    const [stored] = await findingsOf(`from shop import reader\n\n\n${view("Order.objects.get(pk=pk).import_file")}`, DEFAULT_CONFIG, "shop/views.py", [], "DJP503");
    expect(stored?.level).toBe("warn");
  });
  it("raises the counted-created rewrite there too", async () => {
    const counted = "def upload(request):\n    parser = reader.OrderParser(request.FILES['orders'])\n    made = 0\n    for row in parser.rows:\n        _, created = Order.objects.get_or_create(number=row['number'])\n        if created:\n            made += 1\n    return made\n";
    const [f] = await findingsOf(`from shop import reader\n\n\n${counted}`, DEFAULT_CONFIG, "shop/views.py", [], "DJP503");
    expect(f?.messageId).toBe("upsertCounted");
    expect(f?.level).toBe("warn");
  });
  it("does not take a parser of the form's fields for one", async () => {
    const [f] = await findingsOf(`from shop import reader\n\n\n${view("request.POST")}`, DEFAULT_CONFIG, "shop/views.py", [], "DJP503");
    expect(f?.level).toBe("info");
  });
});

describe("a loader only management commands call (round 14)", () => {
  const loader = "def load_orders(path):\n    for row in csv.reader(open(path)):\n        Order.objects.update_or_create(number=row[0], defaults={'status': row[1]})\n";
  const command = {
    path: "shop/management/commands/load_orders.py",
    text: "from django.core.management.base import BaseCommand\n\nfrom shop.loaders import load_orders\n\n\nclass Command(BaseCommand):\n    def handle(self, *args, **options):\n        load_orders(options['path'])\n",
  };
  const view = { path: "shop/views.py", text: "from shop.loaders import load_orders\n\n\ndef reload(request):\n    load_orders('/data/orders.csv')\n" };

  it("rates the loop as run by hand, and keeps it inline when a view calls the loader too", async () => {
    const [byHand] = await findingsOf(`import csv\n\n\n${loader}`, DEFAULT_CONFIG, "shop/loaders.py", [command], "DJP503");
    expect(byHand?.level).toBe("info");
    expect(byHand?.impact?.reason).toContain("`load_orders` is called only from management commands (load_orders)");
    const [inline] = await findingsOf(`import csv\n\n\n${loader}`, DEFAULT_CONFIG, "shop/loaders.py", [command, view], "DJP503");
    expect(inline?.level).toBe("warn");
  });

  it("follows a helper of the same module that only the command's entry point calls", async () => {
    const nested = `import csv\n\n\ndef load_all(path):\n    import_orders(path)\n\n\n${loader.replace("def load_orders(path)", "def import_orders(path)")}`;
    // The command module keeps its name (load_orders); it imports and calls load_all.
    const entry = { ...command, text: command.text.replace(/load_orders/g, "load_all") };
    const [byHand] = await findingsOf(nested, DEFAULT_CONFIG, "shop/loaders.py", [entry], "DJP503");
    expect(byHand?.impact?.reason).toContain("`import_orders` is called only from management commands (load_orders)");
    const viewToo = { path: "shop/views.py", text: "from shop.loaders import import_orders\n\n\ndef reload(request):\n    import_orders('/data/orders.csv')\n" };
    const [inline] = await findingsOf(nested, DEFAULT_CONFIG, "shop/loaders.py", [entry, viewToo], "DJP503");
    expect(inline?.level).toBe("warn");
  });
});
