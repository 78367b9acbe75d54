import type { Api } from "grammy";
import type { InputMediaDocument, InputMediaPhoto } from "grammy/types";
import type { ServiceContext } from "@cleaning/api/lib/context";
import {
  claimReportPost,
  getReportDetails,
  listPendingReportPosts,
  markStalledReportPosts,
  markReportFailed,
  markReportPosted,
  recordReportPart,
} from "@cleaning/api/modules/visits/report-posts.service";
import { ru } from "../i18n/ru.ts";

/** "🧹 Уборка завершена / 🏠 адрес / 📅 дата / 👷 бригада" */
export function buildReportCaption(details: {
  address: string;
  date: string;
  b_number: number | null;
  b_name: string | null;
  finished_by: string | null;
}) {
  const brigade = ru.brigadeLabel(details.b_number, details.b_name ?? ru.reportPost.noBrigade);
  return ru.reportPost.caption(details.address, details.date, brigade, details.finished_by);
}

/** One Telegram call of a report post. A post is a fixed list of them, so a retry can start after the sent ones. */
export type ReportPart =
  | { method: "sendMessage"; text: string }
  | { method: "sendPhoto" | "sendDocument"; fileId: string; caption?: string }
  | { method: "sendMediaGroup"; media: (InputMediaPhoto | InputMediaDocument)[] };

/**
 * The parts of a post: photos in albums of up to 10, then the photos sent "as file" the same way as documents
 * (Telegram refuses a document's file_id in sendPhoto and will not mix documents with photos in one album); a
 * lone item goes on its own; the caption rides on the first part. The same visit always gives the same parts.
 */
export function planReportParts(details: { photos: string[]; documents: string[] }, caption: string): ReportPart[] {
  const documents = new Set(details.documents);
  const groups: { type: "photo" | "document"; ids: string[] }[] = [
    { type: "photo", ids: details.photos.filter((id) => !documents.has(id)) },
    { type: "document", ids: details.photos.filter((id) => documents.has(id)) },
  ];
  const parts: ReportPart[] = [];
  for (const { type, ids } of groups) {
    for (let start = 0; start < ids.length; start += 10) {
      const chunk = ids.slice(start, start + 10);
      const withCaption = parts.length === 0 ? { caption } : {};
      if (chunk.length === 1) {
        parts.push({ method: type === "photo" ? "sendPhoto" : "sendDocument", fileId: chunk[0]!, ...withCaption });
      } else {
        parts.push({
          method: "sendMediaGroup",
          media: chunk.map((media, index) => ({ type, media, ...(index === 0 ? withCaption : {}) })),
        });
      }
    }
  }
  return parts.length ? parts : [{ method: "sendMessage", text: caption }];
}

async function sendPart(api: Api, chatId: string, part: ReportPart): Promise<number[]> {
  switch (part.method) {
    case "sendMessage":
      return [(await api.sendMessage(chatId, part.text)).message_id];
    case "sendPhoto":
      return [(await api.sendPhoto(chatId, part.fileId, part.caption ? { caption: part.caption } : {})).message_id];
    case "sendDocument":
      return [(await api.sendDocument(chatId, part.fileId, part.caption ? { caption: part.caption } : {})).message_id];
    case "sendMediaGroup":
      return (await api.sendMediaGroup(chatId, part.media as InputMediaPhoto[] | InputMediaDocument[])).map(
        (message) => message.message_id,
      );
  }
}

/**
 * Posts a finished visit to the report chat if its post is still pending: claims it, sends its parts in order
 * and records each one as Telegram accepts it, so a failure re-queues only what is not in the chat yet.
 * Returns whether this call finished the post.
 */
export async function postVisitReport(api: Api, services: ServiceContext, visitId: number): Promise<boolean> {
  const claim = await claimReportPost(services, visitId);
  if (!claim) return false;
  try {
    const details = await getReportDetails(services, visitId);
    if (!details) throw new Error(`visit ${visitId} is gone`);
    const parts = planReportParts(details, buildReportCaption(details));
    for (const part of parts.slice(claim.sentParts)) {
      await recordReportPart(services, claim, await sendPart(api, claim.chatId, part));
    }
    await markReportPosted(services, visitId);
    return true;
  } catch (error) {
    await markReportFailed(services, claim, (error as Error).message);
    services.logger.warn(
      { visitId, sentParts: claim.sentParts, err: error },
      "report post failed; the parts not sent stay queued",
    );
    return false;
  }
}

/** Retries every queued report post (after a 429 that outlasted auto-retry, a restart, an outage). */
export async function retryPendingReportPosts(api: Api, services: ServiceContext): Promise<number> {
  const stalled = await markStalledReportPosts(services);
  if (stalled.length)
    services.logger.warn({ visitIds: stalled }, "report posts interrupted mid-send: marked failed, not resent");
  let posted = 0;
  for (const visitId of await listPendingReportPosts(services))
    if (await postVisitReport(api, services, visitId)) posted++;
  return posted;
}
