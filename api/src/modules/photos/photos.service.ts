// The photo archive: the photo proof of a house's visits (Telegram file ids from the report flow) and each
// photo's bytes, fetched from Telegram with the bot token and cached on disk. A brigade sees its own houses.
import type { VisitStatus } from "../../../../prisma/client.ts";
import { isOfficeRole, type Principal, type ServiceContext } from "../../lib/context.ts";
import { addMonths, monthOf, monthRange, today } from "../../lib/dates.ts";
import { AppError, badRequest, forbidden, notFound } from "../../lib/errors.ts";
import { INT4_MAX } from "../../lib/schemas.ts";
import { VISIT_KIND_SHORT_LABELS } from "../schedule/visit-kinds.ts";
import type { PhotoCache } from "./photo-cache.ts";
import { PHOTO_ID_PATTERN, type HousePhotos } from "./photos.schemas.ts";
import { demoPhoto, isDemoPhotoId } from "./demo-photo.ts";
import { downloadTelegramFile } from "./telegram-files.ts";

export const PHOTOS_MOUNT = "/api/photos";
const MAX_MONTHS_AWAY = 24;

const refuseForeign = () => forbidden("Фото доступны только по домам своей бригады");

/** Whether a principal may see a house of `brigadeId`: office roles all, brigade members their own. */
function canSee(principal: Principal, brigadeId: number | null): boolean {
  return isOfficeRole(principal) || (principal.brigadeId !== null && principal.brigadeId === brigadeId);
}

/** The month's photos of one house by visit (default: this month); another brigade's house is 403. */
export async function listHousePhotos(
  ctx: ServiceContext,
  options: { principal: Principal; houseId: number; month?: string },
): Promise<HousePhotos> {
  const current = monthOf(today(ctx.config.timeZone, ctx.clock.now()));
  const month = options.month ?? current;
  const distance = Math.abs(
    Number(month.slice(0, 4)) * 12 +
      Number(month.slice(5, 7)) -
      (Number(current.slice(0, 4)) * 12 + Number(current.slice(5, 7))),
  );
  if (distance > MAX_MONTHS_AWAY)
    throw badRequest(
      "month_out_of_range",
      `Месяц ${month} слишком далеко: не дальше двух лет от текущего (${addMonths(current, -MAX_MONTHS_AWAY)} … ${addMonths(current, MAX_MONTHS_AWAY)})`,
    );
  const [house] = await ctx.db.query<{ id: number; address: string; brigade_id: number | null }>(
    `SELECT id, address, brigade_id FROM houses WHERE id = $1`,
    [options.houseId],
  );
  if (!house) throw notFound("Дом не найден");
  if (!canSee(options.principal, house.brigade_id)) throw refuseForeign();
  const { from, to } = monthRange(month);
  const visits = await ctx.db.query<{
    id: number;
    date: string;
    kind: keyof typeof VISIT_KIND_SHORT_LABELS;
    kind_text: string | null;
    status: VisitStatus;
    finished_at: Date | null;
    reported_by: string | null;
    photo_count: number;
  }>(
    `SELECT v.id, to_char(v.date, 'YYYY-MM-DD') AS date, v.kind, v.kind_text, v.status, v.finished_at,
            coalesce(fe.name, se.name) AS reported_by, cardinality(v.photos)::int AS photo_count
       FROM cleaning_visits v
       LEFT JOIN employees fe ON fe.id = v.finished_by_id
       LEFT JOIN employees se ON se.id = v.started_by_id
      WHERE v.house_id = $1 AND v.date BETWEEN $2::date AND $3::date
      ORDER BY v.date, v.kind`,
    [house.id, from, to],
  );
  return {
    houseId: house.id,
    address: house.address,
    month,
    visits: visits
      .filter((visit) => visit.photo_count > 0)
      .map((visit) => ({
        visitId: visit.id,
        date: visit.date,
        kindLabel: visit.kind === "other" && visit.kind_text ? visit.kind_text : VISIT_KIND_SHORT_LABELS[visit.kind],
        status: visit.status,
        finishedAt: visit.finished_at?.toISOString() ?? null,
        reportedBy: visit.reported_by,
        photos: Array.from({ length: visit.photo_count }, (_, index) => ({
          id: `${visit.id}-${index}`,
          url: `${PHOTOS_MOUNT}/${visit.id}-${index}`,
        })),
      })),
    doneWithoutPhotos: visits.filter((visit) => visit.status === "done" && visit.photo_count === 0).length,
  };
}

/** What the bytes are, by their first bytes (never by a name): Telegram photos are JPEG. */
export function detectImageType(bytes: Uint8Array): string | null {
  const starts = (...signature: number[]) => signature.every((byte, index) => bytes[index] === byte);
  if (starts(0xff, 0xd8, 0xff)) return "image/jpeg";
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return "image/png";
  if (starts(0x52, 0x49, 0x46, 0x46) && String.fromCharCode(...bytes.subarray(8, 12)) === "WEBP") return "image/webp";
  if (starts(0x47, 0x49, 0x46, 0x38)) return "image/gif";
  return null;
}

export interface PhotoBytes {
  bytes: Uint8Array;
  contentType: string;
  source: "cache" | "telegram" | "demo";
}

/** One photo by "<visit id>-<position>", through the cache; another brigade's photo is 403. */
export function createPhotoReader(ctx: ServiceContext, cache: PhotoCache) {
  // Two people opening the same uncached photo at once cause one download.
  const inFlight = new Map<string, Promise<PhotoBytes>>();

  async function fetchPhoto(fileId: string): Promise<PhotoBytes> {
    const cached = await cache.get(fileId);
    if (cached) return { ...cached, source: "cache" };
    const bytes = await downloadTelegramFile(ctx.config.telegram, fileId);
    const contentType = detectImageType(bytes);
    if (!contentType)
      throw new AppError("photo_not_image", {
        status: 502,
        userMessage: "Telegram отдал файл, который не является фотографией",
      });
    await cache
      .put(fileId, { bytes, contentType })
      .catch((error: unknown) => ctx.logger.warn({ err: error }, "photo cache: could not store a photo"));
    return { bytes, contentType, source: "telegram" };
  }

  return async function readPhoto(options: { principal: Principal; photoId: string }): Promise<PhotoBytes> {
    const match = PHOTO_ID_PATTERN.exec(options.photoId);
    const visitId = Number(match?.[1]);
    if (!match || visitId < 1 || visitId > INT4_MAX)
      throw badRequest("validation_error", "Неверный id фото: ожидается «<id уборки>-<номер фото>»");
    const index = Number(match[2]);
    const [row] = await ctx.db.query<{ file_id: string | null; brigade_id: number | null }>(
      `SELECT v.photos[$2::int + 1] AS file_id, h.brigade_id FROM cleaning_visits v JOIN houses h ON h.id = v.house_id WHERE v.id = $1`,
      [visitId, index],
    );
    if (!row?.file_id) throw notFound("Фото не найдено");
    if (!canSee(options.principal, row.brigade_id)) throw refuseForeign();
    const fileId = row.file_id;
    if (isDemoPhotoId(fileId)) return { ...demoPhoto(options.photoId), source: "demo" };
    let pending = inFlight.get(fileId);
    if (!pending) {
      pending = fetchPhoto(fileId).finally(() => inFlight.delete(fileId));
      inFlight.set(fileId, pending);
    }
    return pending;
  };
}
