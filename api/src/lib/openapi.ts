import { extendZodWithOpenApi, OpenAPIRegistry, OpenApiGeneratorV31 } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";

extendZodWithOpenApi(z);

export { z };

export const errorSchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) }).openapi("Error");

/** Builds the OpenAPI document from every route registered through `defineRoute`. */
export function generateOpenApiDocument(registry: OpenAPIRegistry) {
  registry.registerComponent("securitySchemes", "telegramInitData", {
    type: "apiKey",
    in: "header",
    name: "Authorization",
    description: "`tma <initDataRaw>` from the Telegram Mini App; `demo` outside production without a bot token",
  });
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: "3.1.0",
    info: {
      title: "Cleaning operations API",
      version: "1.0.0",
      description: "API бота и мини-приложения клининговой компании",
    },
    servers: [{ url: "/" }],
  });
}

export { OpenAPIRegistry };
