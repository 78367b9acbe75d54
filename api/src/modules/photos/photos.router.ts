import { Router } from "express";
import type { ServiceContext } from "../../lib/context.ts";
import { defineRoute } from "../../lib/http.ts";
import type { OpenAPIRegistry } from "../../lib/openapi.ts";
import type { PhotoCache } from "./photo-cache.ts";
import { housePhotosParams, housePhotosQuery, housePhotosResponse, photoIdParams } from "./photos.schemas.ts";
import { createPhotoReader, listHousePhotos, PHOTOS_MOUNT } from "./photos.service.ts";

export const HOUSE_PHOTOS_MOUNT = "/api/houses";
export { PHOTOS_MOUNT };

/** GET /api/houses/:id/photos: a house's photo proof by visit. */
export function createHousePhotosRouter(ctx: ServiceContext, registry: OpenAPIRegistry): Router {
  const router = Router();
  defineRoute(
    router,
    registry,
    {
      mount: HOUSE_PHOTOS_MOUNT,
      tags: ["photos"],
      method: "get",
      path: "/:id/photos",
      summary: "Фото уборок дома за месяц по визитам (бригада видит только свои дома)",
      params: housePhotosParams,
      query: housePhotosQuery,
      response: housePhotosResponse,
    },
    ({ principal, params, query }) => listHousePhotos(ctx, { principal, houseId: params.id, month: query.month }),
  );
  return router;
}

/** GET /api/photos/:id: one photo's bytes through the server (the bot token never reaches the browser). */
export function createPhotoRouter(ctx: ServiceContext, registry: OpenAPIRegistry, cache: PhotoCache): Router {
  const router = Router();
  const readPhoto = createPhotoReader(ctx, cache);
  defineRoute(
    router,
    registry,
    {
      mount: PHOTOS_MOUNT,
      tags: ["photos"],
      method: "get",
      path: "/:id",
      summary: "Фото по id «<уборка>-<номер>»: из Telegram через сервер, с кэшем на диске",
      params: photoIdParams,
      responseContent: {
        description: "JPEG (или PNG/WebP)",
        content: { "image/jpeg": { schema: { type: "string", format: "binary" } } },
      },
    },
    async ({ principal, params, res }) => {
      const photo = await readPhoto({ principal, photoId: params.id });
      res.setHeader("Content-Type", photo.contentType);
      // A photo id always means the same picture; private, since it needs sign-in.
      res.setHeader("Cache-Control", "private, max-age=86400, immutable");
      res.setHeader("X-Photo-Source", photo.source);
      res.setHeader("X-Content-Type-Options", "nosniff");
      res.setHeader("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
      res.status(200).end(Buffer.from(photo.bytes.buffer, photo.bytes.byteOffset, photo.bytes.byteLength));
    },
  );
  return router;
}
