// fast-check arbitraries for hostile HTTP input: what a broken client, a curious user or an attacker sends.
// Each value is either plausible for its schema (so requests get past validation into the services and SQL) or
// hostile (NUL bytes, ids past int4 and int8, wrong types, long strings, odd Unicode, arrays for scalars).
import fc from "fast-check";
import { resolveSchema, type JsonSchema, type OpenApiDocument, type Operation } from "./operations.ts";

/** Strings that broke or could break something between Express, zod, Prisma and PostgreSQL. */
export const HOSTILE_STRINGS = [
  "",
  " ",
  "\u0000",
  "a\u0000b",
  "\u0001\u0002\u001f\u007f",
  "\u0085\u009f",
  "\ud800",
  "a\udfffb",
  "\u202eтекст\u202c",
  "\u200b\u200d\ufeff",
  "\uffff\ufffe",
  "👩‍👩‍👧‍👦🧹",
  "e\u0301".repeat(200),
  "я".repeat(5000),
  "x".repeat(70_000),
  "99999999999",
  "2147483648",
  "3000000000",
  "99999999999999999999",
  "-9223372036854775809",
  "9223372036854775808",
  "-1",
  "0",
  "1.5",
  "1e309",
  "NaN",
  "Infinity",
  "0x10",
  " 7 ",
  "0000-01-01",
  "0000-00-00",
  "0000-01",
  "2026-02-30",
  "2026-13-01",
  "9999-12-31",
  "10000-01-01",
  "275760-09-13",
  "2026-11-26T25:61:00Z",
  "0000-01-01T00:00:00Z",
  "+275760-09-13T00:00:00.000Z",
  "' OR 1=1 --",
  "%",
  "_",
  "\\",
  "a & | ! ( <-> :*",
  "!!!",
  "*",
  "__proto__",
  "constructor",
  "../../../../etc/passwd",
  "<script>alert(1)</script>",
  "null",
  "true",
  "[]",
  "{}",
];

/** Non-string JSON values, to send where the schema wants something else. */
export const HOSTILE_JSON: unknown[] = [
  null,
  true,
  false,
  0,
  -1,
  -0,
  1.5,
  2147483647,
  2147483648,
  3e9,
  99999999999,
  Number.MAX_SAFE_INTEGER + 2,
  1e308,
  -1e308,
  [],
  [1, 2],
  ["a\u0000"],
  {},
  { $gt: 1 },
  JSON.parse('{"__proto__":{"isAdmin":true}}'),
  { constructor: { prototype: { x: 1 } } },
  [[[[[[[[[[[]]]]]]]]]]],
];

/** Already percent-encoded query and path fragments: malformed escapes and overlong UTF-8. */
export const HOSTILE_ENCODED = [
  "%00",
  "a%00b",
  "%ZZ",
  "%",
  "%C0%80",
  "%FF%FE",
  "%E0%A4%A",
  "%2e%2e%2f",
  "%0d%0aSet-Cookie:x=1",
  "%u0000",
];

const unicodeText = fc.string({ unit: "binary", maxLength: 40 });
const russianWords = fc.constantFrom(
  "Ленина",
  "дом 5",
  "уборка",
  "бригада 2",
  "завтра в 8:30",
  "ключи",
  "подъезд",
  "Как мыть полы?",
  "отчёт",
);

export const hostileString = fc.oneof(
  fc.constantFrom(...HOSTILE_STRINGS),
  unicodeText,
  fc.string({ unit: "grapheme", maxLength: 300 }),
);
export const hostileJson = fc.oneof(fc.constantFrom(...HOSTILE_JSON), hostileString, fc.jsonValue({ maxDepth: 3 }));

/** Values a test knows to be right for a field name (a secret it configured, say): used as plausible ones. */
export const KNOWN_VALUES = new Map<string, string[]>();

