// «Планёрка»: record a meeting live (chunks of a few seconds, kept in IndexedDB until the server has them), watch
// the transcript grow, stop for the summary and action items, and browse past meetings.
import { useEffect, useState } from "react";
import type { MeetingView } from "../../../api/src/modules/meetings/meetings.schemas.ts";
import { ErrorState } from "../components/ErrorState.tsx";
import { PageSkeleton } from "../components/Skeleton.tsx";
import { MeetingList } from "../components/meetings/MeetingList.tsx";
import { MeetingResult } from "../components/meetings/MeetingResult.tsx";
import { Transcript } from "../components/meetings/Transcript.tsx";
import { useMeetingRecording } from "../components/meetings/use-meeting-recording.ts";
import { t } from "../i18n/ru.ts";
import { reportFirstScreen } from "../lib/platform.ts";
import { useApi } from "../lib/use-api.ts";

function PastMeeting({ id, onBack }: { id: number; onBack: (isDeleted: boolean) => void }) {
  const loaded = useApi<MeetingView>(`/api/meetings/${id}`);
  const [meeting, setMeeting] = useState<MeetingView>();
  useEffect(() => setMeeting(loaded.data), [loaded.data]);
  if (loaded.error) return <ErrorState message={loaded.error.message} onRetry={loaded.reload} />;
  if (!meeting) return <PageSkeleton />;
  return (
    <div>
      <button type="button" onClick={() => onBack(false)} className="text-sm text-link">
        {t.meetings.back}
      </button>
      <h2 className="mt-2 text-base font-semibold">{meeting.title}</h2>
      <MeetingResult meeting={meeting} onChange={setMeeting} onDelete={() => onBack(true)} />
    </div>
  );
}

export default function MeetingsPage() {
  const recording = useMeetingRecording();
  const [title, setTitle] = useState("");
  const [openId, setOpenId] = useState<number | null>(null);
  const [listVersion, setListVersion] = useState(0);
  useEffect(reportFirstScreen, []);

  const { phase } = recording;
  const isLive = phase === "recording" || phase === "stopping" || phase === "interrupted";

  if (openId !== null && !isLive) {
    return (
      <div className="px-4 py-3">
        <PastMeeting
          id={openId}
          onBack={(isDeleted) => {
            setOpenId(null);
            if (isDeleted) setListVersion((v) => v + 1);
          }}
        />
      </div>
    );
  }

  return (
    <div className="px-4 py-3" data-testid="meetings-page">
      {!isLive && phase !== "done" && (
        <div className="rounded-2xl bg-section p-4">
          <input
            value={title}
            onChange={(event) => setTitle(event.target.value)}
            placeholder={t.meetings.titlePlaceholder}
            maxLength={200}
            className="w-full rounded-xl bg-secondary px-3 py-2 text-sm"
          />
          <button
            type="button"
            disabled={phase === "starting"}
            onClick={() => void recording.start(title)}
            className="mt-3 w-full rounded-xl bg-button py-3 text-base font-semibold text-button-text active:opacity-80 disabled:opacity-60"
            data-testid="meeting-start"
          >
            {phase === "starting" ? t.meetings.starting : `🎙 ${t.meetings.start}`}
          </button>
        </div>
      )}
      {recording.error && (
        <p role="alert" className="mt-3 rounded-xl bg-missed/10 p-3 text-sm text-missed" data-testid="meeting-error">
          {recording.error}
        </p>
      )}
      {isLive && (
        <div className="rounded-2xl bg-section p-4">
          {phase === "interrupted" ? (
            <>
              <p className="text-sm">{t.meetings.interrupted}</p>
              <div className="mt-3 flex gap-2">
                <button
                  type="button"
                  onClick={() => void recording.resume()}
                  className="flex-1 rounded-xl bg-button py-2 text-sm text-button-text"
                  data-testid="meeting-resume"
                >
                  {t.meetings.resume}
                </button>
                <button
                  type="button"
                  onClick={() => void recording.stop()}
                  className="flex-1 rounded-xl bg-secondary py-2 text-sm"
                  data-testid="meeting-finish"
                >
                  {t.meetings.finish}
                </button>
              </div>
            </>
          ) : (
            <>
              <p className="flex items-center gap-2 text-sm font-medium">
                <span className="inline-block h-2.5 w-2.5 animate-pulse rounded-full bg-missed" />{" "}
                {phase === "stopping" ? t.meetings.stopping : t.meetings.recording}
              </p>
              <p className="mt-1 text-xs text-hint">{t.meetings.listening}</p>
              <button
                type="button"
                disabled={phase === "stopping"}
                onClick={() => void recording.stop()}
                className="mt-3 w-full rounded-xl bg-missed py-3 text-base font-semibold text-white disabled:opacity-60"
                data-testid="meeting-stop"
              >
                ⏹ {phase === "stopping" ? t.meetings.stopping : t.meetings.stop}
              </button>
            </>
          )}
          {recording.queued > 0 && (
            <p className="mt-2 text-xs text-progress" data-testid="meeting-queued">
              {t.meetings.queued(recording.queued)}
            </p>
          )}
        </div>
      )}
      {isLive && <Transcript segments={recording.segments} />}
      {phase === "done" && recording.result && (
        <>
          <button
            type="button"
            onClick={() => {
              recording.reset();
              setListVersion((v) => v + 1);
            }}
            className="text-sm text-link"
          >
            {t.meetings.back}
          </button>
          <h2 className="mt-2 text-base font-semibold">{recording.result.title}</h2>
          <MeetingResult meeting={recording.result} onChange={recording.setResult} />
        </>
      )}
      {!isLive && phase !== "done" && <MeetingList onOpen={setOpenId} version={listVersion} />}
    </div>
  );
}
