// The operations of a generated OpenAPI document, flattened for tests that must cover every route: the fuzz
// test sends hostile input to each, the role test expects a status for each role × each.

export type JsonSchema = {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  format?: string;
  pattern?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  maxLength?: number;
  additionalProperties?: boolean | JsonSchema;
};

export interface Parameter {
  name: string;
  in: "query" | "path" | "header" | "cookie";
  required?: boolean;
  schema: JsonSchema;
}

export interface Operation {
  /** "GET /api/cleaning/house/{id}/details": the key of role tables and fuzz reports. */
  key: string;
  method: "get" | "post" | "patch" | "put" | "delete";
  /** OpenAPI path with {placeholders}. */
  path: string;
  parameters: Parameter[];
  body?: { contentType: string; schema: JsonSchema };
  /** Whether the route needs a Telegram login (an empty `security` list means it checks its own secret). */
  isAuthRequired: boolean;
}

export interface OpenApiDocument {
  paths: Record<
    string,
    Record<
      string,
      {
        parameters?: Parameter[];
        requestBody?: { content: Record<string, { schema: JsonSchema }> };
        security?: unknown[];
      }
    >
  >;
  components?: { schemas?: Record<string, JsonSchema> };
}

const METHODS = new Set(["get", "post", "patch", "put", "delete"]);

/** Every operation of the document, in document order. */
export function listOperations(document: OpenApiDocument): Operation[] {
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      if (!METHODS.has(method)) continue;
      const content = operation.requestBody?.content ?? {};
      const contentType = Object.keys(content)[0];
      operations.push({
        key: `${method.toUpperCase()} ${path}`,
        method: method as Operation["method"],
        path,
        parameters: operation.parameters ?? [],
        body: contentType ? { contentType, schema: content[contentType]!.schema } : undefined,
        isAuthRequired: (operation.security ?? []).length > 0,
      });
    }
  }
  return operations;
}

/** Follows `$ref`s into the document's components. */
export function resolveSchema(document: OpenApiDocument, schema: JsonSchema | undefined, depth = 0): JsonSchema {
  if (!schema || depth > 10) return {};
  if (schema.$ref) {
    const name = schema.$ref.replace("#/components/schemas/", "");
    return resolveSchema(document, document.components?.schemas?.[name], depth + 1);
  }
  return schema;
}

/** Fills {placeholders} of an OpenAPI path with already-encoded values. */
export const fillPath = (path: string, values: Record<string, string>) =>
  path.replace(/\{([^}]+)\}/g, (_m, name: string) => values[name] ?? "1");
