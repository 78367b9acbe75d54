import { useState } from "react";
import { t } from "../i18n/ru.ts";
import { apiSend, toApiError } from "../lib/api-client.ts";
import { hapticTap } from "../lib/platform.ts";
import type { AssistantAction } from "../lib/types.ts";

type TaskAction = Extract<AssistantAction, { type: "create_task" }>;

/** The buttons under an assistant answer: a house card to open, or a reminder it understood to confirm. */
export function ChatActions({
  actions,
  onOpenHouse,
}: {
  actions: AssistantAction[];
  onOpenHouse: (houseId: number) => void;
}) {
  const houses = actions.filter((action) => action.type === "open_house");
  const tasks = actions.filter((action): action is TaskAction => action.type === "create_task");
  return (
    <>
      {tasks.length > 0 && (
        <ul className="mt-2 space-y-1.5" aria-label={t.assistant.taskActions} data-testid="chat-task-actions">
          {tasks.map((action, index) => (
            <TaskConfirm key={index} action={action} />
          ))}
        </ul>
      )}
      {houses.length > 0 && (
        <div
          className="mt-2 flex flex-wrap gap-1.5"
          role="group"
          aria-label={t.assistant.actions}
          data-testid="chat-actions"
        >
          {houses.map((action) => (
            <button
              key={action.houseId}
              type="button"
              onClick={() => {
                hapticTap();
                onOpenHouse(action.houseId);
              }}
              className="rounded-full bg-secondary px-2.5 py-1 text-xs text-link active:opacity-70"
            >
              {action.label}
            </button>
          ))}
        </div>
      )}
    </>
  );
}

/** «Создать напоминание»: the same POST /api/ai-tasks as the reminders page; the server checks who may send what. */
function TaskConfirm({ action }: { action: TaskAction }) {
  const [state, setState] = useState<{ status: "idle" | "saving" | "done" | "error"; message?: string }>({
    status: "idle",
  });
  const create = async () => {
    hapticTap();
    setState({ status: "saving" });
    try {
      const task = await apiSend<{ id: number }>("POST", "/api/ai-tasks", action.task);
      setState({ status: "done", message: t.assistant.taskCreated(task.id) });
    } catch (error) {
      setState({ status: "error", message: toApiError(error).message });
    }
  };
  return (
    <li className="rounded-xl bg-secondary px-2.5 py-2 text-xs">
      <p>{action.label}</p>
      {state.status === "done" ? (
        <p className="mt-1 text-link" role="status">
          {state.message}
        </p>
      ) : (
        <button
          type="button"
          onClick={create}
          disabled={state.status === "saving"}
          className="mt-1 font-medium text-link active:opacity-70 disabled:opacity-50"
        >
          {state.status === "saving" ? t.assistant.taskSaving : t.assistant.createTask}
        </button>
      )}
      {state.status === "error" && (
        <p role="alert" className="mt-1 text-destructive">
          {state.message}
        </p>
      )}
    </li>
  );
}
