import type { Api } from "grammy";
import type { InputMediaPhoto } from "grammy/types";
import type { ServiceContext } from "../../../api/src/lib/context.ts";
import { formatDayRu } from "../../../api/src/lib/dates.ts";
import {
  claimReportPost,
  getReportDetails,
  listPendingReportPosts,
  markStalledReportPosts,
  markReportFailed,
  markReportPosted,
} from "../../../api/src/modules/visits/report-posts.service.ts";

/** "🧹 Уборка завершена / 🏠 адрес / 📅 дата / 👷 бригада" */
export function buildReportCaption(details: { address: string; date: string; b_number: number | null; b_name: string | null; finished_by: string | null }) {
  const brigade = details.b_number ? `Бригада ${details.b_number}` : (details.b_name ?? "без бригады");
  return [
    "🧹 Уборка завершена",
    `🏠 ${details.address}`,
    `📅 ${formatDayRu(details.date)}`,
    `👷 ${brigade}${details.finished_by ? ` (${details.finished_by})` : ""}`,
  ].join("\n");
}

/**
 * Posts a finished visit to the report chat if its post is still pending: claims it, sends the album (albums
 * hold 2-10 photos, so more go in several), and records the message ids. Returns whether this call posted it.
 */
export async function postVisitReport(api: Api, services: ServiceContext, visitId: number): Promise<boolean> {
  const claim = await claimReportPost(services, visitId);
  if (!claim) return false;
  try {
    const details = await getReportDetails(services, visitId);
    if (!details) throw new Error(`visit ${visitId} is gone`);
    const caption = buildReportCaption(details);
    const messageIds: number[] = [];
    if (details.photos.length === 0) {
      messageIds.push((await api.sendMessage(claim.chatId, caption)).message_id);
    } else if (details.photos.length === 1) {
      messageIds.push((await api.sendPhoto(claim.chatId, details.photos[0]!, { caption })).message_id);
    } else {
      for (let start = 0; start < details.photos.length; start += 10) {
        const chunk = details.photos.slice(start, start + 10);
        const media: InputMediaPhoto[] = chunk.map((fileId, index) => ({
          type: "photo",
          media: fileId,
          ...(start === 0 && index === 0 ? { caption } : {}),
        }));
        // A lone last photo cannot form an album.
        const sent = media.length === 1 ? [await api.sendPhoto(claim.chatId, chunk[0]!)] : await api.sendMediaGroup(claim.chatId, media);
        messageIds.push(...sent.map((message) => message.message_id));
      }
    }
    await markReportPosted(services, visitId, messageIds);
    return true;
  } catch (error) {
    await markReportFailed(services, claim, (error as Error).message);
    services.logger.warn({ visitId, err: error }, "report post failed; it stays queued");
    return false;
  }
}

/** Retries every queued report post (after a 429 that outlasted auto-retry, a restart, an outage). */
export async function retryPendingReportPosts(api: Api, services: ServiceContext): Promise<number> {
  const stalled = await markStalledReportPosts(services);
  if (stalled.length) services.logger.warn({ visitIds: stalled }, "report posts interrupted mid-send: marked failed, not resent");
  let posted = 0;
  for (const visitId of await listPendingReportPosts(services)) if (await postVisitReport(api, services, visitId)) posted++;
  return posted;
}
