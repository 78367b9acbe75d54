// The providers' one HTTP call: a deadline (AbortSignal.timeout) merged with the caller's signal, JSON parsing,
// and every transport failure turned into a RoutingProviderError.
import { RoutingProviderError, redactUrl, type RoutingProvider } from "./provider-error.ts";

export type Fetch = typeof globalThis.fetch;

export interface ProviderCall {
  provider: RoutingProvider;
  url: string;
  init?: RequestInit;
  /** Aborts with a timeout error (the shared deadline of one matrix). */
  deadline: AbortSignal;
  /** The caller's own cancellation (the HTTP request went away); rethrown as it is. */
  signal?: AbortSignal;
  fetch?: Fetch;
}

/** Deadline for one matrix: every block request of it shares this signal. */
export const deadlineAfter = (timeoutMs: number) => AbortSignal.timeout(timeoutMs);

// undici says "fetch failed" and keeps the reason (ECONNREFUSED…) in `cause`; any URL it quotes is redacted.
function describeNetworkError(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  const text = [(error as Error)?.message, cause?.code ?? cause?.message].filter(Boolean).join(": ");
  return text.replace(/[a-z][a-z0-9+.-]*:\/\/\S+/gi, (url) => redactUrl(url));
}

/** Sends the request and returns the status and parsed JSON body (undefined when the body is not JSON). */
export async function callProvider(call: ProviderCall): Promise<{ status: number; body: unknown }> {
  const signal = call.signal ? AbortSignal.any([call.deadline, call.signal]) : call.deadline;
  const where = redactUrl(call.url);
  let response: Response;
  let text: string;
  try {
    response = await (call.fetch ?? globalThis.fetch)(call.url, { ...call.init, signal });
    text = await response.text();
  } catch (error) {
    if (call.signal?.aborted) throw call.signal.reason ?? error;
    if (call.deadline.aborted)
      throw new RoutingProviderError(call.provider, "timeout", `no answer in time from ${where}`, { cause: error });
    throw new RoutingProviderError(
      call.provider,
      "network",
      `request to ${where} failed: ${describeNetworkError(error)}`,
      { cause: error },
    );
  }
  try {
    return { status: response.status, body: JSON.parse(text) as unknown };
  } catch {
    return { status: response.status, body: undefined };
  }
}

/** Runs `task` over `items` with at most `limit` at once, keeping the order of results. */
export async function mapWithConcurrency<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** [from, to) ranges of at most `size` covering 0..count. */
export function ranges(count: number, size: number): [number, number][] {
  const result: [number, number][] = [];
  for (let from = 0; from < count; from += size) result.push([from, Math.min(count, from + size)]);
  return result;
}
