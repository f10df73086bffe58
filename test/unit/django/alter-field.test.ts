/**
 * alterFieldRunsSql: which AlterFields Django's schema editor turns into SQL, per Django version
 * (Field.non_db_attrs since 4.1, the same list without `choices` in 3.2–4.0, every keyword before).
 */
import { describe, expect, it } from "vitest";
import { parsePython } from "../../../src/analysis/parser.js";
import { exprOf } from "../../../src/analysis/index/expr.js";
import { fieldStateOf, type FieldState } from "../../../src/analysis/index/migrations/state.js";
import { alterFieldRunsSql, columnOf } from "../../../src/analysis/django/alter-field.js";

function field(name: string, source: string): FieldState {
  const node = parsePython(source).rootNode.namedChildren[0]!.namedChildren[0]!;
  return fieldStateOf(name, exprOf(node))!;
}

const django = (version: string | undefined) => ({
  djangoAtLeast: (v: string) => (version === undefined ? undefined : version.localeCompare(v, undefined, { numeric: true }) >= 0),
});

const FK = 'models.ForeignKey(null=True, on_delete=models.CASCADE, related_name="orders", to="shop.Customer")';

describe("alterFieldRunsSql", () => {
  it("an unknown previous definition proves nothing", () => {
    expect(alterFieldRunsSql(undefined, field("customer", FK), "shop", django("5.2"))).toBeUndefined();
  });

  it("related_name on a foreign key: no SQL from Django 3.2 on (and when the version is unknown); before 3.2 the FOREIGN KEY constraint is dropped and added back", () => {
    const after = field("customer", 'models.ForeignKey(null=True, on_delete=models.PROTECT, related_name="%(app_label)s_orders", to="shop.customer")');
    const before = field("customer", FK);
    expect(alterFieldRunsSql(before, after, "shop", django("4.2"))).toBe(false);
    expect(alterFieldRunsSql(before, after, "shop", django("3.2"))).toBe(false);
    expect(alterFieldRunsSql(before, after, "shop", django(undefined))).toBe(false);
    expect(alterFieldRunsSql(before, after, "shop", django("3.1"))).toBe(true);
  });

  it("choices on a foreign key counts before 4.1 only; on a plain column it never runs SQL on PostgreSQL", () => {
    const before = field("customer", FK);
    const after = field("customer", FK.replace("null=True", 'null=True, choices=[(1, "one")]'));
    expect(alterFieldRunsSql(before, after, "shop", django("4.1"))).toBe(false);
    expect(alterFieldRunsSql(before, after, "shop", django("4.0"))).toBe(true);
    const status = field("status", "models.CharField(max_length=20)");
    const withChoices = field("status", 'models.CharField(max_length=20, choices=[("a", "A")])');
    expect(alterFieldRunsSql(status, withChoices, "shop", django("3.0"))).toBe(false);
  });

  it("a default on a foreign key re-creates its constraint; without the constraint it changes nothing", () => {
    expect(alterFieldRunsSql(field("customer", FK), field("customer", FK.replace("null=True", "null=True, default=1")), "shop", django("5.2"))).toBe(true);
    const loose = FK.replace("null=True", "null=True, db_constraint=False");
    expect(alterFieldRunsSql(field("customer", loose), field("customer", loose.replace("null=True", "null=True, default=1")), "shop", django("5.2"))).toBe(false);
  });

  it("`to` is the model it names: a model name without its app is the migration's app; another model is a change", () => {
    const before = field("customer", FK);
    expect(alterFieldRunsSql(before, field("customer", FK.replace('"shop.Customer"', '"Customer"')), "shop", django("5.2"))).toBe(false);
    expect(alterFieldRunsSql(before, field("customer", FK.replace('"shop.Customer"', '"shop.Client"')), "shop", django("5.2"))).toBe(true);
    expect(alterFieldRunsSql(before, field("customer", FK.replace('"shop.Customer"', '"crm.Customer"')), "shop", django("5.2"))).toBe(true);
  });

  it("schema keywords count, with Django's defaults written or not", () => {
    const plain = field("note", "models.CharField(max_length=20)");
    expect(alterFieldRunsSql(plain, field("note", "models.CharField(max_length=40)"), "shop", django("5.2"))).toBe(true);
    expect(alterFieldRunsSql(plain, field("note", "models.CharField(max_length=20, null=True)"), "shop", django("5.2"))).toBe(true);
    expect(alterFieldRunsSql(plain, field("note", "models.CharField(max_length=20, null=False, db_index=False)"), "shop", django("5.2"))).toBe(false);
    expect(alterFieldRunsSql(plain, field("note", 'models.CharField(max_length=20, db_comment="why")'), "shop", django("5.2"))).toBe(true);
    expect(alterFieldRunsSql(plain, field("note", "models.TextField()"), "shop", django("5.2"))).toBe(true);
  });

  it("db_column counts by the column it gives", () => {
    expect(columnOf(field("sku", "models.CharField(max_length=9)"))).toBe("sku");
    expect(columnOf(field("customer", FK))).toBe("customer_id");
    const plain = field("sku", "models.CharField(max_length=9)");
    expect(alterFieldRunsSql(plain, field("sku", 'models.CharField(max_length=9, db_column="sku")'), "shop", django("5.2"))).toBe(false);
    expect(alterFieldRunsSql(plain, field("sku", 'models.CharField(max_length=9, db_column="code")'), "shop", django("5.2"))).toBe(true);
  });
});
