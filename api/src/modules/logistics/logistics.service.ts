// The route use case: a brigade's day (or a list of houses) as an ordered list of stops with wall-clock times,
// skipped houses with their reasons and links for the phone's maps app. The same function serves the mini-app
// (POST /api/logistics/route) and the bot's /route.
import { isOfficeRole, type Principal, type ServiceContext } from "../../lib/context.ts";
import { AppError, badRequest } from "../../lib/errors.ts";
import { instantOfWallClock, today } from "../../lib/dates.ts";
import {
  isDayWithinPlanningRange,
  MAX_ROUTE_STOPS,
  type PlanRequest,
  type PlanResponse,
  type RouteRequest,
  type RouteResponse,
} from "./logistics.schemas.ts";
import type { Fetch } from "./providers/http.ts";
import { resolveMatrix } from "./providers/resolve-matrix.ts";
import { classifyHouses, loadBrigadeDay, loadHouses, serviceTimeSettings, type RouteCandidate } from "./route-day.ts";
import { buildRoute, type StartPoint } from "./route-result.ts";
import { splitBalanced } from "./solver/balanced-split.ts";
import { createTravelMatrix, subMatrix, type LatLon } from "./travel-matrix.ts";

/** What the composition root may swap: the Google endpoint (a local fake in tests) and fetch. */
export interface RoutingOverrides {
  googleUrl?: string;
  fetch?: Fetch;
}

const MINUTE_MS = 60_000;

async function findBrigade(ctx: ServiceContext, brigadeId: number) {
  const brigade = await ctx.db.prisma.brigade.findUnique({
    where: { id: brigadeId },
    select: { id: true, number: true, name: true },
  });
  if (!brigade) throw new AppError("route_brigade_unknown", { status: 404, userMessage: "Бригада не найдена" });
  return brigade;
}

/** The houses the request is about, after the role rules: a brigade member plans only their own brigade's. */
async function loadRequestedDay(ctx: ServiceContext, principal: Principal, request: RouteRequest, day: string) {
  const isOffice = isOfficeRole(principal);
  if (request.houseIds) {
    const houses = await loadHouses(ctx, { houseIds: request.houseIds, day });
    const found = new Set(houses.map((house) => house.houseId));
    const unknown = request.houseIds.filter((id) => !found.has(id));
    if (unknown.length > 0) {
      throw new AppError("route_house_unknown", {
        status: 404,
        userMessage: `Дома не найдены: ${unknown.slice(0, 10).join(", ")}`,
      });
    }
    if (!isOffice) {
      const foreign = houses.filter((house) => principal.brigadeId === null || house.brigadeId !== principal.brigadeId);
      if (foreign.length > 0) {
        throw new AppError("route_house_forbidden", {
          status: 403,
          userMessage: `Можно планировать только дома своей бригады: ${foreign
            .slice(0, 3)
            .map((house) => house.address)
            .join("; ")}`,
        });
      }
    }
    // The order of the request, so equal inputs give equal matrices.
    const byId = new Map(houses.map((house) => [house.houseId, house]));
    return { brigade: null, houses: request.houseIds.map((id) => byId.get(id)!) };
  }
  let brigadeId = request.brigade;
  if (!isOffice) {
    if (principal.brigadeId === null)
      throw new AppError("route_no_brigade", {
        status: 403,
        userMessage: "Вы не состоите в бригаде: маршрут строится по бригаде",
      });
    if (brigadeId !== undefined && brigadeId !== principal.brigadeId) {
      throw new AppError("route_brigade_forbidden", {
        status: 403,
        userMessage: "Можно смотреть маршрут только своей бригады",
      });
    }
    brigadeId = principal.brigadeId;
  }
  if (brigadeId === undefined) throw badRequest("route_brigade_required", "Выберите бригаду или укажите дома");
  const brigade = await findBrigade(ctx, brigadeId);
  return { brigade, houses: await loadBrigadeDay(ctx, { brigadeId, day }) };
}

