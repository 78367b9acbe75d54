import { describe, expect, it } from "vitest";
import { fuzzyAddressScore, wordSimilarity } from "./fuzzy-search.ts";
import { buildSearchText } from "./search-text.ts";

describe("fuzzy address matching", () => {
  const kibalchicha3 = buildSearchText("улица Кибальчича, 3");

  it("forgives a typo in the street but not in the house number", () => {
    expect(fuzzyAddressScore("кибальчеча 3", kibalchicha3)).toBeGreaterThan(0.7);
    expect(fuzzyAddressScore("кебальчича 3", kibalchicha3)).toBeGreaterThan(0.7);
    expect(fuzzyAddressScore("кибальчеча 4", kibalchicha3)).toBe(0);
    expect(fuzzyAddressScore("кибальчеча 30", kibalchicha3)).toBe(0);
  });

  it("does not match unrelated streets", () => {
    expect(fuzzyAddressScore("ленина 3", kibalchicha3)).toBe(0);
    expect(fuzzyAddressScore("", kibalchicha3)).toBe(0);
  });

  it("ranks the closer spelling higher", () => {
    expect(wordSimilarity("кибальчича", "кибальчича")).toBe(1);
    expect(wordSimilarity("кибальчеча", "кибальчича")).toBeGreaterThan(wordSimilarity("кобальт", "кибальчича"));
  });
});
