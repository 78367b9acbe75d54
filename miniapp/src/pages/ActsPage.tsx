import { useEffect, useMemo, useState } from "react";
import type { ActList, ActListItem } from "../../../api/src/modules/acts/acts.schemas.ts";
import { ErrorState } from "../components/ErrorState.tsx";
import { PageSkeleton } from "../components/Skeleton.tsx";
import { t } from "../i18n/ru.ts";
import { apiSend, toApiError, toQuery } from "../lib/api-client.ts";
import { addMonths, formatDateTime, formatMonth, localToday, monthOf } from "../lib/dates.ts";
import { hapticTap, openExternalLink, reportFirstScreen } from "../lib/platform.ts";
import type { CleaningFilters, Me } from "../lib/types.ts";
import { useApi } from "../lib/use-api.ts";

// The list's download links are signed for 10 minutes; reloading a little earlier keeps every tap working.
const LINK_REFRESH_MS = 8 * 60_000;
const MONTHS_BACK = 12;

const rubles = (amount: number) =>
  `${amount
    .toFixed(2)
    .replace(".", ",")
    .replace(/\B(?=(\d{3})+(?!\d))/g, " ")} ₽`;

/**
 * Opens a signed act link (no Authorization header needed): Telegram's openLink hands it to the phone's
 * browser, which shows the PDF or saves the DOCX/ZIP; a plain browser opens a tab. Called straight from the
 * tap, since Telegram accepts openLink only in answer to the user's gesture.
 */
function openAct(path: string) {
  hapticTap();
  openExternalLink(new URL(path, window.location.origin).href);
}

function ActCard({
  act,
  month,
  isBusy,
  onToggle,
}: {
  act: ActListItem;
  month: string;
  isBusy: boolean;
  onToggle: (act: ActListItem) => void;
}) {
  const isSent = act.status === "sent";
  return (
    <li
      className="rounded-2xl bg-section p-3"
      data-testid="act-item"
      data-house-id={act.house.id}
      data-status={act.status}
    >
      <div className="flex items-start justify-between gap-2">
        <p className="text-sm font-medium">{act.house.address}</p>
        <span
          className={`shrink-0 rounded-full px-2 py-0.5 text-xs ${isSent ? "bg-done/15 text-done" : "bg-hint/15 text-hint"}`}
          data-testid="act-status"
        >
          {isSent ? t.acts.sent : t.acts.draft}
        </span>
      </div>
      <p className="mt-0.5 text-xs text-hint">
        {[act.managementCompany?.title, act.brigade?.name].filter(Boolean).join(" · ") || t.common.notSet}
      </p>
      <p className="mt-1 text-sm" data-testid="act-counts">
        {t.acts.counts(act.totals.planned, act.totals.done, act.totals.missed)}
        {act.totals.pending > 0 && <span className="text-hint">{`, ${t.acts.pending(act.totals.pending)}`}</span>}
      </p>
      <p className="text-xs text-hint" data-testid="act-sum">
        {act.sum.amount === null ? act.sum.basis : `${t.acts.sum(rubles(act.sum.amount))} (${act.sum.basis})`}
      </p>
      {!isSent && act.warnings.length > 0 && (
        <ul className="mt-1 space-y-0.5 text-xs text-progress" data-testid="act-warnings">
          {act.warnings.map((warning) => (
            <li key={warning}>⚠ {warning}</li>
          ))}
        </ul>
      )}
      {isSent && act.sentAt && (
        <p className="mt-1 text-xs text-done">{t.acts.sentAt(formatDateTime(act.sentAt), act.sentBy)}</p>
      )}
      <div className="mt-2 flex flex-wrap gap-2">
        <button
          type="button"
          onClick={() => openAct(act.links.pdf)}
          className="rounded-xl bg-button px-3 py-1.5 text-sm text-button-text"
          data-testid="act-open-pdf"
        >
          {t.acts.openPdf}
        </button>
        <button
          type="button"
          onClick={() => openAct(act.links.docx)}
          className="rounded-xl bg-secondary px-3 py-1.5 text-sm"
        >
          {t.acts.docx}
        </button>
        <button
          type="button"
          disabled={isBusy}
          onClick={() => onToggle(act)}
          className="rounded-xl bg-secondary px-3 py-1.5 text-sm disabled:opacity-50"
          data-testid="act-toggle-sent"
          data-month={month}
        >
          {isSent ? t.acts.markDraft : t.acts.markSent}
        </button>
      </div>
    </li>
  );
}