/** A plausible string for a field, guessed from its schema and name, so validation lets it through. */
function plausibleString(name: string, schema: JsonSchema): fc.Arbitrary<string> {
  const known = KNOWN_VALUES.get(name);
  if (known?.length) return fc.constantFrom(...known);
  if (schema.enum?.length) return fc.constantFrom(...(schema.enum as string[]));
  if (schema.format === "uuid") return fc.uuid();
  if (schema.format === "date-time" || /(^at$|At$|_at$)/.test(name)) {
    return fc.constantFrom("2026-11-27T08:30:00+03:00", "2026-11-26T07:00:00Z", "2027-01-01T00:00:00Z");
  }
  if (/month/i.test(name)) return fc.constantFrom("2026-11", "2026-12", "2027-02");
  if (/date|day/i.test(name)) return fc.constantFrom("2026-11-26", "2026-11-01", "2026-12-31", "2028-02-29");
  if (/chat|telegram/i.test(name) || schema.pattern === "^-?\\d+$")
    return fc.constantFrom("7000000003", "-1001234567890", "1000001");
  if (/cron/i.test(name)) return fc.constantFrom("0 9 * * 1-5", "30 8 * * *");
  if (/event/i.test(name)) return fc.constantFrom("ONCRMDEALUPDATE", "ONCRMDEALADD", "ONCRMDEALDELETE");
  return fc.oneof(russianWords, fc.string({ maxLength: 30 }));
}

/** A value for `schema`: mostly plausible, often hostile; objects recurse so each field gets its own chance. */
export function valueFor(
  document: OpenApiDocument,
  name: string,
  raw: JsonSchema | undefined,
  depth = 0,
): fc.Arbitrary<unknown> {
  const schema = resolveSchema(document, raw);
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants?.length && depth < 4)
    return fc.oneof(...variants.map((variant) => valueFor(document, name, variant, depth + 1)));
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  let plausible: fc.Arbitrary<unknown>;
  if (types.includes("object") || schema.properties) {
    const properties = Object.entries(schema.properties ?? {});
    const model: Record<string, fc.Arbitrary<unknown>> = {};
    for (const [key, property] of properties)
      model[key] = depth < 4 ? valueFor(document, key, property, depth + 1) : hostileJson;
    plausible = fc.record(model, { requiredKeys: (schema.required ?? []).filter((key) => key in model) });
  } else if (types.includes("array")) {
    plausible = fc.array(depth < 4 ? valueFor(document, name, schema.items, depth + 1) : hostileJson, { maxLength: 4 });
  } else if (types.includes("integer")) {
    plausible = fc.integer({ min: 1, max: 60 });
  } else if (types.includes("number")) {
    plausible = fc.double({ min: -90, max: 90, noNaN: true });
  } else if (types.includes("boolean")) {
    plausible = fc.boolean();
  } else if (types.includes("string")) {
    plausible = plausibleString(name, schema);
  } else {
    plausible = fc.oneof(fc.integer({ min: 1, max: 60 }), plausibleString(name, schema));
  }
  return fc.oneof({ weight: 3, arbitrary: plausible }, { weight: 2, arbitrary: hostileJson });
}

/** A query or path value as it goes on the wire: percent-encoded text, raw escapes, or repeated keys. */
export type WireValue = { encoded: string } | { repeated: string[] };

const encode = (value: unknown): string => {
  const text = typeof value === "string" ? value : (JSON.stringify(value) ?? "");
  try {
    return encodeURIComponent(text);
  } catch {
    // A lone surrogate cannot be encoded as UTF-8: send it the way a broken client would.
    return escape(text);
  }
};

function wireValueFor(document: OpenApiDocument, name: string, schema: JsonSchema): fc.Arbitrary<WireValue> {
  return fc.oneof(
    { weight: 6, arbitrary: valueFor(document, name, schema).map((value) => ({ encoded: encode(value) })) },
    { weight: 1, arbitrary: fc.constantFrom(...HOSTILE_ENCODED).map((encoded) => ({ encoded })) },
    {
      weight: 1,
      arbitrary: fc
        .array(valueFor(document, name, schema), { minLength: 2, maxLength: 3 })
        .map((values) => ({ repeated: values.map(encode) })),
    },
  );
}

export interface HostileRequest {
  /** Path with its placeholders filled. */
  url: string;
  contentType?: string;
  /** JSON text, a form object, or a multipart file; absent for no body. */
  body?:
    | { json: string }
    | { form: Record<string, unknown> }
    | { file?: { bytes: Uint8Array; filename: string; mime: string }; fields: Record<string, string> };
}