/** When the day starts: the requested time, else LOGISTICS_START_TIME, and for today not before now. */
function startInstant(
  ctx: ServiceContext,
  day: string,
  startTime: string | undefined,
  now: Date,
  isToday: boolean,
): Date {
  const [year, month, date] = day.split("-").map(Number) as [number, number, number];
  const [hour, minute] = (startTime ?? ctx.config.logistics.startTime).split(":").map(Number) as [number, number];
  const planned = instantOfWallClock({ year, month, day: date, hour, minute }, ctx.config.timeZone);
  if (startTime !== undefined || !isToday || planned >= now) return planned;
  return new Date(Math.ceil(now.getTime() / MINUTE_MS) * MINUTE_MS);
}

function startPoint(
  ctx: ServiceContext,
  request: Pick<RouteRequest, "start">,
  candidates: RouteCandidate[],
): StartPoint {
  if (request.start) return { ...request.start, label: "точка отправления", isReal: true };
  const depot = ctx.config.logistics.depot;
  if (depot) return { ...depot, label: "база", isReal: true };
  const count = Math.max(1, candidates.length);
  const lat = candidates.reduce((sum, stop) => sum + stop.lat, 0) / count;
  const lon = candidates.reduce((sum, stop) => sum + stop.lon, 0) / count;
  return { lat, lon, label: "центр домов дня (LOGISTICS_DEPOT не задан)", isReal: false };
}

/** What both plans start from: which houses can be visited (and why the others cannot), where, and whether back. */
function prepareStops(
  ctx: ServiceContext,
  request: Pick<RouteRequest, "start" | "returnToStart">,
  houses: Parameters<typeof classifyHouses>[0],
  options: { isToday: boolean; now: Date },
) {
  const { config } = ctx;
  const { candidates, skipped } = classifyHouses(houses, {
    settings: serviceTimeSettings(config),
    now: options.now,
    isToday: options.isToday,
    timeZone: config.timeZone,
  });
  const start = startPoint(ctx, request, candidates);
  const returnsToStart = request.returnToStart ?? (request.start === undefined && config.logistics.depot !== undefined);
  return { isToday: options.isToday, candidates, skipped, start, returnsToStart };
}

/** Plans the route of a brigade's day or of the given houses (see POST /api/logistics/route). */
export async function planDayRoute(
  ctx: ServiceContext,
  options: { principal: Principal; request: RouteRequest; overrides?: RoutingOverrides; signal?: AbortSignal },
): Promise<RouteResponse> {
  const { principal, request } = options;
  const { config } = ctx;
  const now = ctx.clock.now();
  const todayDay = today(config.timeZone, now);
  const day = request.date ?? todayDay;
  if (!isDayWithinPlanningRange(day, todayDay))
    throw badRequest("route_date_out_of_range", "Маршрут можно построить на день не дальше года от сегодняшнего");
  const { brigade, houses } = await loadRequestedDay(ctx, principal, request, day);
  if (houses.length > MAX_ROUTE_STOPS) {
    throw badRequest(
      "route_too_many_stops",
      `В этот день ${houses.length} домов, а в маршруте может быть не больше ${MAX_ROUTE_STOPS}: разделите день`,
    );
  }
  const { isToday, candidates, skipped, start, returnsToStart } = prepareStops(ctx, request, houses, {
    isToday: day === todayDay,
    now,
  });
  const base = {
    date: day,
    brigade,
    skipped,
    start: { lat: start.lat, lon: start.lon, label: start.label },
    returnsToStart,
  };
  const startAt = startInstant(ctx, day, request.startTime, now, isToday);
  const resolved =
    candidates.length === 0
      ? undefined
      : await resolveRouteMatrix(ctx, [start, ...candidates], request.provider, options);
  const built = buildRoute({
    candidates,
    matrix: resolved?.matrix ?? createTravelMatrix(1, "offline"),
    start,
    returnsToStart,
    startAt,
    now,
    isToday,
    isStartTimeGiven: request.startTime !== undefined,
    timeZone: config.timeZone,
  });
  return {
    ...base,
    provider: resolved?.provider ?? "offline",
    ...(resolved?.fallbackReason ? { fallbackReason: resolved.fallbackReason } : {}),
    ...built,
  };
}

