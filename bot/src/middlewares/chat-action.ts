import type { BotContext } from "../context.ts";

type ChatAction = "typing" | "upload_photo" | "upload_document" | "record_voice";

/**
 * Runs `work`; if it takes longer than a second, shows a chat action ("печатает…") until it ends. Telegram
 * clears an action after about 5 s, so it is repeated.
 */
export async function withChatAction<T>(ctx: BotContext, action: ChatAction, work: () => Promise<T>): Promise<T> {
  if (!ctx.chat) return work();
  const chatId = ctx.chat.id;
  const show = () => void ctx.api.sendChatAction(chatId, action).catch(() => undefined);
  let repeat: NodeJS.Timeout | undefined;
  const first = setTimeout(() => {
    show();
    repeat = setInterval(show, 4500);
  }, 1000);
  try {
    return await work();
  } finally {
    clearTimeout(first);
    if (repeat) clearInterval(repeat);
  }
}
