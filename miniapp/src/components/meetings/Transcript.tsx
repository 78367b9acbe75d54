import type { SegmentView } from "../../../../api/src/modules/meetings/meetings.schemas.ts";
import { t } from "../../i18n/ru.ts";

/** "04:05" from the start of the meeting. */
export function formatOffset(ms: number): string {
  const total = Math.floor(ms / 1000);
  const h = Math.floor(total / 3600);
  const mmss = `${String(Math.floor((total % 3600) / 60)).padStart(2, "0")}:${String(total % 60).padStart(2, "0")}`;
  return h ? `${h}:${mmss}` : mmss;
}

export function Transcript({ segments, note }: { segments: SegmentView[]; note?: string | null }) {
  return (
    <section className="mt-3 rounded-2xl bg-section p-4">
      <h2 className="text-sm font-semibold">{t.meetings.transcript}</h2>
      {segments.length === 0 && <p className="mt-2 text-sm text-hint">{t.meetings.emptyTranscript}</p>}
      <ol className="mt-2 space-y-1" data-testid="transcript">
        {segments.map((segment) => (
          <li
            key={segment.seq}
            className="text-sm"
            data-testid="segment"
            data-seq={segment.seq}
            data-status={segment.status}
          >
            <span className="mr-2 font-mono text-xs text-hint">{formatOffset(segment.startMs)}</span>
            {segment.text || (
              <span className="text-hint italic">
                {segment.status === "failed"
                  ? t.meetings.segmentFailed
                  : segment.status === "pending"
                    ? t.meetings.segmentPending
                    : ""}
              </span>
            )}
          </li>
        ))}
      </ol>
      {note && (
        <p className="mt-2 text-xs text-hint" data-testid="transcript-note">
          {note}
        </p>
      )}
    </section>
  );
}
