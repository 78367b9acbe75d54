// Short-lived signed download links for act files. The mini-app authenticates with an Authorization header,
// which a link opened by Telegram's openLink (the phone's browser) or downloadFile cannot carry; so the
// mini-app asks for a link, and the link itself is the proof: who asked, for which file, until when.
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { AppConfig } from "../../config.ts";
import type { Principal, ServiceContext } from "../../lib/context.ts";
import { AppError } from "../../lib/errors.ts";
import type { ActFormat, ActTarget } from "./act-files.ts";

/** Where /api/acts is mounted, and where signed links download (before the /api authentication). */
export const ACTS_MOUNT = "/api/acts";
export const ACT_DOWNLOAD_PATH = `${ACTS_MOUNT}/download`;

/** How long a link works: enough to open or share it, too short to be worth leaking. */
export const ACT_LINK_TTL_SECONDS = 10 * 60;

export interface ActLinkClaims {
  target: ActTarget;
  id: number;
  month: string;
  format: ActFormat;
  employeeId: number;
  /** Unix seconds. */
  expiresAt: number;
}

// Without a bot token (the demo) links are signed with a key of this process only.
const processKey = randomBytes(32);

/** The signing key: derived from the bot token, so every instance of one deployment accepts the others' links. */
function signingKey(config: AppConfig): Buffer {
  const token = config.telegram.token;
  return token ? createHmac("sha256", "act-download-links").update(token).digest() : processKey;
}

const encode = (claims: ActLinkClaims) =>
  Buffer.from(
    JSON.stringify([
      claims.target === "house" ? "h" : "m",
      claims.id,
      claims.month,
      claims.format,
      claims.employeeId,
      claims.expiresAt,
    ]),
  ).toString("base64url");

function signature(config: AppConfig, body: string): string {
  return createHmac("sha256", signingKey(config)).update(body).digest("base64url");
}

/** A signed token for a file download by `principal`, valid for ACT_LINK_TTL_SECONDS from the clock's now. */
export function signActLink(
  ctx: ServiceContext,
  principal: Principal,
  file: Omit<ActLinkClaims, "employeeId" | "expiresAt">,
): { token: string; expiresAt: Date } {
  const expiresAt = Math.floor(ctx.clock.now().getTime() / 1000) + ACT_LINK_TTL_SECONDS;
  const body = encode({ ...file, employeeId: principal.employeeId, expiresAt });
  return { token: `${body}.${signature(ctx.config, body)}`, expiresAt: new Date(expiresAt * 1000) };
}

const invalid = () =>
  new AppError("act_link_invalid", {
    status: 403,
    userMessage: "Ссылка на акт недействительна: откройте акт из приложения заново",
  });

/** The claims of a token this deployment signed, or a coded 403 (forged, malformed) / 410 (expired). */
export function verifyActLink(ctx: ServiceContext, token: string): ActLinkClaims {
  const [body, mac, extra] = token.split(".");
  if (!body || !mac || extra !== undefined || body.length > 400) throw invalid();
  const expected = Buffer.from(signature(ctx.config, body));
  const given = Buffer.from(mac);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw invalid();
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(body, "base64url").toString("utf8"));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(parts) || parts.length !== 6) throw invalid();
  const [target, id, month, format, employeeId, expiresAt] = parts as [
    string,
    number,
    string,
    ActFormat,
    number,
    number,
  ];
  if (expiresAt * 1000 < ctx.clock.now().getTime()) {
    throw new AppError("act_link_expired", {
      status: 410,
      userMessage: "Ссылка на акт устарела: откройте акт из приложения заново",
    });
  }
  return { target: target === "h" ? "house" : "management-company", id, month, format, employeeId, expiresAt };
}
