import { useEffect, useState } from "react";
import type { HousePhotos as HousePhotosData } from "../../../api/src/modules/photos/photos.schemas.ts";
import { t } from "../i18n/ru.ts";
import { authorizationHeader } from "../lib/api-client.ts";
import { addMonths, formatMonth, formatShortDay, localToday, monthOf } from "../lib/dates.ts";
import { useApi } from "../lib/use-api.ts";
import { Skeleton } from "./Skeleton.tsx";

/**
 * One photo through the API. An <img src> cannot send the Authorization header, so the bytes come by fetch and
 * show as a blob URL; the server fetched them from Telegram (the bot token never reaches the page).
 */
function AuthImage({ url, alt }: { url: string; alt: string }) {
  const [state, setState] = useState<{ src?: string; error?: string }>({});
  const [isLarge, setLarge] = useState(false);
  useEffect(() => {
    const controller = new AbortController();
    let objectUrl: string | undefined;
    fetch(url, { headers: { Authorization: authorizationHeader() }, signal: controller.signal })
      .then(async (response) => {
        if (!response.ok) {
          const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
          throw new Error(body?.error?.message ?? t.photos.unavailable);
        }
        objectUrl = URL.createObjectURL(await response.blob());
        setState({ src: objectUrl });
      })
      .catch((error: Error) => {
        if (error.name !== "AbortError") setState({ error: error.message || t.photos.unavailable });
      });
    return () => {
      controller.abort();
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [url]);
  if (state.error) {
    return (
      <div
        className="flex aspect-[3/4] items-center justify-center rounded-lg bg-secondary p-1 text-center text-[10px] text-hint"
        title={state.error}
        data-testid="photo-error"
      >
        {t.photos.unavailable}
      </div>
    );
  }
  if (!state.src) return <Skeleton className="aspect-[3/4] rounded-lg" />;
  return (
    <button
      type="button"
      onClick={() => setLarge((value) => !value)}
      className={isLarge ? "col-span-3" : ""}
      aria-label={alt}
    >
      <img
        src={state.src}
        alt={alt}
        className="w-full rounded-lg object-cover"
        style={{ aspectRatio: isLarge ? undefined : "3 / 4" }}
        data-testid="house-photo"
      />
    </button>
  );
}

/** «Фото уборок»: the month's photo proof of a house, by visit, with a month switcher. */
export function HousePhotos({ houseId }: { houseId: number }) {
  const current = monthOf(localToday());
  const [month, setMonth] = useState(current);
  const photos = useApi<HousePhotosData>(`/api/houses/${houseId}/photos?month=${month}`);
  const data = photos.data;
  return (
    <section className="py-2" data-testid="house-photos">
      <div className="flex items-center justify-between">
        <div className="text-xs text-hint">{t.photos.title}</div>
        <div className="flex items-center gap-1 text-sm">
          <button
            type="button"
            onClick={() => setMonth(addMonths(month, -1))}
            aria-label={t.photos.previous}
            className="px-2"
          >
            ‹
          </button>
          <span data-testid="house-photos-month">{formatMonth(month)}</span>
          <button
            type="button"
            onClick={() => setMonth(addMonths(month, 1))}
            disabled={month >= current}
            aria-label={t.photos.next}
            className="px-2 disabled:opacity-30"
          >
            ›
          </button>
        </div>
      </div>
      {photos.error ? (
        <p className="text-sm text-destructive">{photos.error.message}</p>
      ) : !data ? (
        <Skeleton className="mt-2 h-24" />
      ) : data.visits.length === 0 ? (
        <p className="mt-1 text-sm text-hint">{t.photos.empty}</p>
      ) : (
        <ul className="mt-2 space-y-3">
          {data.visits.map((visit) => (
            <li key={visit.visitId} data-testid="photo-visit">
              <p className="text-xs">
                {formatShortDay(visit.date)} · {visit.kindLabel}
                {visit.reportedBy && <span className="text-hint"> · {visit.reportedBy}</span>}
              </p>
              <div className="mt-1 grid grid-cols-3 gap-1">
                {visit.photos.map((photo, index) => (
                  <AuthImage key={photo.id} url={photo.url} alt={`${formatShortDay(visit.date)}, фото ${index + 1}`} />
                ))}
              </div>
            </li>
          ))}
        </ul>
      )}
      {data && data.doneWithoutPhotos > 0 && (
        <p className="mt-1 text-xs text-progress">{t.photos.withoutPhotos(data.doneWithoutPhotos)}</p>
      )}
    </section>
  );
}
