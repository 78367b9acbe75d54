import type { FeatureFactory } from "../../features.ts";
import { OpenAPIRegistry } from "../../lib/openapi.ts";
import { createPhotoCache } from "./photo-cache.ts";
import { createHousePhotosRouter, createPhotoRouter } from "./photos.router.ts";

/**
 * The photo archive: /api/houses/:id/photos and /api/photos/:id. Photos live in Telegram (the report flow keeps
 * their file ids); the server fetches them with the bot token and keeps them under DATA_DIR/photo-cache.
 */
export const photosFeature: FeatureFactory = ({ ctx, registry = new OpenAPIRegistry() }) => {
  const cache = createPhotoCache(ctx.config, () => ctx.clock.now().getTime());
  return {
    name: "photos",
    apiRouters: [
      { mount: "/houses", router: createHousePhotosRouter(ctx, registry) },
      { mount: "/photos", router: createPhotoRouter(ctx, registry, cache) },
    ],
    healthChecks: {
      photos: async () =>
        ctx.config.telegram.token
          ? {
              status: "ok" as const,
              reason: `кэш фото: ${((await cache.size()) / 1024 / 1024).toFixed(1)} из ${ctx.config.photos.cacheMb} МБ`,
            }
          : {
              status: "off" as const,
              reason: "нет TELEGRAM_BOT_TOKEN: фото из Telegram не показываются (демо-фото — да)",
            },
    },
  };
};
