// A local Bitrix24 portal for tests and the benchmark, faithful to ../shared/reference/bitrix24.md: webhook URL
// shape, 50-record pages with next/total, `start=-1`, the filters our client uses, batch (50 commands, result_error,
// `$result[...]` references resolved like the portal's own processBatchStructure), the per-portal leaky bucket,
// OPERATION_TIME_LIMIT, injected faults and queued outbound events.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import qs from "qs";
import { createRandom } from "./random.ts";

export type Record_ = Record<string, unknown>;

export interface FakeFaults {
  /** Share of requests answered 503 QUERY_LIMIT_EXCEEDED whatever the bucket says. */
  queryLimitRate: number;
  /** Share of requests answered 500 INTERNAL_SERVER_ERROR. */
  serverErrorRate: number;
  /** Share of requests that hang for `timeoutMs` before answering (the client should have given up). */
  timeoutRate: number;
  timeoutMs: number;
  /** Until this instant (ms) every method answers 429 OPERATION_TIME_LIMIT. */
  operationLimitUntil: number;
  /** Every request fails with 503 (a full outage) while true. */
  isDown: boolean;
  /** The portal's administrator blocked the application: 401 OVERLOAD_LIMIT. */
  isBlocked: boolean;
}

export interface FakeBitrix24Options {
  /** Requests per second the bucket drains. */
  rate?: number;
  /** Depth at which the bucket blocks. */
  capacity?: number;
  /** Added to every answer. */
  latencyMs?: number;
  seed?: number;
  /** Outbound event webhook: where and with which application_token. */
  events?: { url: string; applicationToken: string; delayMs?: number };
  /** Whether a timeline comment touches the deal (DATE_MODIFY + ONCRMDEALUPDATE): the worst case for loops. */
  isCommentTouchingDeal?: boolean;
}

export interface FakeField {
  type: string;
  isMultiple?: boolean;
  title?: string;
  items?: { ID: string; VALUE: string }[];
}

export interface FakeBitrix24 {
  /** Inbound webhook base: `http://127.0.0.1:<port>/rest/1/<token>/` */
  webhookUrl: string;
  portalUrl: string;
  deals: Map<number, Record_>;
  companies: Map<number, Record_>;
  contacts: Map<number, Record_>;
  users: Map<number, Record_>;
  stages: Record_[];
  fields: Record<string, FakeField>;
  comments: { dealId: number; comment: string }[];
  faults: FakeFaults;
  options: Required<Pick<FakeBitrix24Options, "rate" | "capacity" | "latencyMs">> & FakeBitrix24Options;
  /** HTTP requests received (a batch is one), and per method including commands inside batches. */
  stats: { requests: number; rejected: number; byMethod: Record<string, number> };
  addDeal(fields: Record_): number;
  updateDeal(id: number, fields: Record_): void;
  deleteDeal(id: number): void;
  /** Resolves when every queued outbound event has been delivered. */
  flushEvents(): Promise<void>;
  close(): Promise<void>;
}

const TOKEN = "fake-token";
const PORTAL_OFFSET = "+03:00";

class MethodError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

/** Portal time as Bitrix24 writes it: ISO 8601 with the portal's offset, whole seconds. */
export function portalTime(ms: number): string {
  const shifted = new Date(ms + 3 * 3_600_000).toISOString().slice(0, 19);
  return `${shifted}${PORTAL_OFFSET}`;
}

// PHP's intval: a leftover "$result[...]" reference filters as 0.
const intval = (value: unknown) => {
  const parsed = Number.parseInt(String(value), 10);
  return Number.isNaN(parsed) ? 0 : parsed;
};

function compare(a: unknown, b: unknown, field: string): number {
  if (field === "ID" || field.endsWith("_ID")) return intval(a) - intval(b);
  if (field.startsWith("DATE_")) return Date.parse(String(a)) - Date.parse(String(b));
  return String(a ?? "").localeCompare(String(b ?? ""));
}

/** A filter compiled once per call: key parsing is not repeated for every record. */
function compileFilter(filter: Record_): (record: Record_) => boolean {
  const tests = Object.entries(filter).map(([rawKey, expected]) => {
    const [, op = "", field = rawKey] = /^(>=|<=|>|<|!=|!|=|@)?(.+)$/.exec(rawKey) ?? [];
    const isNegated = op === "!" || op === "!=";
    if (Array.isArray(expected) || (expected && typeof expected === "object")) {
      const list = Object.values(expected as Record_);
      return (record: Record_) => list.some((value) => compare(record[field], value, field) === 0) !== isNegated;
    }
    return (record: Record_) => {
      const order = compare(record[field], expected, field);
      return op === ">"
        ? order > 0
        : op === ">="
          ? order >= 0
          : op === "<"
            ? order < 0
            : op === "<="
              ? order <= 0
              : isNegated
                ? order !== 0
                : order === 0;
    };
  });
  return (record) => tests.every((test) => test(record));
}

