// The migrations are hand-written SQL (the Prisma schema engine cannot run on every machine), so this test is
// what keeps them honest: the migrated database must have exactly the tables, columns, types, nullability,
// enums and indexes that schema.prisma declares. It reads the schema through Prisma's own WASM parser.
import { readFileSync } from "node:fs";
import path from "node:path";
import { get_dmmf } from "@prisma/prisma-schema-wasm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../../prisma/client.ts";
import { migrateDatabase } from "../../../prisma/migrate.ts";
import { createPostgresTestDatabase, createTestDatabase } from "../testing/test-db.ts";

/** Objects created by raw SQL that Prisma's schema language cannot express (FTS, HNSW, vector columns). */
export const RAW_SQL_INDEXES = new Set<string>([
  // Knowledge base: one live copy per content hash (a partial unique index), Russian FTS, pgvector HNSW.
  "knowledge_documents_live_hash_key",
  "knowledge_chunks_tsv_idx",
  "knowledge_chunks_embedding_idx",
  // Meetings: Russian FTS over title and transcript.
  "meetings_search_idx",
]);
export const RAW_SQL_COLUMNS = new Set<string>(["knowledge_chunks.tsv", "knowledge_chunks.embedding"]);

interface DmmfField {
  name: string;
  dbName?: string | null;
  kind: "scalar" | "enum" | "object" | "unsupported";
  type: string;
  isList: boolean;
  isRequired: boolean;
  nativeType?: [string, string[]] | null;
  relationFromFields?: string[];
}
interface DmmfModel {
  name: string;
  dbName: string | null;
  fields: DmmfField[];
}
interface DmmfIndex {
  model: string;
  type: "id" | "unique" | "normal" | "fulltext";
  dbName?: string | null;
  fields: { name: string }[];
}
interface Dmmf {
  datamodel: {
    models: DmmfModel[];
    enums: { name: string; dbName?: string | null; values: { name: string; dbName?: string | null }[] }[];
    indexes: DmmfIndex[];
  };
}

const schema = readFileSync(path.resolve(import.meta.dirname, "../../../prisma/schema.prisma"), "utf8");
const dmmf = JSON.parse(get_dmmf(JSON.stringify({ prismaSchema: schema }))) as Dmmf;

const NATIVE_TYPES: Record<string, string> = {
  Timestamptz: "timestamp with time zone",
  Timestamp: "timestamp without time zone",
  Date: "date",
  VarChar: "character varying",
  Text: "text",
  Uuid: "uuid",
  SmallInt: "smallint",
  Real: "real",
  DoublePrecision: "double precision",
};
const SCALAR_TYPES: Record<string, string> = {
  Int: "integer",
  BigInt: "bigint",
  Float: "double precision",
  Boolean: "boolean",
  String: "text",
  DateTime: "timestamp without time zone",
  Json: "jsonb",
  Decimal: "numeric",
  Bytes: "bytea",
};

function expectedType(field: DmmfField): string {
  if (field.kind === "enum") return `enum:${field.type}`;
  const native = field.nativeType?.[0];
  return (native && NATIVE_TYPES[native]) ?? SCALAR_TYPES[field.type] ?? `unknown:${field.type}`;
}

const column = (field: DmmfField) => field.dbName ?? field.name;
const table = (model: DmmfModel) => model.dbName ?? model.name;

async function describeDatabase(db: Database) {
  const columns = await db.query<{
    table_name: string;
    column_name: string;
    data_type: string;
    udt_name: string;
    is_nullable: string;
  }>(
    `SELECT table_name, column_name, data_type, udt_name, is_nullable FROM information_schema.columns
      WHERE table_schema = current_schema() AND table_name <> '_prisma_migrations'`,
  );
  const indexes = await db.query<{ table_name: string; index_name: string; is_unique: boolean; columns: string[] }>(
    `SELECT t.relname::text AS table_name, i.relname::text AS index_name, ix.indisunique AS is_unique,
            array_agg(a.attname::text ORDER BY k.ord) AS columns
       FROM pg_index ix
       JOIN pg_class i ON i.oid = ix.indexrelid
       JOIN pg_class t ON t.oid = ix.indrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace AND n.nspname = current_schema()
       CROSS JOIN LATERAL unnest(ix.indkey) WITH ORDINALITY AS k(attnum, ord)
       LEFT JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
      WHERE t.relname <> '_prisma_migrations'
      GROUP BY t.relname, i.relname, ix.indisunique`,
  );
  const enums = await db.query<{ name: string; values: string[] }>(
    `SELECT t.typname::text AS name, array_agg(e.enumlabel::text ORDER BY e.enumsortorder) AS values
       FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid
       JOIN pg_namespace n ON n.oid = t.typnamespace AND n.nspname = current_schema()
      GROUP BY t.typname`,
  );
  return { columns, indexes, enums };
}

