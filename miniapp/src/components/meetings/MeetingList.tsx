import { useState } from "react";
import type { MeetingListItem } from "../../../../api/src/modules/meetings/meetings.schemas.ts";
import { t } from "../../i18n/ru.ts";
import { toQuery } from "../../lib/api-client.ts";
import { formatDateTime } from "../../lib/dates.ts";
import { useApi } from "../../lib/use-api.ts";
import { Skeleton } from "../Skeleton.tsx";

/** Past meetings, newest first, with Russian full-text search over their transcripts. */
export function MeetingList({ onOpen, version }: { onOpen: (id: number) => void; version: number }) {
  const [search, setSearch] = useState("");
  const [query, setQuery] = useState("");
  const list = useApi<{ items: MeetingListItem[]; total: number }>(
    `/api/meetings${toQuery({ search: query, v: version || undefined })}`,
  );
  return (
    <section className="mt-4">
      <h2 className="px-1 text-sm font-semibold">{t.meetings.past}</h2>
      <form
        className="mt-2"
        onSubmit={(event) => {
          event.preventDefault();
          setQuery(search.trim());
        }}
      >
        <input
          type="search"
          value={search}
          onChange={(event) => setSearch(event.target.value)}
          placeholder={t.meetings.search}
          className="w-full rounded-xl bg-section px-3 py-2 text-sm"
          data-testid="meeting-search"
        />
      </form>
      {list.isLoading && !list.data && <Skeleton className="mt-2 h-16" />}
      {list.error && <p className="mt-2 text-sm text-missed">{list.error.message}</p>}
      {list.data && list.data.items.length === 0 && (
        <p className="mt-2 text-sm text-hint">{query ? t.meetings.notFound : t.meetings.empty}</p>
      )}
      <ul className="mt-2 space-y-2">
        {list.data?.items.map((item) => (
          <li key={item.id}>
            <button
              type="button"
              onClick={() => onOpen(item.id)}
              className="w-full rounded-2xl bg-section p-3 text-left"
              data-testid="meeting-item"
            >
              <p className="text-sm font-medium">{item.title}</p>
              <p className="text-xs text-hint">
                {formatDateTime(item.startedAt)} ·{" "}
                {t.meetings.minutes(Math.max(1, Math.round(item.durationMs / 60_000)))} ·{" "}
                {t.meetings.items(item.actionItemsCount)}
              </p>
              {item.snippet && <p className="mt-1 line-clamp-2 text-xs">{item.snippet}</p>}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