function project(record: Record_, select: unknown): Record_ {
  const fields = select ? Object.values(select as Record_).map(String) : ["*"];
  const out: Record_ = {};
  for (const [key, value] of Object.entries(record)) {
    const isUf = key.startsWith("UF_");
    if (fields.includes(key) || (!isUf && fields.includes("*")) || (isUf && fields.includes("UF_*"))) out[key] = value;
  }
  out.ID = record.ID;
  return out;
}

/** A `*.list` answer: 50 records, `next`/`total` unless start=-1 skipped the count. */
function listOf(records: Record_[], params: Record_, byDefault: string[] = ["*"]) {
  const filter = (params.filter ?? params.FILTER ?? {}) as Record_;
  const order = (params.order ?? params.ORDER ?? { ID: "ASC" }) as Record<string, string>;
  const [orderField = "ID", direction = "ASC"] = Object.entries(order)[0] ?? [];
  const isMatch = compileFilter(filter);
  const sign = String(direction).toUpperCase() === "DESC" ? -1 : 1;
  const byOrder = (a: Record_, b: Record_) => compare(a[orderField], b[orderField], orderField) * sign;
  const sorted = records.filter(isMatch);
  // Records usually come in ID order already; sorting only when needed keeps the fake cheap at 5,000 deals.
  if (sorted.some((record, i) => i > 0 && byOrder(sorted[i - 1]!, record) > 0)) sorted.sort(byOrder);
  const start = intval(params.start ?? 0);
  const select = params.select ?? params.SELECT ?? byDefault;
  if (start === -1) return { result: sorted.slice(0, 50).map((r) => project(r, select)) };
  const page = sorted.slice(start, start + 50).map((r) => project(r, select));
  return { result: page, total: sorted.length, ...(start + 50 < sorted.length ? { next: start + 50 } : {}) };
}

/** Resolves `$result[key][path...]` the way the portal does: a path that does not resolve stays as text. */
function substitute(value: unknown, results: Record_): unknown {
  if (Array.isArray(value)) return value.map((item) => substitute(item, results));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, results)]));
  }
  if (typeof value !== "string") return value;
  return value.replace(/\$result\[([^\]]+)\]((?:\[[^\]]+\])*)/g, (whole, key: string, path: string) => {
    let current: unknown = results[key];
    for (const [, step] of path.matchAll(/\[([^\]]+)\]/g)) {
      if (current && typeof current === "object" && step! in (current as Record_))
        current = (current as Record_)[step!];
      else break;
    }
    return typeof current === "string" || typeof current === "number" ? String(current) : whole;
  });
}

