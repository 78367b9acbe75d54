import { t } from "../i18n/ru.ts";

/** Shown after any 401/403: the session cannot be used, so there is nothing to retry here. */
export function NoAccess({ message }: { message: string }) {
  return (
    <main className="safe-top flex min-h-screen flex-col items-center justify-center bg-bg px-8 text-center" data-testid="no-access">
      <div aria-hidden className="mb-4 text-5xl">🔒</div>
      <h1 className="text-xl font-semibold">{t.noAccess.title}</h1>
      <p className="mt-2 text-sm">{message}</p>
      <p className="mt-4 text-sm text-hint">{t.noAccess.hint}</p>
    </main>
  );
}
