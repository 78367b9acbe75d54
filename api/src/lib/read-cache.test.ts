import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../../prisma/client.ts";
import { createTestDatabase } from "../testing/test-db.ts";
import { cachedRead } from "./read-cache.ts";

describe("cachedRead", () => {
  let db: Database;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.close());

  const countBrigades = async () => (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM brigades`))[0]!.n;

  it("computes once while the data stays the same and again after any change commits", async () => {
    let computed = 0;
    const read = () => cachedRead(db, "brigades", async () => (computed++, countBrigades()));
    expect(await read()).toBe(0);
    expect(await read()).toBe(0);
    expect(computed).toBe(1);

    await db.query(`INSERT INTO brigades (number, name, updated_at) VALUES (1, '1 бригада', now())`);
    expect(await read()).toBe(1);
    expect(computed).toBe(2);

    await db.query(`UPDATE cleaning_visits SET note = 'x' WHERE false`);
    await read();
    expect(computed).toBe(3);
  });

  it("does not keep an answer when the data changed while it was being computed", async () => {
    let computed = 0;
    const read = () =>
      cachedRead(db, "racy", async () => {
        computed++;
        const value = await countBrigades();
        if (computed === 1)
          await db.query(`INSERT INTO brigades (number, name, updated_at) VALUES (2, '2 бригада', now())`);
        return value;
      });
    expect(await read()).toBe(1);
    expect(await read()).toBe(2);
    expect(computed).toBe(2);
  });

  it("hands out copies, so a caller cannot change the cached answer", async () => {
    const first = await cachedRead(db, "object", async () => ({ items: [1, 2] }));
    first.items.push(3);
    expect(await cachedRead(db, "object", async () => ({ items: [] as number[] }))).toEqual({ items: [1, 2] });
  });
});