export async function startFakeBitrix24(options: FakeBitrix24Options = {}): Promise<FakeBitrix24> {
  const random = createRandom(options.seed ?? 1);
  const state = { level: 0, drainedAt: Date.now() };
  const pendingEvents = new Set<Promise<void>>();
  let nextDealId = 1;
  let nextCommentId = 1;

  const fake: FakeBitrix24 = {
    webhookUrl: "",
    portalUrl: "",
    deals: new Map(),
    companies: new Map(),
    contacts: new Map(),
    users: new Map(),
    stages: [],
    fields: {},
    comments: [],
    faults: {
      queryLimitRate: 0,
      serverErrorRate: 0,
      timeoutRate: 0,
      timeoutMs: 1_000,
      operationLimitUntil: 0,
      isDown: false,
      isBlocked: false,
    },
    options: { rate: 2, capacity: 50, latencyMs: 0, ...options },
    stats: { requests: 0, rejected: 0, byMethod: {} },
    addDeal(fields) {
      const id = Math.max(nextDealId, ...[...fake.deals.keys()].map((key) => key + 1));
      nextDealId = id + 1;
      const now = portalTime(Date.now());
      fake.deals.set(id, { CATEGORY_ID: "0", DATE_CREATE: now, ...fields, ID: String(id), DATE_MODIFY: now });
      emit("ONCRMDEALADD", id);
      return id;
    },
    updateDeal(id, fields) {
      const deal = fake.deals.get(id);
      if (!deal) throw new Error(`no deal ${id}`);
      Object.assign(deal, fields, { ID: String(id), DATE_MODIFY: portalTime(Date.now()) });
      emit("ONCRMDEALUPDATE", id);
    },
    deleteDeal(id) {
      fake.deals.delete(id);
      emit("ONCRMDEALDELETE", id);
    },
    async flushEvents() {
      while (pendingEvents.size) await Promise.all([...pendingEvents]);
    },
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };

  function emit(event: string, id: number) {
    const target = fake.options.events;
    if (!target) return;
    const body = qs.stringify({
      event,
      data: { FIELDS: { ID: String(id) } },
      ts: String(Math.floor(Date.now() / 1000)),
      auth: { domain: new URL(fake.portalUrl).host, application_token: target.applicationToken },
    });
    // The portal queues outbound events and does not retry a failed delivery.
    const delivery = new Promise<void>((resolve) => setTimeout(resolve, target.delayMs ?? 0))
      .then(() =>
        fetch(target.url, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body }),
      )
      .then((response) => response.body?.cancel())
      .catch(() => undefined)
      .finally(() => pendingEvents.delete(delivery));
    pendingEvents.add(delivery);
  }

  const count = (method: string) => (fake.stats.byMethod[method] = (fake.stats.byMethod[method] ?? 0) + 1);

  function findDeal(params: Record_): Record_ {
    const deal = fake.deals.get(intval(params.id ?? params.ID));
    if (!deal) throw new MethodError("NOT_FOUND", "Not found");
    return deal;
  }

  const methods: Record<string, (params: Record_) => { result: unknown; total?: number; next?: number }> = {
    "crm.deal.list": (params) => listOf([...fake.deals.values()], params),
    "crm.deal.get": (params) => ({ result: findDeal(params) }),
    "crm.deal.fields": () => ({
      result: Object.fromEntries(
        Object.entries(fake.fields).map(([name, field]) => [
          name,
          {
            type: field.type,
            isMultiple: field.isMultiple ?? false,
            title: field.title ?? name,
            ...(field.items ? { items: field.items } : {}),
          },
        ]),
      ),
    }),
    "crm.deal.userfield.list": (params) =>
      listOf(
        Object.entries(fake.fields)
          .filter(([name]) => name.startsWith("UF_"))
          .map(([name, field], index) => ({
            ID: String(index + 1),
            FIELD_NAME: name,
            USER_TYPE_ID: field.type,
            MULTIPLE: field.isMultiple ? "Y" : "N",
            LIST: field.items,
          })),
        params,
      ),
    "crm.deal.update": (params) => {
      findDeal(params);
      fake.updateDeal(intval(params.id), (params.fields ?? {}) as Record_);
      return { result: true };
    },
    "crm.status.list": (params) => listOf(fake.stages, params),
    "crm.company.list": (params) => listOf([...fake.companies.values()], params),
    "crm.contact.list": (params) => listOf([...fake.contacts.values()], params),
    "user.get": (params) => {
      // user.get takes its filter as FILTER, or as plain top-level keys.
      const { FILTER, filter, sort: _sort, order: _order, start, ...rest } = params;
      return listOf([...fake.users.values()], { filter: { ...((FILTER ?? filter ?? {}) as Record_), ...rest }, start });
    },
    "crm.timeline.comment.add": (params) => {
      const fields = (params.fields ?? {}) as Record_;
      const dealId = intval(fields.ENTITY_ID);
      if (String(fields.ENTITY_TYPE).toLowerCase() !== "deal")
        throw new MethodError("ERROR_ARGUMENT", "ENTITY_TYPE must be deal");
      if (!fake.deals.has(dealId)) throw new MethodError("NOT_FOUND", "Deal not found");
      if (!fields.COMMENT) throw new MethodError("ERROR_ARGUMENT", "COMMENT is empty");
      fake.comments.push({ dealId, comment: String(fields.COMMENT) });
      if (fake.options.isCommentTouchingDeal) fake.updateDeal(dealId, {});
      return { result: nextCommentId++ };
    },
    batch: (params) => {
      const commands = (params.cmd ?? {}) as Record<string, string>;
      const entries = Object.entries(commands);
      if (entries.length > 50) throw new MethodError("ERROR_BATCH_LENGTH_EXCEEDED", "Max batch length exceeded");
      const isHalt = intval(params.halt) === 1;
      const out = {
        result: {} as Record_,
        result_error: {} as Record_,
        result_total: {} as Record_,
        result_next: {} as Record_,
        result_time: {} as Record_,
      };
      for (const [key, command] of entries) {
        const [method = "", query = ""] = String(command).split("?", 2) as [string, string?];
        try {
          if (method === "batch")
            throw new MethodError("ERROR_BATCH_METHOD_NOT_ALLOWED", "Method is not allowed for batch usage");
          const handler = methods[method];
          if (!handler) throw new MethodError("ERROR_METHOD_NOT_FOUND", "Method not found!");
          count(method);
          const answer = handler(substitute(qs.parse(query, { arrayLimit: 1000, depth: 10 }), out.result) as Record_);
          out.result[key] = answer.result;
          if (answer.total !== undefined) out.result_total[key] = answer.total;
          if (answer.next !== undefined) out.result_next[key] = answer.next;
        } catch (error) {
          if (!(error instanceof MethodError)) throw error;
          out.result_error[key] = { error: error.code, error_description: error.message };
          if (isHalt) break;
        }
      }
      // PHP serialises empty maps as arrays.
      for (const name of ["result_error", "result_total", "result_next", "result_time"] as const) {
        if (Object.keys(out[name]).length === 0) (out as Record_)[name] = [];
      }
      return { result: out };
    },
  };

  const timeBlock = (startedAt: number) => ({
    start: startedAt / 1000,
    finish: Date.now() / 1000,
    duration: (Date.now() - startedAt) / 1000,
    processing: 0,
    date_start: portalTime(startedAt),
    date_finish: portalTime(Date.now()),
    operating: 0,
    operating_reset_at:
      Math.floor(Math.max(startedAt, fake.faults.operationLimitUntil) / 1000) +
      (fake.faults.operationLimitUntil > startedAt ? 1 : 600),
  });

  async function readParams(req: IncomingMessage, url: URL): Promise<Record_> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString("utf8");
    const fromQuery = qs.parse(url.search.slice(1), { arrayLimit: 1000, depth: 10 }) as Record_;
    if (!text) return fromQuery;
    if ((req.headers["content-type"] ?? "").includes("json")) return { ...fromQuery, ...(JSON.parse(text) as Record_) };
    return { ...fromQuery, ...(qs.parse(text, { arrayLimit: 1000, depth: 10 }) as Record_) };
  }

  const send = (res: ServerResponse, status: number, body: unknown) => {
    if (res.destroyed) return;
    res.writeHead(status, { "content-type": "application/json; charset=utf-8" });
    res.end(JSON.stringify(body));
  };
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const startedAt = Date.now();
    const url = new URL(req.url ?? "/", "http://fake");
    fake.stats.requests += 1;
    const route = /^\/rest\/(\d+)\/([^/]+)\/([a-z0-9_.]+?)(?:\.json)?$/i.exec(url.pathname);
    if (!route) return send(res, 404, { error: "ERROR_METHOD_NOT_FOUND", error_description: "Method not found!" });
    const [, , token, method = ""] = route;
    if (token !== TOKEN)
      return send(res, 401, { error: "NO_AUTH_FOUND", error_description: "Wrong authorization data" });
    if (fake.faults.isBlocked)
      return send(res, 401, { error: "OVERLOAD_LIMIT", error_description: "REST API is blocked due to overload." });
    if (fake.faults.isDown)
      return send(res, 503, { error: "SERVICE_UNAVAILABLE", error_description: "Service temporarily unavailable" });

    // The leaky bucket counts HTTP requests; a rejected request does not fill it.
    state.level = Math.max(0, state.level - ((startedAt - state.drainedAt) / 1000) * fake.options.rate);
    state.drainedAt = startedAt;
    if (state.level + 1 > fake.options.capacity || random() < fake.faults.queryLimitRate) {
      fake.stats.rejected += 1;
      return send(res, 503, { error: "QUERY_LIMIT_EXCEEDED", error_description: "Too many requests" });
    }
    state.level += 1;
    if (startedAt < fake.faults.operationLimitUntil) {
      fake.stats.rejected += 1;
      return send(res, 429, {
        error: "OPERATION_TIME_LIMIT",
        error_description: `Method is blocked due to operation time limit.`,
        time: timeBlock(startedAt),
      });
    }
    if (random() < fake.faults.serverErrorRate) {
      fake.stats.rejected += 1;
      return send(res, 500, { error: "INTERNAL_SERVER_ERROR", error_description: "Internal server error" });
    }
    if (random() < fake.faults.timeoutRate) {
      fake.stats.rejected += 1;
      await sleep(fake.faults.timeoutMs);
      return send(res, 504, { error: "GATEWAY_TIMEOUT", error_description: "Gateway timeout" });
    }
    if (fake.options.latencyMs) await sleep(fake.options.latencyMs);
    const handler = methods[method];
    if (!handler) return send(res, 404, { error: "ERROR_METHOD_NOT_FOUND", error_description: "Method not found!" });
    try {
      const params = await readParams(req, url);
      if (method !== "batch") count(method);
      const answer = handler(params);
      send(res, 200, { ...answer, time: timeBlock(startedAt) });
    } catch (error) {
      if (error instanceof MethodError)
        return send(res, error.status, { error: error.code, error_description: error.message });
      send(res, 500, { error: "INTERNAL_SERVER_ERROR", error_description: (error as Error).message });
    }
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) =>
      send(res, 500, { error: "INTERNAL_SERVER_ERROR", error_description: String(error) }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  fake.portalUrl = `http://127.0.0.1:${port}`;
  fake.webhookUrl = `${fake.portalUrl}/rest/1/${TOKEN}/`;
  return fake;
}
