import { describe, expect, it } from "vitest";
import { chunkSections, splitSentences } from "./chunking.ts";

describe("chunking", () => {
  const sentence = (i: number) => `Предложение номер ${i} описывает порядок уборки подъезда и занимает место.`;
  const longPage = Array.from({ length: 120 }, (_, i) => sentence(i)).join(" ");

  it("cuts at sentence ends, keeps chunks within the limit and repeats the last sentences of each in the next", () => {
    const chunks = chunkSections([{ text: longPage, page: 4 }], {
      targetChars: 1_000,
      maxChars: 1_400,
      overlapChars: 200,
    });
    expect(chunks.length).toBeGreaterThan(5);
    for (const chunk of chunks) {
      expect(chunk.content.length).toBeLessThanOrEqual(1_400);
      expect(chunk.content).toMatch(/^Предложение номер \d+/);
      expect(chunk.content).toMatch(/место\.$/);
      expect(chunk).toMatchObject({ page: 4, label: "стр. 4" });
    }
    for (let i = 1; i < chunks.length; i++) {
      const lastOfPrevious = splitSentences(chunks[i - 1]!.content, 2_000).at(-1)!;
      expect(chunks[i]!.content).toContain(lastOfPrevious);
    }
  });

  it("never mixes pages or sections, and labels each by its position", () => {
    const chunks = chunkSections([
      { text: "Первая страница.", page: 1 },
      { text: "Вторая страница.", page: 2 },
      { text: "Текст раздела.", section: "Оплата" },
      { text: "Услуга: окна; Цена: 500\nУслуга: фасад; Цена: 9000", sheet: "Прайс", firstRow: 2, lastRow: 3 },
    ]);
    expect(chunks.map((c) => c.label)).toEqual(["стр. 1", "стр. 2", "раздел «Оплата»", "лист «Прайс», строки 2–3"]);
    expect(chunks[3]!.content).toBe("Услуга: окна; Цена: 500\nУслуга: фасад; Цена: 9000");
  });

  it("cuts a sentence longer than the limit at a space", () => {
    const words = Array.from({ length: 600 }, () => "слово").join(" ");
    const chunks = chunkSections([{ text: words }], { targetChars: 1_000, maxChars: 1_200, overlapChars: 0 });
    expect(Math.max(...chunks.map((c) => c.content.length))).toBeLessThanOrEqual(1_200);
    expect(chunks.map((c) => c.content).join(" ")).toBe(words);
  });
});
