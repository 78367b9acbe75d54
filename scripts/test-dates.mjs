#!/usr/bin/env node
// Runs the test suite under libfaketime (Debian's `faketime`) on dates that break calendar code — the 1st and the
// last day of a month, 29 February of a leap year, 31 December — in UTC and in America/New_York (a time zone
// behind the company's), to prove the suite depends on no real date. Each run starts the fake clock at 23:30 in
// that zone, so the day also turns over mid-run. Usage: npm run test:dates [-- <vitest filters>]
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";

const DATES = (process.env.TEST_DATES ?? "2026-12-01,2026-11-30,2028-02-29,2026-12-31").split(",");
const ZONES = (process.env.TEST_ZONES ?? "UTC,America/New_York").split(",");
const filters = process.argv.slice(2);

if (spawnSync("faketime", ["-f", "+0", "true"]).status !== 0) {
  console.error('faketime is not installed: run "apt-get install -y faketime" (Debian package faketime).');
  process.exit(2);
}

const results = [];
for (const date of DATES) {
  for (const zone of ZONES) {
    const started = Date.now();
    const run = spawnSync("faketime", [`${date} 23:30:00`, "npx", "vitest", "run", ...filters], {
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, TZ: zone, FAKETIME_DONT_FAKE_MONOTONIC: "1" },
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
    });
    const output = `${run.stdout}\n${run.stderr}`;
    // eslint-disable-next-line no-control-regex -- vitest colours its summary
    const plain = output.replace(/\u001b\[[0-9;]*m/g, "");
    const summary = plain.match(/Tests\s+(.*)/)?.[1]?.trim() ?? "no summary";
    const ok = run.status === 0;
    results.push({ date, zone, ok, summary, seconds: Math.round((Date.now() - started) / 1000) });
    console.log(`${ok ? "ok  " : "FAIL"} ${date} ${zone.padEnd(18)} ${summary} (${results.at(-1).seconds} s)`);
    mkdirSync("test-artifacts/test-dates", { recursive: true });
    const logFile = `test-artifacts/test-dates/${date}-${zone.replace("/", "_")}.log`;
    writeFileSync(logFile, plain);
    if (!ok) {
      const failures = [
        ...new Set(
          plain
            .split("\n")
            .filter((line) => /^\s*FAIL\s/.test(line))
            .map((line) => line.trim()),
        ),
      ];
      console.log(`${failures.join("\n")}\n(full output: ${logFile})`);
    }
  }
}
const failed = results.filter((r) => !r.ok);
console.log(`\n${results.length - failed.length}/${results.length} runs passed`);
process.exit(failed.length ? 1 : 0);
