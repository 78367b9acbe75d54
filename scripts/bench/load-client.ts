// The HTTP side of a benchmark in its own process, so the client's work does not share the server's event loop.
// Reads { baseUrl, headers, paths, concurrency, durationMs } as JSON on stdin, requests paths[i % n] in a closed
// loop, prints the LoadResult as JSON.
import { runLoad } from "./load.ts";

const chunks: Buffer[] = [];
for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
const job = JSON.parse(Buffer.concat(chunks).toString("utf8")) as {
  baseUrl: string;
  headers: Record<string, string>;
  paths: string[];
  concurrency: number;
  durationMs: number;
};
const result = await runLoad(
  async (i) => {
    const res = await fetch(`${job.baseUrl}${job.paths[i % job.paths.length]}`, { headers: job.headers });
    if (res.status !== 200) throw new Error(String(res.status));
    await res.arrayBuffer();
  },
  { concurrency: job.concurrency, durationMs: job.durationMs },
);
process.stdout.write(JSON.stringify(result));