function checkAgreement(actual: Awaited<ReturnType<typeof describeDatabase>>) {
  const problems: string[] = [];
  const models = dmmf.datamodel.models;
  const tables = new Set(actual.columns.map((c) => c.table_name));
  const expectedTables = new Set(models.map(table));
  for (const name of tables) if (!expectedTables.has(name)) problems.push(`table ${name} is not in schema.prisma`);

  for (const model of models) {
    const dbColumns = actual.columns.filter((c) => c.table_name === table(model));
    if (dbColumns.length === 0) {
      problems.push(`table ${table(model)} is missing`);
      continue;
    }
    const scalarFields = model.fields.filter((f) => f.kind !== "object");
    for (const field of scalarFields) {
      const dbColumn = dbColumns.find((c) => c.column_name === column(field));
      if (!dbColumn) {
        problems.push(`${table(model)}.${column(field)} is missing`);
        continue;
      }
      let actualType = dbColumn.data_type;
      if (dbColumn.data_type === "USER-DEFINED") actualType = `enum:${dbColumn.udt_name}`;
      if (dbColumn.data_type === "ARRAY") actualType = dbColumn.udt_name.slice(1);
      const expected = field.isList
        ? (({ text: "text", integer: "int4", bigint: "int8" } as Record<string, string>)[expectedType(field)] ??
          expectedType(field))
        : expectedType(field);
      if (actualType !== expected)
        problems.push(`${table(model)}.${column(field)} is ${actualType}, schema says ${expected}`);
      const isNullable = dbColumn.is_nullable === "YES";
      const shouldBeNullable = field.isList || !field.isRequired;
      if (isNullable !== shouldBeNullable) problems.push(`${table(model)}.${column(field)} nullability differs`);
    }
    for (const dbColumn of dbColumns) {
      const key = `${table(model)}.${dbColumn.column_name}`;
      if (!scalarFields.some((f) => column(f) === dbColumn.column_name) && !RAW_SQL_COLUMNS.has(key))
        problems.push(`${key} is not in schema.prisma`);
    }
  }

  const expectedIndexes = dmmf.datamodel.indexes.map((index) => {
    const model = models.find((m) => m.name === index.model)!;
    const columns = index.fields.map((f) => column(model.fields.find((field) => field.name === f.name)!));
    return { table: table(model), columns, isUnique: index.type !== "normal" };
  });
  for (const expected of expectedIndexes) {
    const found = actual.indexes.find(
      (i) =>
        i.table_name === expected.table &&
        i.is_unique === expected.isUnique &&
        i.columns.join(",") === expected.columns.join(","),
    );
    if (!found)
      problems.push(
        `index on ${expected.table}(${expected.columns.join(", ")}) unique=${expected.isUnique} is missing`,
      );
  }
  for (const index of actual.indexes) {
    const isDeclared = expectedIndexes.some(
      (e) =>
        e.table === index.table_name &&
        e.isUnique === index.is_unique &&
        e.columns.join(",") === index.columns.join(","),
    );
    if (!isDeclared && !RAW_SQL_INDEXES.has(index.index_name))
      problems.push(`index ${index.index_name} is not declared in schema.prisma`);
  }

  for (const enumDef of dmmf.datamodel.enums) {
    const found = actual.enums.find((e) => e.name === (enumDef.dbName ?? enumDef.name));
    const values = enumDef.values.map((v) => v.dbName ?? v.name);
    if (!found) problems.push(`enum ${enumDef.name} is missing`);
    else if (found.values.join(",") !== values.join(","))
      problems.push(`enum ${enumDef.name} has ${found.values.join(",")}, schema says ${values.join(",")}`);
  }
  return problems;
}

describe.each([
  ["PGlite", async () => ({ db: await createTestDatabase(), drop: undefined as undefined | (() => Promise<void>) })],
  [
    "PostgreSQL",
    async () => {
      const pg = await createPostgresTestDatabase();
      return { db: pg.db, drop: pg.drop };
    },
  ],
])("migrated database on %s", (_name, open) => {
  let handle: { db: Database; drop?: () => Promise<void> };
  beforeAll(async () => {
    handle = await open();
  });
  afterAll(async () => {
    if (handle.drop) await handle.drop();
    else await handle.db.close();
  });

  it("matches schema.prisma: tables, columns, types, nullability, enums and indexes", async () => {
    expect(checkAgreement(await describeDatabase(handle.db))).toEqual([]);
  });

  it("records every migration in _prisma_migrations like prisma migrate deploy", async () => {
    const rows = await handle.db.query<{ migration_name: string; finished_at: Date | null; checksum: string }>(
      `SELECT migration_name, finished_at, checksum FROM "_prisma_migrations" ORDER BY migration_name`,
    );
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row.finished_at).not.toBeNull();
      expect(row.checksum).toMatch(/^[0-9a-f]{64}$/);
    }
  });
});

describe("the migration runner", () => {
  it("applies nothing twice and reports a migration edited after it was applied", async () => {
    const db = await createTestDatabase();
    try {
      const again = await migrateDatabase(db);
      expect(again).toMatchObject({ applied: [], modified: [] });
      await db.query(`UPDATE "_prisma_migrations" SET checksum = repeat('0', 64) WHERE migration_name = $1`, [
        "20261125000000_init",
      ]);
      expect((await migrateDatabase(db)).modified).toEqual(["20261125000000_init"]);
    } finally {
      await db.close();
    }
  });
});
