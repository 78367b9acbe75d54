import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPostgresTestDatabase } from "@cleaning/api/testing/test-db";
import { createBotHarness, USERS, type BotHarness } from "../testing/bot-harness.ts";
import { startFeature } from "./start.ts";
import { taskData, tasksFeature } from "./tasks.ts";

let h: BotHarness;
let drop: (() => Promise<void>) | undefined;

// PostgreSQL rather than PGlite: a fresh schema there is ready in a fraction of PGlite's start-up.
beforeAll(async () => {
  const pg = await createPostgresTestDatabase();
  drop = pg.drop;
  h = await createBotHarness({ db: pg.db, deps: { features: [startFeature, tasksFeature] } });
});

afterAll(async () => {
  await h?.close();
  await drop?.();
});

/** The id of the latest message the bot sent to a chat whose text contains `needle`. */
function messageIdWith(chatId: number, needle: string): number {
  for (let id = 500; id > 0; id -= 1) if (String(h.fake.message(chatId, id)?.text ?? "").includes(needle)) return id;
  throw new Error(`no message with «${needle}» in chat ${chatId}`);
}

describe("/remind", () => {
  it("confirms «Отправлю 2 бригаде 27.11 в 08:30: …» and saves the task only on ✅", async () => {
    const since = h.fake.mark();
    await h.send(USERS.manager, "/remind 2 бригаде завтра в 8:30 взять ключи от подвала на Билибина 6");
    const [question] = h.textsTo(USERS.manager.id, since);
    expect(question).toBe("Отправлю 2 бригаде 27.11 в 08:30: Взять ключи от подвала на Билибина 6\n\nВсё верно?");
    expect(await h.db.prisma.task.count({ where: { builtinKey: null } })).toBe(0);

    await h.press(USERS.manager, taskData.confirm, messageIdWith(USERS.manager.id, "Отправлю 2 бригаде"));
    const task = await h.db.prisma.task.findFirstOrThrow({
      where: { builtinKey: null },
      include: { targetBrigade: true },
    });
    expect(task).toMatchObject({
      text: "Взять ключи от подвала на Билибина 6",
      status: "scheduled",
      nextRunAt: new Date("2026-11-27T05:30:00Z"),
    });
    expect(task.targetBrigade?.number).toBe(2);
    expect(h.textsTo(USERS.manager.id, since).at(-1)).toMatch(/^✅ Напоминание №\d+: 2 бригаде 27\.11 в 08:30/);
  });

  it("a plain «Напомни мне …» works too, and ❌ saves nothing", async () => {
    const before = await h.db.prisma.task.count();
    const since = h.fake.mark();
    await h.send(USERS.lead1, "Напомни мне каждый понедельник в 9:00 сдать отчёт");
    expect(h.textsTo(USERS.lead1.id, since)[0]).toMatch(/^Отправлю .+ каждый понедельник в 09:00: Сдать отчёт/);
    await h.press(USERS.lead1, taskData.discard, messageIdWith(USERS.lead1.id, "Отправлю"));
    expect(await h.db.prisma.task.count()).toBe(before);
  });

  it("«всем бригадам» proposes one reminder per brigade and ✅ schedules them all", async () => {
    const brigades = await h.db.prisma.brigade.count();
    const before = await h.db.prisma.task.count({ where: { builtinKey: null } });
    const since = h.fake.mark();
    await h.send(USERS.manager, "/remind завтра в 9 всем бригадам взять ключи");
    const [question] = h.textsTo(USERS.manager.id, since);
    const lines = question!.split("\n").filter((line) => line.startsWith("Отправлю "));
    expect(lines).toHaveLength(brigades);
    expect(lines.every((line) => / бригаде 27\.11 в 09:00: Взять ключи$/.test(line))).toBe(true);
    await h.press(USERS.manager, taskData.confirm, messageIdWith(USERS.manager.id, "Отправлю "));
    expect(await h.db.prisma.task.count({ where: { builtinKey: null } })).toBe(before + brigades);
    const targets = await h.db.prisma.task.findMany({
      where: { builtinKey: null, text: "Взять ключи" },
      select: { targetBrigadeId: true },
    });
    expect(new Set(targets.map((t) => t.targetBrigadeId)).size).toBe(brigades);
  });

  it("explains what it could not understand", async () => {
    const since = h.fake.mark();
    await h.send(USERS.manager, "/remind 2 бригаде взять ключи");
    expect(h.textsTo(USERS.manager.id, since)[0]).toMatch(/^Не понял, когда отправить/);
  });
});

describe("/tasks", () => {
  it("lists my reminders with cancel buttons that work", async () => {
    const since = h.fake.mark();
    await h.send(USERS.manager, "/tasks");
    const [list] = h.textsTo(USERS.manager.id, since);
    const task = await h.db.prisma.task.findFirstOrThrow({
      where: { builtinKey: null, createdBy: { telegramId: BigInt(USERS.manager.id) } },
    });
    expect(list).toContain(`№${task.id} 2 бригаде 27.11 в 08:30: Взять ключи`);
    await h.press(USERS.manager, `${taskData.cancelPrefix}${task.id}`, messageIdWith(USERS.manager.id, `№${task.id}`));
    expect((await h.db.prisma.task.findUniqueOrThrow({ where: { id: task.id } })).status).toBe("cancelled");
  });
});

describe("/link", () => {
  it("the brigade lead links the group chat to their brigade", async () => {
    const groupId = -1_001_234_567;
    const update = h.fake.pushUpdate({
      message: {
        message_id: 1,
        date: Math.floor(Date.now() / 1000),
        chat: { id: groupId, type: "supergroup", title: "1 бригада" },
        from: { is_bot: false, ...USERS.lead1 },
        text: "/link",
        entities: [{ type: "bot_command", offset: 0, length: 5 }],
      },
    });
    await h.bot.handleUpdate(update as never);
    const brigade = await h.db.prisma.brigade.findFirstOrThrow({ where: { number: 1 } });
    expect(brigade.chatId).toBe(BigInt(groupId));
    expect(h.textsTo(groupId).at(-1)).toMatch(/этот чат привязан к 1 бригаде/);
  });
});
