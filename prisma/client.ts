// The one database factory: PostgreSQL through @prisma/adapter-pg when DATABASE_URL is set, otherwise the
// embedded PGlite (file-backed, with pgvector) through pglite-prisma-adapter. Everything above this file uses
// the same PrismaClient and the same raw-SQL helpers, whichever engine is underneath.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { vector } from "@electric-sql/pglite-pgvector";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { PrismaClient } from "./generated/client.ts";

export { PrismaClient };
export type * from "./generated/client.ts";
export * as Enums from "./generated/enums.ts";

export type DatabaseKind = "postgres" | "pglite";

export interface Database {
  kind: DatabaseKind;
  prisma: PrismaClient;
  /** Runs one or more SQL statements without parameters (migrations, DDL). */
  exec(sql: string): Promise<void>;
  /** Runs one parameterised statement ($1, $2 ...) and returns its rows. */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Runs `fn` on one dedicated connection (session-level locks, multi-statement transactions). */
  withSession<T>(fn: (session: SqlSession) => Promise<T>): Promise<T>;
  /** PGlite only: a copy of the whole database (tests clone a migrated template from it). */
  dumpDataDir?(): Promise<Blob | File>;
  close(): Promise<void>;
}

export type SqlSession = Pick<Database, "exec" | "query">;

export interface OpenDatabaseOptions {
  /** PostgreSQL connection string; unset = embedded PGlite. */
  databaseUrl?: string;
  /** Directory of the embedded database files; `memory://` keeps it in memory (tests). */
  dataDir?: string;
  /** A PGlite data dump to start from (tests clone a migrated template in ~0.3 s). */
  loadDataDir?: Blob | File;
  /** Pool size for PostgreSQL. */
  poolSize?: number;
}

/** Opens the database the configuration asks for. */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl, options.poolSize ?? 10);
  return openPglite(options.dataDir ?? "./data", options.loadDataDir);
}

/**
 * Prisma's `?schema=` URL parameter is not a libpq option: strip it, put it on the search_path for raw SQL and
 * hand it to the adapter, which qualifies every table with it.
 */
function splitSchema(connectionString: string): { connectionString: string; schema?: string } {
  const url = new URL(connectionString);
  const schema = url.searchParams.get("schema") ?? undefined;
  if (!schema) return { connectionString };
  url.searchParams.delete("schema");
  url.searchParams.set("options", `-c search_path="${schema}"`);
  return { connectionString: url.toString(), schema };
}

async function openPostgres(databaseUrl: string, max: number): Promise<Database> {
  const { connectionString, schema } = splitSchema(databaseUrl);
  const pool = new pg.Pool({ connectionString, max });
  // Errors of idle clients (a restarted server) must not crash the process; the next query reconnects.
  pool.on("error", () => undefined);
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool, schema ? { schema } : undefined) });
  return {
    kind: "postgres",
    prisma,
    exec: async (sql) => {
      await pool.query(sql);
    },
    query: async <T>(sql: string, params: unknown[] = []) => (await pool.query(sql, params)).rows as T[],
    withSession: async (fn) => {
      const client = await pool.connect();
      try {
        return await fn({
          exec: async (sql) => {
            await client.query(sql);
          },
          query: async <T>(sql: string, params: unknown[] = []) => (await client.query(sql, params)).rows as T[],
        });
      } finally {
        client.release();
      }
    },
    close: async () => {
      await prisma.$disconnect();
      await pool.end();
    },
  };
}

async function openPglite(dataDir: string, loadDataDir?: Blob | File): Promise<Database> {
  let dbPath: string | undefined;
  if (!dataDir.startsWith("memory://")) {
    dbPath = path.resolve(dataDir, "pglite");
    mkdirSync(dbPath, { recursive: true });
  }
  const pglite = await PGlite.create(dbPath, { extensions: { vector }, loadDataDir });
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
  const session: SqlSession = {
    exec: async (sql) => {
      await pglite.exec(sql);
    },
    query: async <T>(sql: string, params: unknown[] = []) => (await pglite.query<T>(sql, params)).rows,
  };
  return {
    kind: "pglite",
    prisma,
    ...session,
    // PGlite is a single connection already.
    withSession: (fn) => fn(session),
    dumpDataDir: () => pglite.dumpDataDir("none"),
    close: async () => {
      await prisma.$disconnect();
      if (!pglite.closed) await pglite.close();
    },
  };
}
