import { type ReactNode, useEffect } from "react";
import { t } from "../i18n/ru.ts";
import { showBackButton } from "../lib/platform.ts";

/** A bottom sheet. Telegram's BackButton, Escape and the backdrop close it. */
export function Modal({
  title,
  onClose,
  children,
  testId,
}: {
  title: string;
  onClose: () => void;
  children: ReactNode;
  testId?: string;
}) {
  useEffect(() => {
    const hideBackButton = showBackButton(onClose);
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") onClose();
    };
    window.addEventListener("keydown", onKey);
    const overflow = document.body.style.overflow;
    document.body.style.overflow = "hidden";
    return () => {
      hideBackButton();
      window.removeEventListener("keydown", onKey);
      document.body.style.overflow = overflow;
    };
  }, [onClose]);

  return (
    <div className="fixed inset-0 z-40 flex items-end justify-center bg-black/40 sm:items-center" onClick={onClose}>
      <div
        role="dialog"
        aria-modal="true"
        aria-label={title}
        data-testid={testId}
        className="safe-bottom max-h-[90vh] w-full max-w-xl overflow-y-auto rounded-t-3xl bg-bg p-4 shadow-xl sm:rounded-3xl"
        onClick={(event) => event.stopPropagation()}
      >
        <div className="mb-3 flex items-start justify-between gap-3">
          <h2 className="text-lg font-semibold leading-snug">{title}</h2>
          <button
            type="button"
            onClick={onClose}
            aria-label={t.common.close}
            className="-mr-1 rounded-full px-2 text-2xl leading-none text-hint"
          >
            ×
          </button>
        </div>
        {children}
      </div>
    </div>
  );
}
