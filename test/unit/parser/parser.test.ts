import { describe, expect, it } from "vitest";
import { decodeSource, parsePython, syntaxErrorLines } from "../../../src/analysis/parser.js";
import { rangeOf } from "../../../src/analysis/positions.js";

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

describe("decodeSource", () => {
  it("decodes UTF-8 text", () => {
    expect(decodeSource(utf8("name = 'café'\n"))).toEqual({ ok: true, text: "name = 'café'\n" });
  });

  it("strips a UTF-8 byte order mark", () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8("x = 1\n")]);
    expect(decodeSource(bytes)).toEqual({ ok: true, text: "x = 1\n" });
  });

  it("skips binary files (a NUL byte)", () => {
    const decoded = decodeSource(new Uint8Array([0x78, 0x00, 0x79]));
    expect(decoded).toEqual({ ok: false, reason: "skipped: binary file (contains a NUL byte)" });
  });

  it("skips text that is not UTF-8", () => {
    // "café" in Latin-1: 0xE9 is not a valid UTF-8 sequence on its own.
    const decoded = decodeSource(new Uint8Array([0x63, 0x61, 0x66, 0xe9, 0x0a]));
    expect(decoded).toEqual({ ok: false, reason: "skipped: not valid UTF-8 text" });
  });

  it("skips files over the size limit and accepts one exactly at it", () => {
    const decoded = decodeSource(utf8("x = 12345\n"), 9);
    expect(decoded.ok).toBe(false);
    if (!decoded.ok) expect(decoded.reason).toMatch(/^skipped: 10 B is over the 9 B limit/);
    expect(decodeSource(utf8("x = 1234\n"), 9).ok).toBe(true);
    const big = decodeSource(new Uint8Array(2 * 1024 * 1024 + 1));
    expect(big.ok).toBe(false);
    if (!big.ok) expect(big.reason).toContain("2.0 MB is over the 1.0 MB limit");
  });
});

describe("syntaxErrorLines", () => {
  it("is empty for valid code", () => {
    expect(syntaxErrorLines(parsePython("def f(x):\n    return x\n"))).toEqual([]);
  });

  it("gives the 1-based lines of syntax errors", () => {
    const tree = parsePython("x = 1\n\ndef f(:\n    pass\n\ny = 2\n");
    expect(syntaxErrorLines(tree)).toEqual([3]);
  });

  it("finds errors in several places (missing tokens too), up to the limit", () => {
    // Lines 1 and 6 miss a `)` (MISSING nodes), line 10 has an ERROR node.
    const broken = "def f(:\n    pass\n\nx = 1\n\ndef g(:\n    pass\n\nz = 3\ny = = 2\n";
    expect(syntaxErrorLines(parsePython(broken))).toEqual([1, 6, 10]);
    expect(syntaxErrorLines(parsePython(broken), 2)).toEqual([1, 6]);
  });
});

describe("parsePython positions", () => {
  it("counts columns in UTF-16 code units after non-BMP characters", () => {
    const tree = parsePython('s = "😀"; y = 1\nt = "é"; z = 2\n');
    const ids = tree.rootNode.descendantsOfType("identifier");
    const y = ids.find((n) => n.text === "y")!;
    const z = ids.find((n) => n.text === "z")!;
    // 😀 is two UTF-16 code units (four UTF-8 bytes): `y` starts at JS string index 10.
    expect(rangeOf(y)).toEqual({ start: { line: 1, column: 11 }, end: { line: 1, column: 12 } });
    expect(rangeOf(z)).toEqual({ start: { line: 2, column: 10 }, end: { line: 2, column: 11 } });
    const line1 = 's = "😀"; y = 1';
    expect(line1.slice(rangeOf(y).start.column - 1, rangeOf(y).end.column - 1)).toBe("y");
  });

  it("does not shift later nodes after a string of non-BMP characters", () => {
    const text = 'label = "𝔘𝔫𝔦𝔠𝔬𝔡𝔢"\ncount = 3\n';
    const tree = parsePython(text);
    expect(tree.rootNode.hasError).toBe(false);
    const count = tree.rootNode.descendantsOfType("identifier").find((n) => n.text === "count")!;
    expect(rangeOf(count).start).toEqual({ line: 2, column: 1 });
    const str = tree.rootNode.descendantsOfType("string")[0]!;
    expect(rangeOf(str).end).toEqual({ line: 1, column: 9 + '"𝔘𝔫𝔦𝔠𝔬𝔡𝔢"'.length });
  });
});
