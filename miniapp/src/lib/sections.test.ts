import { describe, expect, it } from "vitest";
import { BAR_SLOTS, SECTIONS, sectionOf, splitSections } from "./sections.ts";

describe("the mini-app's sections", () => {
  it("have one path each, and no alias repeats a path", () => {
    const paths = SECTIONS.flatMap((section) => [section.path, ...(section.aliases ?? [])]);
    expect(new Set(paths).size).toBe(paths.length);
    expect(paths.every((path) => /^\/[a-z-]+$/.test(path))).toBe(true);
  });

  it("open the original system's /ai and /training as the assistant and the knowledge base", () => {
    expect(sectionOf("/ai")?.path).toBe("/assistant");
    expect(sectionOf("/training")?.path).toBe("/knowledge");
    expect(sectionOf("/tasks")?.label).toBe("Напоминания");
    expect(sectionOf("/nowhere")).toBeUndefined();
  });

  it("keep five in the bar and put the rest in «Ещё»", () => {
    const extra = ["/next"].map((path) => ({ ...SECTIONS[0]!, path }));
    const { bar, more } = splitSections([...SECTIONS, ...extra], BAR_SLOTS);
    expect(bar.map((section) => section.label)).toEqual(["Сводка", "Дома", "Помощник", "Обучение", "Напоминания"]);
    expect(more.map((section) => section.path)).toEqual(["/logistics", "/acts", "/meetings", "/next"]);
    expect(splitSections(SECTIONS, BAR_SLOTS).more.map((section) => section.path)).toEqual([
      "/logistics",
      "/acts",
      "/meetings",
    ]);
  });

  it("move trailing sections to «Ещё» when fewer fit, never leaving the bar empty", () => {
    expect(splitSections(SECTIONS, 3).more.map((section) => section.path)).toEqual([
      "/knowledge",
      "/tasks",
      "/logistics",
      "/acts",
      "/meetings",
    ]);
    expect(splitSections(SECTIONS, 0).bar).toHaveLength(1);
  });
});
