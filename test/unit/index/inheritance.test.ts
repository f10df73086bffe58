/** Golden test: abstract bases in another module, mixins, proxies, multi-table inheritance, "self". */
import { beforeAll, describe, expect, it } from "vitest";
import { summariseModel } from "../../../src/analysis/index/summary.js";
import type { ProjectIndex } from "../../../src/analysis/index/types.js";
import { indexProject } from "./load-project.js";

describe("ProjectIndex: inheritance project", () => {
  let index: ProjectIndex;
  const model = (qn: string) => {
    const m = index.models.get(qn);
    if (!m) throw new Error(`no model ${qn}`);
    return summariseModel(m);
  };
  beforeAll(async () => {
    index = await indexProject("inheritance");
  });

  it("copies abstract-base fields into each child, expanding %(app_label)s / %(class)s per child", () => {
    expect(model("blog.models.Comment")).toEqual({
      app: "blog",
      flags: [],
      bases: ["core.models.TimeStamped"],
      fields: {
        id: "concrete AutoField auto",
        post: "fk ForeignKey -> blog.models.Post related_name=comments",
        body: "concrete TextField",
        created: "concrete DateTimeField (from core.models.TimeStamped)",
        // No AUTH_USER_MODEL in settings: Django's own User is not in the project.
        created_by:
          "fk ForeignKey -> django.contrib.auth.models.User null related_name=blog_comment_created (from core.models.TimeStamped)",
      },
      reverse: {},
      managers: { objects: "(default)" },
      // No own Meta: the abstract base's Meta applies (ordering, index with the name template expanded).
      meta: { ordering: ["-created"], indexes: ["Index(created) blog_comment_created_idx"] },
      methods: [],
      properties: [],
    });
  });

  it("merges a plain mixin's save() and properties, and an explicit Meta(Base.Meta)", () => {
    expect(model("blog.models.Post")).toMatchObject({
      flags: ["save()"],
      bases: ["core.mixins.AuditSaveMixin", "core.models.TimeStamped"],
      fields: {
        id: "concrete AutoField auto",
        title: "concrete CharField",
        category: "fk ForeignKey -> blog.models.Category",
        created: "concrete DateTimeField (from core.models.TimeStamped)",
        created_by:
          "fk ForeignKey -> django.contrib.auth.models.User null related_name=blog_post_created (from core.models.TimeStamped)",
      },
      reverse: { comments: "reverse-fk blog.models.Comment.post" },
      meta: { ordering: ["-created"], indexes: ["Index(created) blog_post_created_idx"], dbTable: "blog_post" },
      methods: ["save"],
      properties: ["audit_label"],
    });
    const post = index.models.get("blog.models.Post");
    expect(post?.overridesSave).toBe(true);
    expect(post?.complete).toBe(true);
  });

  it("keeps the abstract base itself as an abstract model without managers", () => {
    expect(model("core.models.TimeStamped")).toMatchObject({
      flags: ["abstract"],
      fields: {
        created: "concrete DateTimeField",
        created_by: "fk ForeignKey -> django.contrib.auth.models.User null related_name=core_timestamped_created",
      },
      managers: {},
    });
    expect(index.resolveModelLabel("core.TimeStamped", "core.models")).toBeUndefined();
  });

  it('resolves "self" on an abstract base to the concrete child', () => {
    expect(model("blog.models.Category")).toMatchObject({
      fields: {
        id: "concrete AutoField auto",
        name: "concrete CharField",
        parent: "fk ForeignKey -> blog.models.Category null related_name=children (from core.models.Tree)",
      },
      reverse: {
        children: "reverse-fk blog.models.Category.parent",
        post_set: "reverse-fk blog.models.Post.category",
      },
      methods: ["ancestors"],
    });
  });

  it("gives a proxy its parent's fields, reverse accessors and indexes, with its own ordering", () => {
    expect(model("blog.models.PublishedPost")).toEqual({
      app: "blog",
      flags: ["proxy", "save()"],
      bases: ["blog.models.Post"],
      fields: {
        id: "concrete AutoField auto (from blog.models.Post)",
        title: "concrete CharField (from blog.models.Post)",
        category: "fk ForeignKey -> blog.models.Category (from blog.models.Post)",
        created: "concrete DateTimeField (from core.models.TimeStamped)",
        created_by:
          "fk ForeignKey -> django.contrib.auth.models.User null related_name=blog_post_created (from core.models.TimeStamped)",
      },
      reverse: { comments: "reverse-fk blog.models.Comment.post" },
      managers: { objects: "(default)" },
      meta: { ordering: ["title"], indexes: ["Index(created) blog_post_created_idx"] },
      methods: ["publish", "save"],
      properties: ["audit_label"],
    });
    // A proxy's fields are the parent's own objects (one table).
    expect(index.models.get("blog.models.PublishedPost")?.fields.get("title")).toBe(
      index.models.get("blog.models.Post")?.fields.get("title"),
    );
  });

  it("links a multi-table child to its parent both ways", () => {
    expect(model("blog.models.Restaurant")).toMatchObject({
      bases: ["blog.models.Place"],
      fields: {
        serves_pizza: "concrete BooleanField",
        place_ptr: "o2o OneToOneField -> blog.models.Place auto",
        id: "concrete AutoField auto (from blog.models.Place)",
        name: "concrete CharField (from blog.models.Place)",
      },
      // The accessor back to itself is not inherited.
      reverse: {},
      meta: { ordering: ["name"], indexes: ["Index(name) place_name_idx"] },
    });
    expect(model("blog.models.Place").reverse).toEqual({ restaurant: "reverse-o2o blog.models.Restaurant.place_ptr" });
  });

  it('gives a symmetrical ManyToManyField("self") no reverse accessor', () => {
    expect(model("blog.models.Person")).toMatchObject({
      fields: {
        friends: "m2m ManyToManyField -> blog.models.Person",
        mentors: "m2m ManyToManyField -> blog.models.Person related_name=mentees",
      },
      reverse: { mentees: "reverse-m2m blog.models.Person.mentors" },
    });
  });

  it("does not make a plain mixin a model", () => {
    expect(index.models.has("core.mixins.AuditSaveMixin")).toBe(false);
    expect(index.classes.has("core.mixins.AuditSaveMixin")).toBe(true);
    expect(index.authUserModel).toBeUndefined();
  });
});
