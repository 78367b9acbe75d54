// Runs the question table against a seeded demo database: used by the test (0 wrong, >= 90% correct) and by
// `npm run bench:assistant` (the same score, by intent).
import type { Database } from "../../../../../prisma/client.ts";
import type { Principal, ServiceContext } from "../../../lib/context.ts";
import { createKnowledgeLookup } from "../knowledge-lookup.ts";
import { answerQuestion } from "./answer-intent.ts";
import { buildQuestionTable, scoreRow, type ScoredRow } from "./question-table.ts";

/** Thursday 26 November 2026, 10:00 in Kaluga: the demo's "today". */
export const TABLE_NOW = new Date("2026-11-26T07:00:00Z");

async function principalOf(db: Database, where: string): Promise<Principal> {
  const [row] = await db.query<{ id: number; name: string; role: Principal["role"]; brigade_id: number | null }>(
    `SELECT e.id, e.name, e.role::text AS role, e.brigade_id FROM employees e LEFT JOIN brigades b ON b.id = e.brigade_id WHERE ${where} ORDER BY e.id LIMIT 1`,
  );
  if (!row) throw new Error(`no demo employee where ${where}`);
  return {
    employeeId: row.id,
    telegramId: null,
    name: row.name,
    role: row.role,
    brigadeId: row.brigade_id,
    isDemo: false,
  };
}

export async function runQuestionTable(ctx: ServiceContext): Promise<ScoredRow[]> {
  const manager = await principalOf(ctx.db, `e.role = 'manager'`);
  const cleanerOfThird = await principalOf(ctx.db, `e.role = 'cleaner' AND b.number = 3`);
  const table = await buildQuestionTable(ctx.db, { cleanerOfThird });
  const knowledge = createKnowledgeLookup(ctx);
  const scored: ScoredRow[] = [];
  for (const row of table) {
    const result = await answerQuestion(ctx, {
      principal: row.principal ?? manager,
      message: row.question,
      now: TABLE_NOW,
      knowledge,
    });
    scored.push(scoreRow(row, result));
  }
  return scored;
}

export interface TableScore {
  total: number;
  correct: number;
  declined: number;
  wrong: number;
  byIntent: Record<string, { correct: number; declined: number; wrong: number }>;
}

export function summarize(scored: ScoredRow[]): TableScore {
  const byIntent: TableScore["byIntent"] = {};
  for (const item of scored) {
    const bucket = (byIntent[item.row.intent] ??= { correct: 0, declined: 0, wrong: 0 });
    bucket[item.verdict]++;
  }
  const countOf = (verdict: ScoredRow["verdict"]) => scored.filter((item) => item.verdict === verdict).length;
  return {
    total: scored.length,
    correct: countOf("correct"),
    declined: countOf("declined"),
    wrong: countOf("wrong"),
    byIntent,
  };
}
