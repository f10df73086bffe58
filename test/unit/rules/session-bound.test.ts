/**
 * A list bounded by what the request's session holds (one tenant's rows) bounds a sort, not a page or a
 * response: DJP210 lowers its sort, the paging rules keep their level (rotation set 14: per-committee lists).
 */
import { describe, expect, it } from "vitest";
import { boundImpact, listImpact } from "../../../src/analysis/django/drf-classes.js";
import type { ViewInfo } from "../../../src/analysis/index/drf/types.js";

const view = (session: boolean): ViewInfo => ({ bound: { kind: "user", reason: "the list holds the rows of whoever asks", ...(session ? { session: true } : {}) } }) as unknown as ViewInfo;
const model = { qualifiedName: "shop.models.Contact", name: "Contact" };

describe("session-held bounds", () => {
  it("do not make a page or a response small", () => {
    expect(boundImpact(view(true))).toEqual({});
    expect(listImpact(view(true), model).reason).toContain("nothing shows that Contact holds many rows");
  });
  it("bound a sort, as one user's rows do", () => {
    expect(boundImpact(view(true), true).impact?.reason).toBe("the list holds the rows of whoever asks");
    expect(listImpact(view(true), model, true).reason).toBe("the list holds the rows of whoever asks");
    expect(boundImpact(view(false)).impact?.level).toBe("low");
  });
});
