import { describe, expect, it } from "vitest";
import { chatIdSchema, hasPlausibleYear, idSchema, queryIdSchema, safeText, telegramIdSchema } from "./schemas.ts";

describe("input helpers refuse what PostgreSQL would", () => {
  it.each([
    [1, 1],
    ["42", 42],
    [2_147_483_647, 2_147_483_647],
  ])("idSchema takes %j as %j", (input, id) => {
    expect(idSchema().parse(input)).toBe(id);
  });

  it.each([0, -1, 1.5, 2_147_483_648, 3e9, "99999999999", "abc", "", "0x10", "1e3", ["1"], null, true, {}])(
    "idSchema refuses %j",
    (input) => {
      expect(idSchema().safeParse(input).success).toBe(false);
    },
  );

  it("an optional query id is undefined when absent or empty", () => {
    expect(queryIdSchema("brigade").parse(undefined)).toBeUndefined();
    expect(queryIdSchema("brigade").parse("")).toBeUndefined();
    expect(queryIdSchema("brigade").safeParse("2147483648").error?.issues[0]?.message).toMatch(
      /^brigade: ожидается id/,
    );
  });

  it("Telegram ids are int64 strings (numbers only while exact)", () => {
    expect(telegramIdSchema().parse("7000000003")).toBe(7_000_000_003n);
    expect(telegramIdSchema().parse(1_000_001)).toBe(1_000_001n);
    expect(telegramIdSchema().parse("9223372036854775807")).toBe(9_223_372_036_854_775_807n);
    for (const bad of ["9223372036854775808", "99999999999999999999", "-5", "0", 2 ** 60, "1 2", ""]) {
      expect(telegramIdSchema().safeParse(bad).success, String(bad)).toBe(false);
    }
    expect(chatIdSchema().parse("-1001234567890")).toBe(-1_001_234_567_890n);
    expect(chatIdSchema().safeParse("-9223372036854775809").success).toBe(false);
  });

  it("safeText refuses NUL and other control characters but keeps tabs and line breaks", () => {
    expect(safeText("text").parse("  строка\tс\r\nпереносом ")).toBe("строка\tс\r\nпереносом");
    for (const bad of ["a\u0000b", "\u0001", "\u001b[31m", "\u007f", "\u0085"])
      expect(safeText("text").safeParse(bad).success).toBe(false);
    expect(safeText("text", { max: 3 }).safeParse("четыре").success).toBe(false);
    expect(safeText("text", { min: 1 }).safeParse("   ").success).toBe(false);
  });

  it("dates must name a year people mean", () => {
    expect(["2026-11-26", "2026-11", "2028-02-29T00:00:00Z"].every(hasPlausibleYear)).toBe(true);
    expect(["0000-01-01", "0000-01", "9999-12-31", "1899-12-31", "275760-09-13"].some(hasPlausibleYear)).toBe(false);
  });
});