const hostileFile = fc.record({
  bytes: fc.oneof(
    fc.uint8Array({ maxLength: 2048 }),
    fc.constantFrom(
      new TextEncoder().encode("%PDF-1.4\n%\u00e2\u00e3\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF"),
      new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0]),
      new TextEncoder().encode("OggS\u0000\u0002"),
      new TextEncoder().encode("Привет, это текст.\n"),
    ),
  ),
  filename: fc.oneof(
    fc.constantFrom(
      "a.pdf",
      "отчёт.docx",
      "a\u0000b.txt",
      "../../x.md",
      "x".repeat(300) + ".csv",
      "voice.ogg",
      "",
      "a.xlsx",
    ),
    unicodeText,
  ),
  mime: fc.constantFrom(
    "application/pdf",
    "text/plain",
    "audio/ogg",
    "application/octet-stream",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "image/png",
  ),
});

/** Hostile requests for one operation: its path, query and body generated from the document. */
export function requestFor(document: OpenApiDocument, operation: Operation): fc.Arbitrary<HostileRequest> {
  const pathParams = operation.parameters.filter((p) => p.in === "path");
  const queryParams = operation.parameters.filter((p) => p.in === "query");
  const pathArb = fc.record(
    Object.fromEntries(
      pathParams.map((p) => [
        p.name,
        wireValueFor(document, p.name, p.schema).map((v) => ("encoded" in v ? v.encoded : v.repeated.join(",")) || "0"),
      ]),
    ),
  );
  const queryArb = fc.record(
    Object.fromEntries(queryParams.map((p) => [p.name, wireValueFor(document, p.name, p.schema)])),
    { requiredKeys: [] },
  );
  const extraQuery = fc.option(
    fc.tuple(fc.constantFrom("__proto__[x]", "constructor", "q[]", "x"), fc.constantFrom(...HOSTILE_ENCODED)),
    { freq: 5 },
  );
  const bodyArb = bodyFor(document, operation);
  return fc
    .record({ path: pathArb, query: queryArb, extra: extraQuery, body: bodyArb })
    .map(({ path, query, extra, body }) => {
      const url = operation.path.replace(
        /\{([^}]+)\}/g,
        (_m, name: string) => (path as Record<string, string>)[name] ?? "1",
      );
      const pairs: string[] = [];
      for (const [name, value] of Object.entries(query as Record<string, WireValue>)) {
        if ("encoded" in value) pairs.push(`${name}=${value.encoded}`);
        else for (const one of value.repeated) pairs.push(`${name}=${one}`);
      }
      if (extra) pairs.push(`${extra[0]}=${extra[1]}`);
      return { url: pairs.length ? `${url}?${pairs.join("&")}` : url, ...body };
    });
}

function bodyFor(
  document: OpenApiDocument,
  operation: Operation,
): fc.Arbitrary<Pick<HostileRequest, "contentType" | "body">> {
  if (!operation.body) return fc.constant({});
  const { contentType, schema } = operation.body;
  if (contentType === "multipart/form-data") {
    return fc
      .record({
        file: fc.option(hostileFile, { freq: 6 }),
        fields: fc.dictionary(fc.constantFrom("file", "name", "replacesId", "x"), hostileString, { maxKeys: 2 }),
      })
      .map(({ file, fields }) => ({
        contentType,
        body: { file: file ?? undefined, fields },
      }));
  }
  if (contentType === "application/x-www-form-urlencoded") {
    return valueFor(document, "body", schema).map((value) => ({
      contentType,
      body: {
        form:
          value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : { value },
      },
    }));
  }
  const json = fc.oneof(
    { weight: 8, arbitrary: valueFor(document, "body", schema).map((value) => JSON.stringify(value) ?? "null") },
    {
      weight: 1,
      arbitrary: fc.constantFrom('{"a":', "\u0000", "{'a':1}", '{"id":1}{"id":2}', "[".repeat(5000), '"\\ud800"', ""),
    },
  );
  return json.map((text) => ({ contentType: "application/json", body: { json: text } }));
}
