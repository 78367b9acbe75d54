import { describe, expect, it } from "vitest";
import { parseSnippet } from "./highlight.ts";

describe("parseSnippet", () => {
  it("marks the <b> parts and decodes the server's escapes", () => {
    expect(parseSnippet("Ключи &lt;у&gt; <b>старшего</b> &amp; вахты")).toEqual([
      { text: "Ключи <у> ", isHighlight: false },
      { text: "старшего", isHighlight: true },
      { text: " & вахты", isHighlight: false },
    ]);
  });

  it("keeps any other markup as literal text", () => {
    expect(parseSnippet('<img src=x onerror="alert(1)"><b>да</b>')).toEqual([
      { text: '<img src=x onerror="alert(1)">', isHighlight: false },
      { text: "да", isHighlight: true },
    ]);
  });
});
