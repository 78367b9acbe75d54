// Real errors from both engines and from Prisma's driver adapters, not hand-made look-alikes: their shapes differ
// (PGlite's `code`, pg's DatabaseError, Prisma's meta.driverAdapterError) and the mapping must read them all.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../../prisma/client.ts";
import { createPostgresTestDatabase, createTestDatabase } from "../testing/test-db.ts";
import { requestErrorToAppError } from "./error-mapping.ts";

const caught = async (run: () => Promise<unknown>) => {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error("expected the database to refuse");
};

describe.each(["PGlite", "PostgreSQL"] as const)("database errors on %s become coded 4xx", (engine) => {
  let db: Database;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    if (engine === "PGlite") {
      db = await createTestDatabase();
      drop = () => db.close();
    } else {
      ({ db, drop } = await createPostgresTestDatabase());
    }
  });
  afterAll(() => drop());

  it.each([
    ["a NUL byte in raw SQL", (d: Database) => d.query("SELECT $1::text", ["a\u0000b"]), 400, "invalid_text"],
    ["an id past int4 in raw SQL", (d: Database) => d.query("SELECT $1::int", [99_999_999_999]), 400, "out_of_range"],
    ["text for a number in raw SQL", (d: Database) => d.query("SELECT $1::int", ["abc"]), 400, "invalid_value"],
    ["year 0000 in raw SQL", (d: Database) => d.query("SELECT $1::date", ["0000-01-01"]), 400, "invalid_date"],
    [
      "an id past int4 through Prisma",
      (d: Database) => d.prisma.house.findUnique({ where: { id: 99_999_999_999 } }),
      400,
      "out_of_range",
    ],
    [
      "a NUL byte through Prisma",
      (d: Database) => d.prisma.brigade.create({ data: { name: "a\u0000b" } as never }),
      400,
      "invalid_text",
    ],
    [
      "year 0000 through Prisma",
      (d: Database) => d.prisma.employee.findFirst({ where: { createdAt: new Date("0000-01-01") } }),
      400,
      "invalid_date",
    ],
    [
      "an invalid Date through Prisma",
      (d: Database) => d.prisma.employee.findFirst({ where: { createdAt: new Date("x") } }),
      400,
      "invalid_value",
    ],
    [
      "a missing row to update",
      (d: Database) => d.prisma.employee.update({ where: { id: 12_345 }, data: { name: "x" } }),
      404,
      "not_found",
    ],
    [
      "a missing brigade to point at",
      (d: Database) =>
        d.prisma.employee.create({ data: { telegramId: 6n, name: "a", role: "cleaner", brigadeId: 999_999 } }),
      400,
      "reference_not_found",
    ],
    [
      "a duplicate Telegram id",
      async (d: Database) => {
        await d.prisma.employee.upsert({
          where: { telegramId: 5n },
          create: { telegramId: 5n, name: "a", role: "cleaner" },
          update: {},
        });
        await d.prisma.employee.create({ data: { telegramId: 5n, name: "b", role: "cleaner" } });
      },
      409,
      "conflict",
    ],
  ] as const)("%s", async (_label, run, status, code) => {
    const mapped = requestErrorToAppError(await caught(() => run(db)));
    expect([mapped?.status, mapped?.code]).toEqual([status, code]);
    expect(mapped?.userMessage).toMatch(/[а-я]/);
  });

  it("leaves errors that are not the caller's alone (they stay 500s)", async () => {
    expect(requestErrorToAppError(await caught(() => db.query("SELECT * FROM no_such_table")))).toBeUndefined();
    expect(requestErrorToAppError(new Error("boom"))).toBeUndefined();
  });
});

it("a broken multipart body and multer's limits are the upload's fault", () => {
  expect(requestErrorToAppError(new Error("Malformed part header"))?.status).toBe(400);
  expect(
    requestErrorToAppError(Object.assign(new Error("File too large"), { name: "MulterError", code: "LIMIT_FILE_SIZE" }))
      ?.status,
  ).toBe(413);
});
