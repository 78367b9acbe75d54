// Live updates of a meeting for GET /api/meetings/:id/events. In-process: the instance that takes a chunk
// tells the pages connected to it; a page connected elsewhere still gets its own chunks' text in the response.
import { EventEmitter } from "node:events";
import type { MeetingStatus, SegmentView, SummaryView, ActionItemView } from "./meetings.schemas.ts";

export type MeetingEvent =
  | { type: "segment"; data: SegmentView }
  | { type: "status"; data: { status: MeetingStatus } }
  | { type: "summary"; data: { summary: SummaryView; actionItems: ActionItemView[] } };

export interface MeetingEvents {
  publish(meetingId: number, event: MeetingEvent): void;
  subscribe(meetingId: number, listener: (event: MeetingEvent) => void): () => void;
}

export function createMeetingEvents(): MeetingEvents {
  const emitter = new EventEmitter();
  // Each open page is one listener; a busy планёрка may have a dozen viewers.
  emitter.setMaxListeners(0);
  return {
    publish: (meetingId, event) => void emitter.emit(String(meetingId), event),
    subscribe(meetingId, listener) {
      emitter.on(String(meetingId), listener);
      return () => void emitter.off(String(meetingId), listener);
    },
  };
}

/** The process's one hub: the HTTP routes and the bot publish to it, the SSE route listens. */
export const sharedMeetingEvents = createMeetingEvents();
