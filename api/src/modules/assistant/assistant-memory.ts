// Conversation memory: the last turns of each chat, so "а на завтра?" follows the previous question.
import { randomUUID } from "node:crypto";
import type { Principal, ServiceContext } from "../../lib/context.ts";

export interface MemoryTurn {
  role: "user" | "assistant";
  content: string;
}

/** Messages kept per conversation; older ones are deleted as new ones arrive. */
const KEPT_MESSAGES = 40;

/**
 * The conversation to continue: the chat's own (Telegram), the caller's given id if it is theirs, or a new one.
 * Someone else's id starts a new conversation rather than revealing that it exists.
 */
export async function openConversation(
  ctx: ServiceContext,
  options: { principal: Principal; conversationId?: string; telegramChatId?: bigint },
): Promise<string> {
  const { prisma } = ctx.db;
  const employeeId = options.principal.employeeId;
  if (options.telegramChatId !== undefined) {
    const conversation = await prisma.assistantConversation.upsert({
      where: { telegramChatId: options.telegramChatId },
      create: { id: randomUUID(), employeeId, telegramChatId: options.telegramChatId },
      update: { employeeId },
      select: { id: true },
    });
    return conversation.id;
  }
  if (options.conversationId) {
    const existing = await prisma.assistantConversation.findUnique({
      where: { id: options.conversationId },
      select: { employeeId: true },
    });
    if (existing?.employeeId === employeeId) return options.conversationId;
  }
  const created = await prisma.assistantConversation.create({
    data: { id: randomUUID(), employeeId },
    select: { id: true },
  });
  return created.id;
}

/** The last `turns` question-answer pairs, oldest first. */
export async function loadHistory(ctx: ServiceContext, conversationId: string, turns: number): Promise<MemoryTurn[]> {
  const rows = await ctx.db.prisma.assistantMessage.findMany({
    where: { conversationId },
    orderBy: { id: "desc" },
    take: turns * 2,
    select: { role: true, content: true },
  });
  return rows.reverse().map((row) => ({ role: row.role === "assistant" ? "assistant" : "user", content: row.content }));
}

/** Stores one question and its answer, and forgets what is older than the kept window. */
export async function saveExchange(
  ctx: ServiceContext,
  conversationId: string,
  question: string,
  answer: string,
): Promise<void> {
  const { prisma } = ctx.db;
  await prisma.assistantMessage.createMany({
    data: [
      { conversationId, role: "user", content: question },
      { conversationId, role: "assistant", content: answer },
    ],
  });
  await prisma.assistantConversation.update({ where: { id: conversationId }, data: { updatedAt: ctx.clock.now() } });
  const oldestKept = await prisma.assistantMessage.findFirst({
    where: { conversationId },
    orderBy: { id: "desc" },
    skip: KEPT_MESSAGES - 1,
    select: { id: true },
  });
  if (oldestKept) await prisma.assistantMessage.deleteMany({ where: { conversationId, id: { lt: oldestKept.id } } });
}

/** Forgets a Telegram chat's conversation (the bot's "new conversation" command). */
export async function forgetTelegramConversation(ctx: ServiceContext, telegramChatId: bigint): Promise<void> {
  await ctx.db.prisma.assistantConversation.deleteMany({ where: { telegramChatId } });
}
