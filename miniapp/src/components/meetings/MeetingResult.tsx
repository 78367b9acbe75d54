// A finished планёрка: Итоги, Решения, Поручения with «Создать напоминание» (after a confirmation) and exports.
import { useState } from "react";
import type { ActionItemView, MeetingView } from "../../../../api/src/modules/meetings/meetings.schemas.ts";
import { t } from "../../i18n/ru.ts";
import { apiSend, authorizationHeader, toApiError } from "../../lib/api-client.ts";
import { formatDateTime } from "../../lib/dates.ts";
import { Transcript } from "./Transcript.tsx";

const whenOf = (item: ActionItemView) =>
  item.when?.remindAt ? formatDateTime(item.when.remindAt) : (item.when?.label ?? t.meetings.unknownWhen);

async function fetchExport(meetingId: number, format: "txt" | "docx"): Promise<Blob> {
  const response = await fetch(`/api/meetings/${meetingId}/export.${format}`, {
    headers: { Authorization: authorizationHeader() },
  });
  if (!response.ok) throw new Error(t.common.unexpectedError);
  return response.blob();
}

function download(blob: Blob, fileName: string) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function MeetingResult({
  meeting,
  onChange,
  onDelete,
}: {
  meeting: MeetingView;
  onChange: (meeting: MeetingView) => void;
  onDelete?: () => void;
}) {
  const [confirming, setConfirming] = useState<number | "all" | "delete" | null>(null);
  const [notice, setNotice] = useState<{ text: string; isError: boolean }>();
  const [isBusy, setBusy] = useState(false);
  const open = meeting.actionItems.filter((item) => item.taskId === null);

  async function createTasks(items: ActionItemView[]) {
    setBusy(true);
    setNotice(undefined);
    let updated = meeting;
    try {
      for (const item of items) {
        const result = await apiSend<{ actionItem: ActionItemView }>(
          "POST",
          `/api/meetings/${meeting.id}/action-items/${item.n}/task`,
          {},
        );
        updated = {
          ...updated,
          actionItems: updated.actionItems.map((other) => (other.n === item.n ? result.actionItem : other)),
        };
      }
      setNotice({ text: t.meetings.taskCreated, isError: false });
    } catch (caught) {
      setNotice({ text: toApiError(caught).message, isError: true });
    } finally {
      onChange(updated);
      setConfirming(null);
      setBusy(false);
    }
  }

  async function remove() {
    setBusy(true);
    try {
      // 204 has no body for apiSend to parse.
      const response = await fetch(`/api/meetings/${meeting.id}`, {
        method: "DELETE",
        headers: { Authorization: authorizationHeader() },
      });
      if (!response.ok && response.status !== 404) {
        const body = (await response.json().catch(() => ({}))) as { error?: { message?: string } };
        throw new Error(body.error?.message ?? t.common.unexpectedError);
      }
      onDelete?.();
    } catch (caught) {
      setNotice({ text: caught instanceof Error ? caught.message : t.common.unexpectedError, isError: true });
      setBusy(false);
    }
  }

  const list = (items: string[]) =>
    items.length ? (
      items.map((line, index) => <li key={index}>• {line}</li>)
    ) : (
      <li className="text-hint">{t.meetings.none}</li>
    );
  const confirmButtons = (onYes: () => void) => (
    <span className="mt-2 flex gap-2">
      <button
        type="button"
        disabled={isBusy}
        onClick={onYes}
        className="rounded-lg bg-button px-3 py-1 text-xs text-button-text"
        data-testid="confirm"
      >
        {t.meetings.confirm}
      </button>
      <button type="button" onClick={() => setConfirming(null)} className="rounded-lg bg-secondary px-3 py-1 text-xs">
        {t.meetings.cancel}
      </button>
    </span>
  );

  return (
    <div data-testid="meeting-result">
      {meeting.summary && (
        <section className="mt-3 rounded-2xl bg-section p-4 text-sm" data-testid="summary">
          {meeting.summary.engine === "offline" && (
            <p className="mb-2 text-xs text-hint" data-testid="without-ai">
              {meeting.summary.note ?? t.meetings.withoutAi}
            </p>
          )}
          <h2 className="font-semibold">{t.meetings.overview}</h2>
          <ul className="mt-1 space-y-1">{list(meeting.summary.overview)}</ul>
          <h2 className="mt-3 font-semibold">{t.meetings.decisions}</h2>
          <ul className="mt-1 space-y-1" data-testid="decisions">
            {list(meeting.summary.decisions)}
          </ul>
          <h2 className="mt-3 font-semibold">{t.meetings.actionItems}</h2>
          <ol className="mt-1 space-y-2">
            {meeting.actionItems.length === 0 && <li className="text-hint">{t.meetings.none}</li>}
            {meeting.actionItems.map((item) => (
              <li key={item.n} className="rounded-xl bg-secondary p-2" data-testid="action-item">
                <p>
                  {item.n}. {item.text}
                </p>
                <p className="text-xs text-hint">
                  {t.meetings.who}: {item.who?.label ?? t.meetings.unknownWho} · {t.meetings.when}: {whenOf(item)}
                </p>
                {item.taskId !== null ? (
                  <p className="mt-1 text-xs text-done" data-testid="task-created">
                    ✓ {t.meetings.taskCreated}
                  </p>
                ) : confirming === item.n ? (
                  <>
                    <p className="mt-1 text-xs">
                      {t.meetings.confirmTask(item.who?.label ?? t.meetings.unknownWho, whenOf(item), item.text)}
                    </p>
                    {confirmButtons(() => void createTasks([item]))}
                  </>
                ) : (
                  <button
                    type="button"
                    onClick={() => setConfirming(item.n)}
                    className="mt-1 text-xs font-medium text-link"
                    data-testid="create-task"
                  >
                    {t.meetings.createTask}
                  </button>
                )}
              </li>
            ))}
          </ol>
          {open.length > 1 &&
            (confirming === "all" ? (
              <div className="mt-2 text-xs">
                <p>{t.meetings.confirmAll(open.length)}</p>
                {confirmButtons(() => void createTasks(open))}
              </div>
            ) : (
              <button
                type="button"
                onClick={() => setConfirming("all")}
                className="mt-2 rounded-xl bg-button px-3 py-1 text-xs text-button-text"
                data-testid="create-all"
              >
                {t.meetings.createAll}
              </button>
            ))}
        </section>
      )}
      {notice && (
        <p
          role={notice.isError ? "alert" : "status"}
          className={`mt-2 text-sm ${notice.isError ? "text-missed" : "text-done"}`}
          data-testid="meeting-notice"
        >
          {notice.text}
        </p>
      )}
      <div className="mt-3 flex flex-wrap gap-2 text-sm">
        <button
          type="button"
          className="rounded-xl bg-secondary px-3 py-1"
          data-testid="export-txt"
          onClick={() =>
            void fetchExport(meeting.id, "txt").then((blob) => download(blob, `Планёрка ${meeting.id}.txt`))
          }
        >
          {t.meetings.exportTxt}
        </button>
        <button
          type="button"
          className="rounded-xl bg-secondary px-3 py-1"
          onClick={() =>
            void fetchExport(meeting.id, "docx").then((blob) => download(blob, `Планёрка ${meeting.id}.docx`))
          }
        >
          {t.meetings.exportDocx}
        </button>
        <button
          type="button"
          className="rounded-xl bg-secondary px-3 py-1"
          onClick={() =>
            void fetchExport(meeting.id, "txt")
              .then((blob) => blob.text())
              .then((text) => navigator.clipboard.writeText(text))
              .then(
                () => setNotice({ text: t.meetings.copied, isError: false }),
                () => setNotice({ text: t.common.unexpectedError, isError: true }),
              )
          }
        >
          {t.meetings.copy}
        </button>
        {onDelete &&
          (confirming === "delete" ? (
            <span className="text-xs">
              {t.meetings.confirmDelete}
              {confirmButtons(() => void remove())}
            </span>
          ) : (
            <button
              type="button"
              className="rounded-xl bg-secondary px-3 py-1 text-missed"
              onClick={() => setConfirming("delete")}
              data-testid="delete"
            >
              {t.meetings.delete}
            </button>
          ))}
      </div>
      <Transcript segments={meeting.segments} note={meeting.transcriptNote} />
    </div>
  );
}
