import { useEffect } from "react";
import { t } from "../i18n/ru.ts";
import { reportFirstScreen } from "../lib/platform.ts";

/** A failed request: the server's Russian message and a retry button. */
export function ErrorState({ message, onRetry }: { message: string; onRetry: () => void }) {
  useEffect(reportFirstScreen, []);
  return (
    <div role="alert" className="mx-4 my-6 rounded-2xl bg-section p-5 text-center" data-testid="error-state">
      <p className="text-base font-semibold">{t.common.errorTitle}</p>
      <p className="mt-1 text-sm text-hint">{message}</p>
      <button
        type="button"
        onClick={onRetry}
        className="mt-4 rounded-xl bg-button px-5 py-2 text-sm font-medium text-button-text active:opacity-80"
      >
        {t.common.retry}
      </button>
    </div>
  );
}
