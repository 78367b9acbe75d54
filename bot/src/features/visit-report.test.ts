import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findActivePrincipalByTelegramId } from "@cleaning/api/modules/auth/auth.service";
import { listDayVisits } from "@cleaning/api/modules/visits/visits.service";
import { visitData } from "../callback-data/index.ts";
import { createBotHarness, DEMO_TODAY, USERS, type BotHarness } from "../testing/bot-harness.ts";

const REPORT_CHAT = -1001234567890;

describe("cleaning report", () => {
  let h: BotHarness;
  let visitIds: number[];

  beforeAll(async () => {
    h = await createBotHarness({ env: { REPORT_CHAT_ID: String(REPORT_CHAT) } });
    const cleaner = (await findActivePrincipalByTelegramId(h.services, BigInt(USERS.cleaner1.id)))!;
    const visits = await listDayVisits(h.services, { principal: cleaner, day: DEMO_TODAY });
    visitIds = visits.filter((v) => v.status === "planned").map((v) => v.id);
    expect(visitIds.length).toBeGreaterThanOrEqual(3);
  });
  afterAll(() => h.close());

  const reportPosts = () => h.fake.callsOf("sendMediaGroup").filter((p) => Number(p.chat_id) === REPORT_CHAT);
  const visitRow = (id: number) => h.db.prisma.cleaningVisit.findUniqueOrThrow({ where: { id } });

  it("takes an album, survives a restart, refuses to finish without photos, and posts once despite a 429 and a double tap", async () => {
    const visitId = visitIds[0]!;
    const u = USERS.cleaner1;
    await h.send(u, "/today");
    const list = h.fake.callsOf("sendMessage").at(-1)!;
    expect(JSON.stringify(list.reply_markup)).toContain(visitData.build("open", visitId));

    await h.press(u, visitData.build("open", visitId));
    await h.press(u, visitData.build("start", visitId));
    expect((await visitRow(visitId)).status).toBe("in_progress");

    // No photos yet: "Завершить" is refused with a clear message.
    let since = h.fake.mark();
    await h.press(u, visitData.build("finish", visitId));
    expect(h.fake.callsOf("answerCallbackQuery", since)[0]?.text).toMatch(/Без фото завершить нельзя/);
    expect((await visitRow(visitId)).status).toBe("in_progress");

    // An album of three photos: one acknowledgement, three photos on the visit.
    since = h.fake.mark();
    for (let i = 0; i < 3; i++) await h.sendPhoto(u, { mediaGroupId: "album-1" });
    expect(h.textsTo(u.id, since).filter((t) => t.startsWith("📷"))).toHaveLength(1);
    expect((await visitRow(visitId)).photos).toHaveLength(3);

    // A restart in the middle: a new Bot on the same database still knows the active visit.
    h.restart();
    await h.sendPhoto(u);
    expect((await visitRow(visitId)).photos).toHaveLength(4);

    // The report chat answers 429 once: auto-retry waits retry_after and the album is posted once.
    h.fake.failNext("sendMediaGroup", {
      errorCode: 429,
      retryAfter: 1,
      match: (p) => Number(p.chat_id) === REPORT_CHAT,
    });
    await h.press(u, visitData.build("finish", visitId));
    await h.press(u, visitData.build("finish", visitId));
    const visit = await visitRow(visitId);
    expect(visit.status).toBe("done");
    expect(visit.finishedAt).not.toBeNull();
    expect(visit.finishedById).not.toBeNull();
    expect(reportPosts()).toHaveLength(1);
    expect(h.fake.calls.filter((c) => c.method === "sendMediaGroup" && c.error?.errorCode === 429)).toHaveLength(1);
    const media = reportPosts()[0]!.media as { caption?: string }[];
    expect(media).toHaveLength(4);
    expect(media[0]!.caption).toMatch(/🧹 Уборка завершена\n🏠 .+\n📅 26\.11\.2026\n👷 Бригада 1/);
    const post = await h.db.prisma.visitReportPost.findUniqueOrThrow({ where: { visitId } });
    expect(post.status).toBe("posted");
    expect(post.messageIds).toHaveLength(4);
  });

  it("finishes without photos when VISIT_PHOTO_REQUIRED=false", async () => {
    const relaxed = await createBotHarness({ db: h.db, isSeeded: false, env: { VISIT_PHOTO_REQUIRED: "false" } });
    try {
      const visitId = visitIds[1]!;
      await relaxed.press(USERS.cleaner1, visitData.build("start", visitId));
      await relaxed.press(USERS.cleaner1, visitData.build("finish", visitId));
      expect((await visitRow(visitId)).status).toBe("done");
    } finally {
      await relaxed.close();
    }
  });

  it("does not let a cleaner open or finish another brigade's visit by forging callback data", async () => {
    const since = h.fake.mark();
    const visitId = visitIds[2]!;
    await h.press(USERS.cleaner2, visitData.build("open", visitId));
    await h.press(USERS.cleaner2, visitData.build("start", visitId));
    expect(h.fake.callsOf("answerCallbackQuery", since).map((p) => p.text)).toEqual([
      "Уборка не найдена",
      "Уборка не найдена",
    ]);
    expect((await visitRow(visitId)).status).toBe("planned");
    expect(h.textsTo(USERS.cleaner2.id, since).join("\n")).not.toContain("🏠");
  });

  it("queues the Bitrix24 timeline comment with the finish when the CRM is connected, once per visit", async () => {
    const withCrm = await createBotHarness({
      db: h.db,
      isSeeded: false,
      env: { VISIT_PHOTO_REQUIRED: "false", BITRIX24_WEBHOOK_URL: "https://portal.bitrix24.ru/rest/1/secret/" },
    });
    try {
      // Runs after the forgery test, which needs this visit still planned.
      const visitId = visitIds[2]!;
      await withCrm.press(USERS.cleaner1, visitData.build("start", visitId));
      await withCrm.press(USERS.cleaner1, visitData.build("finish", visitId));
      await withCrm.press(USERS.cleaner1, visitData.build("finish", visitId));
      const rows = await h.db.query<{ deal_id: number; method: string; params: { fields: { COMMENT: string } } }>(
        `SELECT deal_id, method, params FROM crm_outbox WHERE dedupe_key = $1`,
        [`visit:${visitId}:done`],
      );
      const [{ bitrix_id }] = (await h.db.query<{ bitrix_id: number }>(
        `SELECT h.bitrix_id FROM cleaning_visits v JOIN houses h ON h.id = v.house_id WHERE v.id = $1`,
        [visitId],
      )) as [{ bitrix_id: number }];
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ deal_id: bitrix_id, method: "crm.timeline.comment.add" });
      expect(rows[0]!.params.fields.COMMENT).toMatch(/^Выполнено: .+, 26\.11\.2026/);
    } finally {
      await withCrm.close();
    }
  });
});
