import type { NextFunction, Request, Response } from "express";
import type { Principal, ServiceContext } from "../../lib/context.ts";
import { forbidden, unauthorized } from "../../lib/errors.ts";
import { authenticateInitData, ensureDemoAdmin, toPrincipal } from "./auth.service.ts";

/** The header value the mini-app sends in a plain browser when the demo session is on. */
export const DEMO_AUTHORIZATION = "demo";

/**
 * Requires `Authorization: tma <initDataRaw>`; outside production and without a bot token the local demo
 * session (`Authorization: demo`) acts as the demo administrator.
 */
export function createAuthMiddleware(ctx: ServiceContext) {
  // The demo administrator never changes while the process runs: look it up once.
  let demoPrincipal: Promise<Principal> | undefined;
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      const header = req.get("authorization")?.trim() ?? "";
      if (header.toLowerCase().startsWith("tma ")) {
        res.locals.principal = await authenticateInitData(ctx, header.slice(4).trim());
        return next();
      }
      if (header === DEMO_AUTHORIZATION && ctx.config.isDemoAuthEnabled) {
        // The demo session is an administrator without a password: only the app's own pages may use it, never
        // another web page the person has open (the browser names that page in Origin).
        if (!isSameOriginOrAllowed(req, ctx.config.corsOrigins)) {
          throw forbidden("Демо-вход доступен только со страниц самого приложения");
        }
        demoPrincipal ??= ensureDemoAdmin(ctx).then((employee) => toPrincipal(employee, true));
        res.locals.principal = await demoPrincipal.catch((error: unknown) => {
          demoPrincipal = undefined;
          throw error;
        });
        return next();
      }
      throw unauthorized("unauthorized", "Откройте приложение из Telegram: нужен вход через Telegram");
    } catch (error) {
      next(error);
    }
  };
}

/** No Origin (curl, same-origin GET), the app's own origin, or one listed explicitly in CORS_ORIGINS. */
function isSameOriginOrAllowed(req: Request, allowed: string[] | "*"): boolean {
  const origin = req.get("origin");
  if (!origin) return true;
  if (origin === `${req.protocol}://${req.get("host")}`) return true;
  return allowed !== "*" && allowed.includes(origin);
}
