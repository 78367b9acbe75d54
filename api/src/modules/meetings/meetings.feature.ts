import type { Feature, FeatureDeps, FeatureFactory } from "../../features.ts";
import { OpenAPIRegistry } from "../../lib/openapi.ts";
import { createMeetingsRouter, MEETINGS_MOUNT } from "./meetings.router.ts";
import {
  createMeetingsDeps,
  deleteOldMeetingAudio,
  transcribeMeetingBacklog,
  type MeetingsDeps,
} from "./meetings.service.ts";

/**
 * «Планёрка»: /api/meetings and two jobs: the backlog of chunks stored while recognition was off or failing is
 * transcribed every 30 s once it works, and audio older than MEETINGS_AUDIO_DAYS is deleted every six hours.
 */
export function createMeetingsFeature(deps: FeatureDeps, overrides: Partial<Omit<MeetingsDeps, "ctx">> = {}): Feature {
  const { ctx, scheduler } = deps;
  const meetings = createMeetingsDeps(ctx, overrides);
  const router = createMeetingsRouter(meetings, deps.registry ?? new OpenAPIRegistry());
  scheduler?.register("meetings-backlog", { interval: "30s" }, async () => {
    await transcribeMeetingBacklog(meetings);
  });
  scheduler?.register("meetings-audio-cleanup", { interval: "6h", isRunOnStart: true }, async () => {
    const deleted = await deleteOldMeetingAudio(ctx);
    if (deleted) ctx.logger.info({ deleted }, "meeting audio past MEETINGS_AUDIO_DAYS deleted");
  });
  return {
    name: "meetings",
    apiRouters: [{ mount: MEETINGS_MOUNT, router }],
    healthChecks: {
      meetings: () =>
        meetings.speech.isConfigured
          ? {
              status: "ok" as const,
              reason: ctx.config.openai.stt.isOwnServer
                ? "распознавание речи: свой сервер (STT_BASE_URL)"
                : "распознавание речи: OPENAI_BASE_URL",
            }
          : {
              status: "off" as const,
              reason: "нет STT_BASE_URL и OPENAI_API_KEY: планёрки записываются, текст появится после настройки",
            },
    },
  };
}

export const meetingsFeature: FeatureFactory = (deps) => createMeetingsFeature(deps);
