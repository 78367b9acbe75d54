// The bits both fake routing services share: a loopback listener that can be closed mid-request, JSON answers,
// and a plausible road network computed from coordinates (haversine × a road factor, slightly one-way).
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { haversineKm } from "../offline-matrix.ts";
import type { LatLon } from "../travel-matrix.ts";

export interface FakeFaults {
  /** Answer every request with this status and body instead of the real answer. */
  status?: number;
  body?: unknown;
  /** Hold every answer this long (longer than the client's timeout = a timeout). */
  delayMs?: number;
  /** Send a body that is not JSON. */
  isGarbled?: boolean;
}

export interface FakeRoad {
  /** Points no road reaches (an island): every pair with them is unroutable. */
  isolated: LatLon[];
}

const sameTo6 = (a: LatLon, b: LatLon) => Math.abs(a.lat - b.lat) < 1e-6 && Math.abs(a.lon - b.lon) < 1e-6;

/** Road metres and seconds between two points, or null when no road joins them. */
export function fakeLeg(road: FakeRoad, a: LatLon, b: LatLon): { metres: number; seconds: number } | null {
  if (sameTo6(a, b)) return { metres: 0, seconds: 0 };
  if (road.isolated.some((point) => sameTo6(point, a) || sameTo6(point, b))) return null;
  // Driving east is 6% longer than driving west: enough asymmetry to catch a client that mixes up rows and columns.
  const oneWay = b.lon > a.lon ? 1.06 : 1;
  const metres = haversineKm(a, b) * 1.3 * oneWay * 1000;
  return { metres, seconds: metres / (30 / 3.6) };
}

/** Answers with a JSON body, as both services do. */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "Content-Type": "application/json; charset=utf-8" });
  res.end(JSON.stringify(body));
}

/** The whole request body as text. */
export async function readBody(req: IncomingMessage): Promise<string> {
  let text = "";
  for await (const chunk of req) text += chunk;
  return text;
}

export interface FakeListener {
  url: string;
  close(): Promise<void>;
}

/** Listens on 127.0.0.1 with the injected faults applied before `handle`. */
export async function listen(
  faults: FakeFaults,
  handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>,
): Promise<FakeListener> {
  const timers = new Set<NodeJS.Timeout>();
  const server = createServer((req, res) => {
    const answer = async () => {
      if (faults.isGarbled) {
        res.writeHead(200, { "Content-Type": "text/html" });
        res.end("<html><body>502 Bad Gateway</body></html>");
      } else if (faults.status !== undefined) sendJson(res, faults.status, faults.body ?? {});
      else await handle(req, res);
    };
    const run = () => void answer().catch((error: Error) => sendJson(res, 500, { message: error.message }));
    if (!faults.delayMs) return run();
    const timer = setTimeout(() => (timers.delete(timer), run()), faults.delayMs);
    timers.add(timer);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
