// `npm run bench:assistant`: the offline assistant on the question table (api/src/modules/assistant/intents/
// question-table.ts) over the demo company (seed 42, 26.11.2026): correct / declined / wrong, overall and by
// intent, and the time per answer. Goal: 0 wrong, >= 90% correct. BENCH_VERBOSE=1 prints every answer.
import { fixedClock } from "../../api/src/lib/clock.ts";
import { runQuestionTable, summarize, TABLE_NOW } from "../../api/src/modules/assistant/intents/run-table.ts";
import { createDemoTestDatabase, createTestContext } from "../../api/src/testing/test-db.ts";

const db = await createDemoTestDatabase("2026-11-26");
try {
  const ctx = createTestContext(db, {}, fixedClock(TABLE_NOW));
  const started = performance.now();
  const scored = await runQuestionTable(ctx);
  const elapsed = performance.now() - started;
  const score = summarize(scored);
  const percent = (n: number) => `${((100 * n) / score.total).toFixed(1)}%`;

  console.log(`Offline assistant, ${score.total} questions (demo company, 26.11.2026)`);
  console.log(`  correct  ${score.correct} (${percent(score.correct)})`);
  console.log(`  declined ${score.declined} (${percent(score.declined)})`);
  console.log(`  wrong    ${score.wrong} (${percent(score.wrong)})`);
  console.log(`  ${(elapsed / score.total).toFixed(1)} ms per answer`);
  console.log("\nBy intent (correct / declined / wrong):");
  for (const [intent, bucket] of Object.entries(score.byIntent).sort()) {
    console.log(`  ${intent.padEnd(14)} ${bucket.correct} / ${bucket.declined} / ${bucket.wrong}`);
  }
  for (const item of scored) {
    if (item.verdict === "correct" && !process.env.BENCH_VERBOSE) continue;
    console.log(`\n[${item.verdict}] ${item.row.question} (expected ${item.row.intent}, got ${item.intent})`);
    if (item.missing.length) console.log(`  missing: ${item.missing.join(" | ")}`);
    console.log(`  ${item.answer.split("\n").slice(0, 4).join("\n  ")}`);
  }
  console.log(
    `\nGoal: 0 wrong, >= 90% correct — ${score.wrong === 0 && score.correct / score.total >= 0.9 ? "met" : "NOT met"}.`,
  );
} finally {
  await db.close();
}
