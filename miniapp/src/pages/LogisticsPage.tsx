// «Маршрут»: a brigade's day as an ordered list with times and kilometres, the map (its own lazy chunk: the list
// never waits for Leaflet or the tiles), the whole route in Яндекс Карты / Google Maps, and «Начать» on the next house.
import { lazy, Suspense, useCallback, useEffect, useState } from "react";
import { useSearchParams } from "react-router";
import type { RouteResponse, RouteStop } from "../../../api/src/modules/logistics/logistics.schemas.ts";
import { ErrorState } from "../components/ErrorState.tsx";
import { MapBoundary } from "../components/route/MapBoundary.tsx";
import { formatKm, RouteStopList } from "../components/route/RouteStopList.tsx";
import { PageSkeleton, Skeleton } from "../components/Skeleton.tsx";
import { t } from "../i18n/ru.ts";
import { type ApiError, apiSend, toApiError } from "../lib/api-client.ts";
import { localToday } from "../lib/dates.ts";
import { hapticTap, openExternalLink, reportFirstScreen } from "../lib/platform.ts";
import type { CleaningFilters } from "../lib/types.ts";
import { useApi } from "../lib/use-api.ts";

const RouteMap = lazy(() => import("../components/route/RouteMap.tsx"));

interface MeWithBrigade {
  role: "admin" | "manager" | "brigade_lead" | "cleaner";
  brigadeId: number | null;
}

/** POST /api/logistics/route for `body` (null = not yet known); reloads when the body changes. */
function useRoute(body: object | null) {
  const key = body === null ? null : JSON.stringify(body);
  const [state, setState] = useState<{ key?: string; data?: RouteResponse; error?: ApiError }>({});
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    if (key === null) return;
    const controller = new AbortController();
    setState((previous) => ({ ...previous, error: undefined }));
    apiSend<RouteResponse>("POST", "/api/logistics/route", JSON.parse(key), controller.signal).then(
      (data) => setState({ key, data }),
      (error: unknown) => {
        if ((error as Error).name !== "AbortError") setState({ key, error: toApiError(error) });
      },
    );
    return () => controller.abort();
  }, [key, attempt]);
  const reload = useCallback(() => setAttempt((value) => value + 1), []);
  return { ...state, isLoading: key !== null && state.key !== key, reload };
}

