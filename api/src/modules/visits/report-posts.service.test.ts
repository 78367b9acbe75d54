import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../../../prisma/client.ts";
import { fixedClock } from "../../lib/clock.ts";
import { createDemoTestDatabase, createTestContext } from "../../testing/test-db.ts";
import { claimReportPost, listPendingReportPosts, markStalledReportPosts } from "./report-posts.service.ts";

describe("report posts interrupted mid-send", () => {
  let db: Database;
  beforeAll(async () => {
    db = await createDemoTestDatabase();
  });
  afterAll(() => db.close());

  it("are marked failed with a reason after a while, never put back in the queue", async () => {
    const ctx = createTestContext(db);
    const [visit] = await db.query<{ id: number }>(
      `SELECT id FROM cleaning_visits WHERE status = 'done' ORDER BY id LIMIT 1`,
    );
    await db.query(
      `INSERT INTO visit_report_posts (visit_id, chat_id, status, updated_at) VALUES ($1, '-100', 'pending', now())`,
      [visit!.id],
    );
    expect(await claimReportPost(ctx, visit!.id)).toMatchObject({ attempts: 1 });

    // Still within the window: another sender may be posting right now.
    expect(await markStalledReportPosts(ctx)).toEqual([]);
    expect(
      await markStalledReportPosts({ ...ctx, clock: fixedClock(new Date(ctx.clock.now().getTime() + 11 * 60_000)) }),
    ).toEqual([visit!.id]);

    const [row] = await db.query<{ status: string; last_error: string }>(
      `SELECT status::text, last_error FROM visit_report_posts WHERE visit_id = $1`,
      [visit!.id],
    );
    expect(row).toMatchObject({ status: "failed", last_error: expect.stringContaining("проверьте чат отчётов") });
    expect(await listPendingReportPosts(ctx)).not.toContain(visit!.id);
    expect(await claimReportPost(ctx, visit!.id)).toBeNull();
  });
});