/** «Акты»: the month's acts per house for managers, files to open or share, and which were sent. */
export default function ActsPage() {
  const me = useApi<Me>("/api/me", { isCached: true });
  const isOffice = me.data ? me.data.role === "admin" || me.data.role === "manager" : undefined;
  const currentMonth = monthOf(localToday());
  const [month, setMonth] = useState(() => addMonths(currentMonth, -1));
  const [companyId, setCompanyId] = useState("");
  const filters = useApi<CleaningFilters>(isOffice ? "/api/cleaning/filters" : null, { isCached: true });
  const acts = useApi<ActList>(isOffice ? `/api/acts${toQuery({ month, management_company: companyId })}` : null);
  const [isBusy, setBusy] = useState(false);
  const [notice, setNotice] = useState<{ text: string; isError: boolean }>();
  const months = useMemo(
    () => Array.from({ length: MONTHS_BACK + 1 }, (_, index) => addMonths(currentMonth, -index)),
    [currentMonth],
  );

  useEffect(() => {
    if (acts.data || acts.error || isOffice === false || me.error) reportFirstScreen();
  }, [acts.data, acts.error, isOffice, me.error]);
  const { reload } = acts;
  useEffect(() => {
    if (!acts.data) return;
    const timer = setTimeout(reload, LINK_REFRESH_MS);
    return () => clearTimeout(timer);
  }, [acts.data, reload]);

  async function run(action: () => Promise<string | void>) {
    setBusy(true);
    setNotice(undefined);
    try {
      const text = await action();
      if (text) setNotice({ text, isError: false });
      reload();
    } catch (caught) {
      setNotice({ text: toApiError(caught).message, isError: true });
    } finally {
      setBusy(false);
    }
  }

  const toggle = (act: ActListItem) =>
    run(async () => {
      hapticTap();
      if (act.status === "sent") await apiSend("DELETE", `/api/acts/house/${act.house.id}/sent${toQuery({ month })}`);
      else await apiSend("POST", `/api/acts/house/${act.house.id}/sent`, { month });
    });
  const markAllSent = () =>
    run(async () => {
      hapticTap();
      const result = await apiSend<{ items: unknown[] }>("POST", `/api/acts/management-company/${companyId}/sent`, {
        month,
      });
      return t.acts.markedSent(result.items.length);
    });

  if (me.error) return <ErrorState message={me.error.message} onRetry={me.reload} />;
  if (isOffice === false) {
    return (
      <p className="p-6 text-center text-sm text-hint" data-testid="acts-office-only">
        {t.acts.officeOnly}
      </p>
    );
  }
  const list = acts.data;
  return (
    <div className="space-y-3 p-4" data-testid="acts-page">
      <div className="grid grid-cols-2 gap-2">
        <label className="text-xs text-hint">
          {t.acts.month}
          <select
            value={month}
            onChange={(event) => setMonth(event.target.value)}
            className="mt-1 block w-full rounded-xl bg-secondary px-2 py-2 text-sm text-text"
            data-testid="acts-month"
          >
            {months.map((value) => (
              <option key={value} value={value}>
                {formatMonth(value)}
              </option>
            ))}
          </select>
        </label>
        <label className="text-xs text-hint">
          {t.acts.company}
          <select
            value={companyId}
            onChange={(event) => setCompanyId(event.target.value)}
            className="mt-1 block w-full rounded-xl bg-secondary px-2 py-2 text-sm text-text"
            data-testid="acts-company"
          >
            <option value="">{t.acts.allCompanies}</option>
            {(filters.data?.managementCompanies ?? []).map((company) => (
              <option key={company.id} value={company.id}>
                {company.title}
              </option>
            ))}
          </select>
        </label>
      </div>
      {notice && (
        <p
          role={notice.isError ? "alert" : "status"}
          className={`text-sm ${notice.isError ? "text-destructive" : "text-done"}`}
          data-testid="acts-notice"
        >
          {notice.text}
        </p>
      )}
      {acts.error ? (
        <ErrorState message={acts.error.message} onRetry={acts.reload} />
      ) : !list ? (
        <PageSkeleton />
      ) : (
        <div
          className={`space-y-3 transition-opacity ${acts.isLoading ? "opacity-60" : ""}`}
          aria-busy={acts.isLoading}
          data-testid="acts-ready"
          data-month={list.month}
        >
          <p className="text-sm text-hint" data-testid="acts-totals">
            {t.acts.totals(list.items.length, list.totals.planned, list.totals.done, list.totals.missed)}
          </p>
          {list.companyLinks && (
            <div className="rounded-2xl bg-section p-3" data-testid="acts-company-files">
              <p className="text-sm font-medium">{t.acts.companyFiles}</p>
              <div className="mt-2 flex flex-wrap gap-2">
                <button
                  type="button"
                  onClick={() => openAct(list.companyLinks!.pdf)}
                  className="rounded-xl bg-button px-3 py-1.5 text-sm text-button-text"
                >
                  {t.acts.companyPdf}
                </button>
                <button
                  type="button"
                  onClick={() => openAct(list.companyLinks!.zip)}
                  className="rounded-xl bg-secondary px-3 py-1.5 text-sm"
                >
                  {t.acts.companyZip}
                </button>
                <button
                  type="button"
                  disabled={isBusy || list.items.length === 0}
                  onClick={() => void markAllSent()}
                  className="rounded-xl bg-secondary px-3 py-1.5 text-sm disabled:opacity-50"
                  data-testid="acts-mark-all"
                >
                  {t.acts.markAllSent}
                </button>
              </div>
            </div>
          )}
          {list.items.length === 0 ? (
            <p className="py-10 text-center text-sm text-hint">{t.acts.empty}</p>
          ) : (
            <ul className="space-y-2" data-testid="acts-list">
              {list.items.map((act) => (
                <ActCard
                  key={act.house.id}
                  act={act}
                  month={list.month}
                  isBusy={isBusy}
                  onToggle={(item) => void toggle(item)}
                />
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
