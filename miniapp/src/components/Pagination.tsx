import { t } from "../i18n/ru.ts";
import { hapticSelection } from "../lib/platform.ts";

/** Below the list only: the user reaches it after reading the page. */
export function Pagination({ page, pages, onPage }: { page: number; pages: number; onPage: (page: number) => void }) {
  if (pages <= 1) return null;
  const go = (next: number) => () => {
    hapticSelection();
    onPage(next);
  };
  const button = "rounded-xl bg-section px-4 py-2 text-sm font-medium disabled:opacity-40";
  return (
    <nav className="flex items-center justify-between pt-2" aria-label={t.works.pages} data-testid="pagination">
      <button type="button" className={button} disabled={page <= 1} onClick={go(page - 1)}>
        ‹ {t.works.previous}
      </button>
      <span className="text-sm text-hint" data-testid="page-label">
        {t.works.page(page, pages)}
      </span>
      <button type="button" className={button} disabled={page >= pages} onClick={go(page + 1)}>
        {t.works.next} ›
      </button>
    </nav>
  );
}
