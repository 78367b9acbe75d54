// A report post is several Telegram calls (albums of up to 10, photos sent "as file" as documents): each part
// reaches the report chat once, whichever of them fails and however often the post is retried.
import type { Update } from "grammy/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findActivePrincipalByTelegramId } from "@cleaning/api/modules/auth/auth.service";
import { listDayVisits } from "@cleaning/api/modules/visits/visits.service";
import { visitData } from "../callback-data/index.ts";
import { retryPendingReportPosts } from "../lib/report-post.ts";
import { createBotHarness, DEMO_TODAY, USERS, type BotHarness } from "../testing/bot-harness.ts";

const REPORT_CHAT = -1001234567891;

describe("report post parts", () => {
  let h: BotHarness;
  let visitIds: number[];

  beforeAll(async () => {
    h = await createBotHarness({ env: { REPORT_CHAT_ID: String(REPORT_CHAT) } });
    const cleaner = (await findActivePrincipalByTelegramId(h.services, BigInt(USERS.cleaner1.id)))!;
    visitIds = (await listDayVisits(h.services, { principal: cleaner, day: DEMO_TODAY }))
      .filter((v) => v.status === "planned")
      .map((v) => v.id);
    expect(visitIds.length).toBeGreaterThanOrEqual(2);
  });
  afterAll(() => h.close());

  const toReportChat = (method: string) => h.fake.callsOf(method).filter((p) => Number(p.chat_id) === REPORT_CHAT);
  const sendDocument = async (options: { mediaGroupId?: string } = {}) => {
    const update = h.fake.pushUpdate(h.fake.documentUpdate(USERS.cleaner1, options)) as unknown as Update;
    await h.bot.handleUpdate(update);
  };
  const startVisit = async (visitId: number) => {
    await h.press(USERS.cleaner1, visitData.build("open", visitId));
    await h.press(USERS.cleaner1, visitData.build("start", visitId));
  };

  it("sends photos as albums and files as documents, and after a failed second album resends only what is missing", async () => {
    const visitId = visitIds[0]!;
    await startVisit(visitId);
    for (let i = 0; i < 12; i++) await h.sendPhoto(USERS.cleaner1, { mediaGroupId: i < 10 ? "album-a" : "album-b" });
    await sendDocument({ mediaGroupId: "files" });
    await sendDocument({ mediaGroupId: "files" });
    const visit = await h.db.prisma.cleaningVisit.findUniqueOrThrow({ where: { id: visitId } });
    expect(visit.photos).toHaveLength(14);
    expect(visit.documentFileIds).toHaveLength(2);

    // The second album meets a 429 longer than auto-retry waits: the post goes back to the queue.
    let albums = 0;
    h.fake.failNext("sendMediaGroup", {
      errorCode: 429,
      retryAfter: 120,
      match: (p) => Number(p.chat_id) === REPORT_CHAT && ++albums === 2,
    });
    await h.press(USERS.cleaner1, visitData.build("finish", visitId));
    let post = await h.db.prisma.visitReportPost.findUniqueOrThrow({ where: { visitId } });
    expect(post).toMatchObject({ status: "pending", sentParts: 1 });
    expect(post.messageIds).toHaveLength(10);

    expect(await retryPendingReportPosts(h.bot.api, h.services)).toBe(1);
    expect(await retryPendingReportPosts(h.bot.api, h.services)).toBe(0);
    post = await h.db.prisma.visitReportPost.findUniqueOrThrow({ where: { visitId } });
    expect(post).toMatchObject({ status: "posted", sentParts: 3 });
    expect(post.messageIds).toHaveLength(14);

    const albumsSent = toReportChat("sendMediaGroup").map(
      (p) => p.media as { type: string; media: string; caption?: string }[],
    );
    expect(albumsSent.map((media) => media.map((item) => item.type))).toEqual([
      Array(10).fill("photo"),
      ["photo", "photo"],
      ["document", "document"],
    ]);
    const sentIds = albumsSent.flat().map((item) => item.media);
    expect(new Set(sentIds).size).toBe(14);
    expect(sentIds.sort()).toEqual([...visit.photos].sort());
    expect(albumsSent.flat().filter((item) => item.caption)).toHaveLength(1);
    expect(albumsSent[0]![0]!.caption).toMatch(/^🧹 Уборка завершена/);
    // Telegram refused nothing but the injected 429.
    expect(
      h.fake.calls.filter((c) => c.error && Number(c.params.chat_id) === REPORT_CHAT).map((c) => c.error!.errorCode),
    ).toEqual([429]);
  });

  it("posts a single photo sent as a file with sendDocument and its caption", async () => {
    const visitId = visitIds[1]!;
    await startVisit(visitId);
    await sendDocument();
    const since = h.fake.mark();
    await h.press(USERS.cleaner1, visitData.build("finish", visitId));
    const documents = h.fake.callsOf("sendDocument", since).filter((p) => Number(p.chat_id) === REPORT_CHAT);
    expect(documents).toHaveLength(1);
    expect(String(documents[0]!.caption)).toMatch(/^🧹 Уборка завершена/);
    expect(
      h.fake.calls.slice(since).filter((c) => c.method === "sendPhoto" && Number(c.params.chat_id) === REPORT_CHAT),
    ).toHaveLength(0);
    expect(await h.db.prisma.visitReportPost.findUniqueOrThrow({ where: { visitId } })).toMatchObject({
      status: "posted",
      sentParts: 1,
    });
  });
});