export default function LogisticsPage() {
  const [params, setParams] = useSearchParams();
  const me = useApi<MeWithBrigade>("/api/me", { isCached: true });
  const filters = useApi<CleaningFilters>("/api/cleaning/filters", { isCached: true });
  const isOffice = me.data ? me.data.role === "admin" || me.data.role === "manager" : undefined;
  const today = localToday();
  const day = params.get("date") || today;
  const brigadeId = isOffice ? Number(params.get("brigade")) || filters.data?.brigades[0]?.id : undefined;
  const body =
    isOffice === undefined || (isOffice && brigadeId === undefined)
      ? null
      : { date: day, ...(isOffice ? { brigade: brigadeId } : {}) };
  const route = useRoute(body);
  const [isStarting, setStarting] = useState(false);
  const [notice, setNotice] = useState<{ text: string; isError: boolean }>();

  const hasScreen = Boolean(route.data || route.error || me.error);
  useEffect(() => {
    if (hasScreen) reportFirstScreen();
  }, [hasScreen]);

  const choose = (next: Record<string, string>) => {
    const merged = new URLSearchParams(params);
    for (const [key, value] of Object.entries(next)) merged.set(key, value);
    setNotice(undefined);
    setParams(merged, { replace: true });
  };

  async function start(stop: RouteStop) {
    if (!stop.visitId || isStarting) return;
    hapticTap();
    setStarting(true);
    setNotice(undefined);
    try {
      // The visit flow's own «Начать уборку» (idempotent: a double tap changes nothing).
      await apiSend("POST", `/api/visits/${stop.visitId}/start`);
      setNotice({ text: t.logistics.started(stop.address), isError: false });
      route.reload();
    } catch (error) {
      setNotice({ text: toApiError(error).message, isError: true });
    } finally {
      setStarting(false);
    }
  }

  const data = route.data;
  // «Начать» is offered today on the first house not yet started.
  const next =
    day === today
      ? data?.stops.find((stop) => stop.visitStatus === "planned" || stop.visitStatus === "missed")
      : undefined;
  const brigades = filters.data?.brigades ?? [];
  const error = me.error ?? route.error;
  return (
    <main className="space-y-3 p-4" data-testid="logistics-page">
      <div className="flex gap-2 rounded-2xl bg-section p-3">
        <label className="min-w-0 flex-1 text-xs text-hint">
          {t.logistics.brigade}
          {isOffice ? (
            <select
              value={brigadeId ?? ""}
              onChange={(event) => choose({ brigade: event.target.value })}
              className="mt-1 block w-full rounded-xl bg-secondary px-2 py-2 text-sm text-text"
              data-testid="route-brigade"
            >
              {brigades.map((brigade) => (
                <option key={brigade.id} value={brigade.id}>
                  {brigade.name}
                </option>
              ))}
            </select>
          ) : (
            <span
              className="mt-1 block rounded-xl bg-secondary px-2 py-2 text-sm text-text"
              data-testid="route-brigade-fixed"
            >
              {data?.brigade?.name ?? t.common.notSet}
            </span>
          )}
        </label>
        <label className="w-40 text-xs text-hint">
          {t.logistics.date}
          <input
            type="date"
            value={day}
            onChange={(event) => event.target.value && choose({ date: event.target.value })}
            className="mt-1 block w-full rounded-xl bg-secondary px-2 py-2 text-sm text-text"
            data-testid="route-date"
          />
        </label>
      </div>

      {isOffice && filters.data && brigades.length === 0 ? (
        <p className="px-1 text-sm text-hint">{t.logistics.noBrigades}</p>
      ) : error ? (
        <ErrorState message={error.message} onRetry={route.reload} />
      ) : !data ? (
        <PageSkeleton />
      ) : (
        <div
          className={`space-y-3 transition-opacity ${route.isLoading ? "opacity-60" : ""}`}
          aria-busy={route.isLoading}
          data-testid="route-ready"
        >
          {data.stops.length === 0 ? (
            <p className="rounded-2xl bg-section p-3 text-sm text-hint">{t.logistics.empty}</p>
          ) : (
            <>
              <div className="space-y-2 rounded-2xl bg-section p-3">
                <p className="text-sm font-semibold" data-testid="route-summary">
                  {t.logistics.summary(
                    data.stops.length,
                    formatKm(data.totalKm),
                    data.finish ?? data.stops.at(-1)!.departure,
                  )}
                </p>
                {data.start && <p className="text-xs text-hint">{t.logistics.startFrom(data.start.label)}</p>}
                {(data.fallbackReason || data.provider === "offline") && (
                  <p className="text-xs text-hint" data-testid="route-provider-note">
                    {data.fallbackReason ?? t.logistics.offline}
                  </p>
                )}
                <div className="flex flex-wrap gap-2">
                  {data.mapUrls.yandex && (
                    <button
                      type="button"
                      onClick={() => openExternalLink(data.mapUrls.yandex)}
                      className="flex-1 rounded-xl bg-button px-3 py-2 text-sm font-medium text-button-text"
                    >
                      {t.logistics.openYandex}
                    </button>
                  )}
                  {(data.mapUrls.googleParts?.length
                    ? data.mapUrls.googleParts
                    : [data.mapUrls.google].filter(Boolean)
                  ).map((url, index, all) => (
                    <button
                      key={url}
                      type="button"
                      onClick={() => openExternalLink(url)}
                      className="flex-1 rounded-xl bg-secondary px-3 py-2 text-sm font-medium"
                    >
                      {all.length > 1 ? t.logistics.googlePart(index + 1) : t.logistics.openGoogle}
                    </button>
                  ))}
                </div>
              </div>
              <MapBoundary>
                <Suspense fallback={<Skeleton className="h-64" />}>
                  <RouteMap route={data} />
                </Suspense>
              </MapBoundary>
              {notice && (
                <p
                  role={notice.isError ? "alert" : "status"}
                  className={`px-1 text-sm ${notice.isError ? "text-destructive" : "text-done"}`}
                  data-testid="route-notice"
                >
                  {notice.text}
                </p>
              )}
              <RouteStopList
                stops={data.stops}
                nextHouseId={next?.houseId}
                isStarting={isStarting}
                onStart={(stop) => void start(stop)}
              />
            </>
          )}
          {data.skipped.length > 0 && (
            <section className="rounded-2xl bg-section p-3" data-testid="route-skipped">
              <h2 className="text-sm font-semibold">{t.logistics.skipped}</h2>
              <ul className="mt-1 space-y-1">
                {data.skipped.map((item) => (
                  <li key={item.houseId} className="text-xs">
                    {item.address}: <span className="text-hint">{item.reason}</span>
                  </li>
                ))}
              </ul>
            </section>
          )}
        </div>
      )}
    </main>
  );
}
