import { useEffect } from "react";
import { t } from "../i18n/ru.ts";
import { reportFirstScreen } from "../lib/platform.ts";

/** Shown after any 401/403: the session cannot be used, so there is nothing to retry here. */
export function NoAccess({ message }: { message: string }) {
  useEffect(reportFirstScreen, []);
  return (
    <main
      className="safe-top flex min-h-screen flex-col items-center justify-center bg-bg px-8 text-center"
      data-testid="no-access"
    >
      <svg aria-hidden viewBox="0 0 24 24" className="mb-4 h-14 w-14 text-hint" fill="currentColor">
        <path d="M12 2a5 5 0 0 0-5 5v3H6a2 2 0 0 0-2 2v8a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2v-8a2 2 0 0 0-2-2h-1V7a5 5 0 0 0-5-5Zm-3 8V7a3 3 0 1 1 6 0v3H9Zm3 4a2 2 0 0 1 1 3.73V19h-2v-1.27A2 2 0 0 1 12 14Z" />
      </svg>
      <h1 className="text-xl font-semibold">{t.noAccess.title}</h1>
      <p className="mt-2 text-sm">{message}</p>
      <p className="mt-4 text-sm text-hint">{t.noAccess.hint}</p>
    </main>
  );
}
