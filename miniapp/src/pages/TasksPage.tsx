import { type FormEvent, useEffect, useState } from "react";
import { ErrorState } from "../components/ErrorState.tsx";
import { PageSkeleton } from "../components/Skeleton.tsx";
import { t } from "../i18n/ru.ts";
import { apiSend, toApiError } from "../lib/api-client.ts";
import { describeCron, formatDateTime } from "../lib/dates.ts";
import { hapticTap, reportFirstScreen } from "../lib/platform.ts";
import type { TaskView } from "../lib/types.ts";
import { useApi } from "../lib/use-api.ts";
import { useIsOffline } from "../lib/use-offline.ts";

const STATUS_STYLE: Record<TaskView["status"], string> = {
  scheduled: "bg-planned/15 text-planned",
  sent: "bg-done/15 text-done",
  uncertain: "bg-progress/15 text-progress",
  failed: "bg-missed/15 text-missed",
  cancelled: "bg-hint/15 text-hint",
};

/** When a task runs, in words: the next run and, for repeating ones, the schedule. */
function TaskWhen({ task, className = "text-xs" }: { task: TaskView; className?: string }) {
  return (
    <>
      {task.nextRunAt && (
        <p className={className}>
          <span className="text-hint">{t.tasks.when}:</span>{" "}
          <span data-testid="task-when">{formatDateTime(task.nextRunAt)}</span>
        </p>
      )}
      {task.cron && (
        <p className={className}>
          <span className="text-hint">{t.tasks.repeat}:</span> {describeCron(task.cron)}
        </p>
      )}
    </>
  );
}

export default function TasksPage() {
  const tasks = useApi<{ items: TaskView[] }>("/api/ai-tasks");
  const [request, setRequest] = useState("");
  const [isBusy, setBusy] = useState(false);
  // Creating and cancelling need the server: without signal the buttons wait.
  const isOffline = useIsOffline();
  const [created, setCreated] = useState<TaskView>();
  const [notice, setNotice] = useState<{ text: string; isError: boolean }>();

  useEffect(() => {
    if (tasks.data || tasks.error) reportFirstScreen();
  }, [tasks.data, tasks.error]);

  async function run(action: () => Promise<void>) {
    setBusy(true);
    setNotice(undefined);
    try {
      await action();
    } catch (caught) {
      setNotice({ text: toApiError(caught).message, isError: true });
    } finally {
      setBusy(false);
    }
  }

  function onCreate(event: FormEvent) {
    event.preventDefault();
    const text = request.trim();
    if (!text || isBusy) return;
    hapticTap();
    void run(async () => {
      setCreated(undefined);
      const task = await apiSend<TaskView>("POST", "/api/ai-tasks", { request: text });
      setCreated(task);
      setRequest("");
      tasks.reload();
    });
  }

  const cancel = (task: TaskView) =>
    run(async () => {
      await apiSend<TaskView>("PATCH", `/api/ai-tasks/${task.id}`, { status: "cancelled" });
      if (created?.id === task.id) setCreated(undefined);
      setNotice({ text: t.tasks.cancelled, isError: false });
      tasks.reload();
    });

  return (
    <div className="space-y-4 p-4" data-testid="tasks-page">
      <form onSubmit={onCreate} className="space-y-2 rounded-2xl bg-section p-3">
        <label htmlFor="task-request" className="block text-sm font-medium">
          {t.tasks.requestLabel}
        </label>
        <textarea
          id="task-request"
          value={request}
          onChange={(event) => setRequest(event.target.value)}
          rows={2}
          maxLength={2000}
          placeholder={t.tasks.requestPlaceholder}
          className="w-full resize-none rounded-xl bg-secondary px-3 py-2 text-sm outline-none"
        />
        <button
          type="submit"
          disabled={isBusy || isOffline || !request.trim()}
          className="w-full rounded-xl bg-button py-2 text-sm font-medium text-button-text disabled:opacity-50"
        >
          {isBusy ? t.tasks.creating : t.tasks.create}
        </button>
        {notice && (
          <p
            role={notice.isError ? "alert" : "status"}
            data-testid="tasks-notice"
            className={`text-sm ${notice.isError ? "text-destructive" : "text-done"}`}
          >
            {notice.text}
          </p>
        )}
        {created && (
          <div className="rounded-xl bg-done/10 p-2 text-sm" role="status" data-testid="task-created">
            <p className="font-medium text-done">{t.tasks.created}</p>
            <p>
              <span className="text-hint">{t.tasks.text}:</span> {created.text}
            </p>
            <p>
              <span className="text-hint">{t.tasks.target}:</span> {created.targetLabel}
            </p>
            <TaskWhen task={created} className="text-sm" />
          </div>
        )}
      </form>

      {tasks.error ? (
        <ErrorState message={tasks.error.message} onRetry={tasks.reload} />
      ) : !tasks.data ? (
        <PageSkeleton />
      ) : tasks.data.items.length === 0 ? (
        <p className="px-1 text-sm text-hint">{t.tasks.empty}</p>
      ) : (
        <ul className="space-y-2" data-testid="task-list">
          {tasks.data.items.map((task) => (
            <li key={task.id} className="rounded-2xl bg-section p-3" data-testid="task-item" data-status={task.status}>
              <div className="flex items-start justify-between gap-2">
                <p className="text-sm font-medium whitespace-pre-wrap">{task.text}</p>
                <span
                  className={`shrink-0 rounded-full px-2 py-0.5 text-xs ${STATUS_STYLE[task.status]}`}
                  data-testid="task-status"
                >
                  {t.tasks.statuses[task.status]}
                </span>
              </div>
              <p className="mt-1 text-xs text-hint">
                {t.tasks.target}: <span className="text-text">{task.targetLabel}</span>
              </p>
              <TaskWhen task={task} />
              {task.lastError && <p className="mt-1 text-xs text-destructive">{task.lastError}</p>}
              {task.status === "scheduled" && (
                <button
                  type="button"
                  disabled={isBusy || isOffline}
                  onClick={() => void cancel(task)}
                  className="mt-2 rounded-xl bg-secondary px-3 py-1.5 text-sm text-destructive disabled:opacity-50"
                >
                  {t.tasks.cancel}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
