/** The repository-wide lookup count behind DJP211: what counts, what does not, and `index_advisor: off`. */
import { describe, expect, it } from "vitest";
import { buildProjectIndex } from "../../../src/analysis/index/build.js";
import { parseConfigText } from "../../../src/config/load.js";
import { loadRule, runRuleOn } from "../../helpers/fixture-runner.js";
import { advisorOn } from "../../../src/pipeline/run-analysis.js";
import { RULES } from "../../../rules/index.js";

const MODELS = `from django.db import models


class Ticket(models.Model):
    code = models.CharField(max_length=20)
    state = models.CharField(max_length=10, choices=[("o", "open")])
    owner = models.ForeignKey("auth.User", on_delete=models.CASCADE)
`;

const USES = `from desk.models import Ticket


def a(c):
    return Ticket.objects.get(code=c)


def b(cs):
    return Ticket.objects.filter(code__in=cs)


def c(c):
    return Ticket.objects.filter(code=c, state="o")


def d(tickets, c):
    return tickets.filter(code=c)


def e(user, c):
    return Ticket.objects.filter(owner=user, code=c)


def f(c):
    return Ticket.objects.exclude(code=c)


def g():
    return Ticket.objects.filter(code=Ticket.CODE_DEFAULT)
`;

/** The same lookup in a management command and an admin module: run by hand or for staff. */
const BY_HAND = `from desk.models import Ticket


def h(c):
    return Ticket.objects.get(code=c)
`;

const sources = [
  { path: "desk/__init__.py", text: "" },
  { path: "desk/models.py", text: MODELS },
  { path: "desk/selectors.py", text: USES },
  { path: "desk/management/commands/close_tickets.py", text: BY_HAND },
  { path: "desk/admin.py", text: BY_HAND },
];

describe("lookup count", () => {
  it("counts provable Model.manager chains only, and not sites narrowed by another indexed column", async () => {
    const index = await buildProjectIndex(sources, { cache: null });
    const advice = index.lookups.advice("desk.models.Ticket");
    // a, b, c and g count; d (a variable), e (narrowed by the owner foreign key), f (`code <> c`: no index
    // serves it) and the command and admin module do not.
    expect(advice.map((a) => [a.kind, a.fields.join("+"), a.uses.length])).toEqual([["field", "code", 4]]);
    expect(index.lookups.usesIn("desk/selectors.py").map((u) => u.use.line)).toEqual([5, 9, 13, 29]);
    expect(index.lookups.usesIn("desk/admin.py")).toEqual([]);
  });

  it("suggests no plain index on a column compared only with the model's named constants", async () => {
    const named = USES.replace(/Ticket\.objects\.(get|filter)\(code(__in)?=cs?\)/g, "Ticket.objects.$1(code$2=Ticket.CODE_DEFAULT)").replace('filter(code=c, state="o")', 'filter(code=Ticket.CODE_DEFAULT, state="o")');
    const index = await buildProjectIndex([...sources.filter((s) => s.path !== "desk/selectors.py"), { path: "desk/selectors.py", text: named }], { cache: null });
    expect(index.lookups.advice("desk.models.Ticket")).toEqual([]);
  });

  it("counts nothing when no lookup sources are given", async () => {
    const index = await buildProjectIndex(sources, { cache: null, lookups: [] });
    expect(index.lookups.files).toBe(0);
    expect(index.lookups.advice("desk.models.Ticket")).toEqual([]);
  });

  it("index_advisor: off silences DJP211", async () => {
    const rule = await loadRule("DJP211-index-advisor");
    const on = await runRuleOn(rule, "desk/models.py", MODELS, sources);
    expect(on.map((f) => f.range.start.line)).toEqual([5]);
    const off = parseConfigText("index_advisor: off\n");
    expect(off.problems).toEqual([]);
    expect(await runRuleOn(rule, "desk/models.py", MODELS, sources, off.config)).toEqual([]);
  });

  it("runs in a whole-repository check by default, in a pull request only with index_advisor: on", () => {
    const config = (text: string) => parseConfigText(text).config;
    expect(advisorOn(config(""), RULES, false)).toBe(true);
    // A pull request would read every module of the repository for the count: not by default.
    expect(advisorOn(config(""), RULES, true)).toBe(false);
    expect(advisorOn(config("index_advisor: on\n"), RULES, true)).toBe(true);
    expect(advisorOn(config("index_advisor: true\n"), RULES, true)).toBe(true);
    expect(advisorOn(config("index_advisor: off\n"), RULES, false)).toBe(false);
    expect(advisorOn(config("rules:\n  DJP211: off\n"), RULES, false)).toBe(false);
  });
});
