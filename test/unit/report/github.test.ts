import { describe, expect, it } from "vitest";
import { escapeData, escapeProperty, formatGithub } from "../../../src/report/formats/github.js";
import { finding, result, span } from "./sample.js";

describe("formatGithub", () => {
  it("writes one workflow command per finding", () => {
    const out = formatGithub(result([finding({ range: span(12, 5, 14, 9) })]));
    expect(out).toBe(
      "::warning file=shop/views.py,line=12,endLine=14,col=5,endColumn=9,title=DJP101 lazy-relation-in-loop::`order.customer` is loaded lazily inside a loop\n",
    );
  });

  it("maps block to error, warn to warning, info to notice, in path/line order", () => {
    const out = formatGithub(
      result([
        finding({ level: "info", range: span(9, 1, 9, 2) }),
        finding({ level: "block", range: span(1, 1, 1, 2) }),
        finding({ level: "warn", range: span(5, 1, 5, 2) }),
      ]),
    );
    expect(out.split("\n").filter(Boolean).map((l) => l.slice(0, l.indexOf(" ")))).toEqual(["::error", "::warning", "::notice"]);
  });

  it("escapes %, CR and LF in the message and also : and , in properties", () => {
    const out = formatGithub(
      result([finding({ path: "odd,dir/a:b.py", message: "100% slower\r\nper row: N+1, really", range: span(1, 1, 1, 4) })]),
    );
    expect(out).toBe(
      "::warning file=odd%2Cdir/a%3Ab.py,line=1,endLine=1,col=1,endColumn=4,title=DJP101 lazy-relation-in-loop::100%25 slower%0D%0Aper row: N+1, really\n",
    );
    expect(out.trimEnd().split("\n")).toHaveLength(1);
  });

  it("ends a range that stops at column 1 of the next line on its last touched line", () => {
    const out = formatGithub(result([finding({ range: span(4, 5, 7, 1) })]));
    expect(out).toContain("line=4,endLine=6,col=5,title=");
    expect(out).not.toContain("endColumn");
  });

  it("prints nothing without findings", () => {
    expect(formatGithub(result([]))).toBe("");
  });

  it("escapes in the order that round-trips", () => {
    expect(escapeData("%0A")).toBe("%250A");
    expect(escapeProperty("a:b,c%")).toBe("a%3Ab%2Cc%25");
  });
});