/** The travel matrix from the configured provider, or the offline one with the reason. */
function resolveRouteMatrix(
  ctx: ServiceContext,
  points: LatLon[],
  provider: RouteRequest["provider"] | PlanRequest["provider"],
  options: { overrides?: RoutingOverrides; signal?: AbortSignal },
) {
  const { config } = ctx;
  return resolveMatrix(points, {
    provider: provider ?? "auto",
    osrm: config.maps.osrmUrl ? { baseUrl: config.maps.osrmUrl } : undefined,
    google: config.maps.googleApiKey
      ? { apiKey: config.maps.googleApiKey, url: options.overrides?.googleUrl }
      : undefined,
    offline: { roadFactor: config.logistics.roadFactor, speedKmh: config.logistics.speedKmh },
    timeoutMs: config.logistics.matrixTimeoutSeconds * 1000,
    signal: options.signal,
    fetch: options.overrides?.fetch,
    logger: ctx.logger,
  });
}

/** Splits one day's houses of several brigades so their working days end about together (office only). */
export async function planBrigadesDay(
  ctx: ServiceContext,
  options: { principal: Principal; request: PlanRequest; overrides?: RoutingOverrides; signal?: AbortSignal },
): Promise<PlanResponse> {
  const { principal, request } = options;
  const { config } = ctx;
  if (!isOfficeRole(principal))
    throw new AppError("plan_forbidden", {
      status: 403,
      userMessage: "Распределять дома между бригадами может только офис",
    });
  const now = ctx.clock.now();
  const todayDay = today(config.timeZone, now);
  const day = request.date ?? todayDay;
  if (!isDayWithinPlanningRange(day, todayDay))
    throw badRequest("route_date_out_of_range", "Маршрут можно построить на день не дальше года от сегодняшнего");
  const brigades: Awaited<ReturnType<typeof findBrigade>>[] = [];
  for (const id of request.brigades) brigades.push(await findBrigade(ctx, id));
  const houses = (
    await Promise.all(brigades.map((brigade) => loadBrigadeDay(ctx, { brigadeId: brigade.id, day })))
  ).flat();
  if (houses.length > MAX_ROUTE_STOPS) {
    throw badRequest(
      "route_too_many_stops",
      `В этот день ${houses.length} домов, а распределить можно не больше ${MAX_ROUTE_STOPS}`,
    );
  }
  const { isToday, candidates, skipped, start, returnsToStart } = prepareStops(ctx, request, houses, {
    isToday: day === todayDay,
    now,
  });
  const startAt = startInstant(ctx, day, request.startTime, now, isToday);
  const resolved =
    candidates.length === 0
      ? undefined
      : await resolveRouteMatrix(ctx, [start, ...candidates], request.provider, options);
  const matrix = resolved?.matrix ?? createTravelMatrix(1, "offline");
  const brigadeOf = new Map(
    houses.map((house) => [house.houseId, brigades.findIndex((brigade) => brigade.id === house.brigadeId)]),
  );
  const split = splitBalanced({
    matrix,
    points: [start, ...candidates],
    serviceMinutes: [0, ...candidates.map((candidate) => candidate.serviceMinutes)],
    groups: brigades.length,
    returnsToStart,
    current: [-1, ...candidates.map((candidate) => brigadeOf.get(candidate.houseId) ?? -1)],
    pinned: [false, ...candidates.map((candidate) => candidate.startedAt !== null)],
  });
  const routes = brigades.map((brigade, group) => {
    const indices = split.groups[group]!.sort((a, b) => a - b);
    const built = buildRoute({
      candidates: indices.map((index) => candidates[index - 1]!),
      matrix: subMatrix(matrix, [0, ...indices]),
      start,
      returnsToStart,
      startAt,
      now,
      isToday,
      isStartTimeGiven: request.startTime !== undefined,
      timeZone: config.timeZone,
    });
    return { brigade, ...built };
  });
  const minutes = routes.map((route) => route.totalMinutes);
  return {
    provider: resolved?.provider ?? "offline",
    ...(resolved?.fallbackReason ? { fallbackReason: resolved.fallbackReason } : {}),
    date: day,
    start: { lat: start.lat, lon: start.lon, label: start.label },
    returnsToStart,
    routes,
    skipped,
    spreadMinutes: minutes.length ? Math.max(...minutes) - Math.min(...minutes) : 0,
  };
}

/** A 4xx from this module, for callers that show the message instead of failing (the bot). */
export const isRouteUserError = (error: unknown): error is AppError => error instanceof AppError && error.status < 500;
