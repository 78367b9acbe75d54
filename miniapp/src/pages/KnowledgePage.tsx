import { type ChangeEvent, type FormEvent, type ReactNode, useEffect, useRef, useState } from "react";
import { ErrorState } from "../components/ErrorState.tsx";
import { Skeleton } from "../components/Skeleton.tsx";
import { t } from "../i18n/ru.ts";
import { apiGet, apiSend, apiUpload, toApiError, toQuery } from "../lib/api-client.ts";
import { parseSnippet } from "../lib/highlight.ts";
import { hapticTap, reportFirstScreen } from "../lib/platform.ts";
import type { KnowledgeDocument, KnowledgeDocumentList, KnowledgeSearch, Me } from "../lib/types.ts";
import { useApi } from "../lib/use-api.ts";
import type { z } from "zod";
import type { ocrJob, ocrJobList, ocrJobResponse } from "../../../api/src/modules/knowledge/ocr/ocr.schemas.ts";
import { useIsOffline } from "../lib/use-offline.ts";

type OcrJob = z.infer<typeof ocrJob>;

const SEARCH_LIMIT = 20;
const ACCEPT = ".pdf,.docx,.xlsx,.txt,.md,.csv,.jpg,.jpeg,.png,.webp,image/jpeg,image/png,image/webp";
/** How often a scan being recognised is asked for its progress. */
const OCR_POLL_MS = 1500;
const OCR_TEXT = {
  cancel: "Отменить",
  recognised: (name: string) => `«${name}» распознан — проверьте текст в «Что понял ИИ» и сохраните`,
  uploadHint: "Сканы и фото документов (JPEG, PNG, WebP) распознаются — это занимает до минуты на страницу.",
};

/**
 * Scans and photos being recognised on the server: asks for each one's progress («распознаю 3/12») until it ends,
 * then reports the outcome (`onEnded`) so the pending list can be reloaded.
 */
function useOcrJobs(onEnded: (job: OcrJob) => void) {
  const [jobs, setJobs] = useState<OcrJob[]>([]);
  const ended = useRef(onEnded);
  const current = useRef(jobs);
  useEffect(() => {
    ended.current = onEnded;
    current.current = jobs;
  });

  useEffect(() => {
    const controller = new AbortController();
    apiGet<z.infer<typeof ocrJobList>>("/api/knowledge/ocr-jobs", controller.signal).then(
      (list) =>
        setJobs((current) => [...current, ...list.items.filter((job) => !current.some((c) => c.id === job.id))]),
      () => undefined,
    );
    return () => controller.abort();
  }, []);

  const isActive = jobs.length > 0;
  useEffect(() => {
    if (!isActive) return;
    const controller = new AbortController();
    const timer = setInterval(() => {
      for (const job of current.current) {
        apiGet<z.infer<typeof ocrJobResponse>>(`/api/knowledge/ocr-jobs/${job.id}`, controller.signal).then(
          ({ ocrJob: next }) => {
            const isOver = next.status !== "queued" && next.status !== "running";
            if (isOver && !current.current.some((j) => j.id === next.id)) return; // already reported (cancelled here)
            setJobs((latest) =>
              isOver ? latest.filter((j) => j.id !== next.id) : latest.map((j) => (j.id === next.id ? next : j)),
            );
            if (isOver) ended.current(next);
          },
          () => undefined,
        );
      }
    }, OCR_POLL_MS);
    return () => {
      clearInterval(timer);
      controller.abort();
    };
  }, [isActive]);

  return {
    jobs,
    add: (job: OcrJob) => setJobs((current) => (current.some((j) => j.id === job.id) ? current : [...current, job])),
    cancel: async (job: OcrJob) => {
      const { ocrJob: next } = await apiSend<z.infer<typeof ocrJobResponse>>(
        "POST",
        `/api/knowledge/ocr-jobs/${job.id}/cancel`,
      );
      setJobs((latest) => latest.filter((j) => j.id !== next.id));
      return next;
    },
  };
}

/** A snippet with its <b> matches highlighted, rendered as text (never as HTML). */
function Snippet({ snippet }: { snippet: string }) {
  return (
    <p className="mt-1 text-sm" data-testid="search-snippet">
      {parseSnippet(snippet).map((part, index) =>
        part.isHighlight ? (
          <mark key={index} className="rounded bg-progress/25 px-0.5 font-semibold text-text">
            {part.text}
          </mark>
        ) : (
          <span key={index}>{part.text}</span>
        ),
      )}
    </p>
  );
}

function DocumentRow({ document, children }: { document: KnowledgeDocument; children?: ReactNode }) {
  return (
    <li className="rounded-2xl bg-section p-3" data-testid="knowledge-document">
      <p className="text-sm font-medium">{document.title}</p>
      <p className="text-xs text-hint">
        {document.fileName}
        {document.pageCount ? ` · ${t.knowledge.pages(document.pageCount)}` : ""}
        {document.version > 1 ? ` · ${t.knowledge.version(document.version)}` : ""}
      </p>
      {document.summary.text && <p className="mt-1 line-clamp-3 text-xs text-hint">{document.summary.text}</p>}
      {children}
    </li>
  );
}

/** Upload and the pending list: office work (admin and managers). */
function OfficeTools({ onConfirmed }: { onConfirmed: () => void }) {
  // Uploads and decisions need the server: without signal the buttons wait.
  const isOffline = useIsOffline();
  const pending = useApi<KnowledgeDocumentList>("/api/knowledge/pending");
  const [isBusy, setBusy] = useState(false);
  const [notice, setNotice] = useState<{ text: string; isError: boolean }>();
  const input = useRef<HTMLInputElement>(null);
  const ocr = useOcrJobs((job) => {
    pending.reload();
    setNotice(
      job.status === "done"
        ? { text: OCR_TEXT.recognised(job.fileName), isError: false }
        : { text: job.progress, isError: job.status === "failed" },
    );
  });

  async function run(action: () => Promise<string>) {
    setBusy(true);
    setNotice(undefined);
    try {
      setNotice({ text: await action(), isError: false });
    } catch (caught) {
      setNotice({ text: toApiError(caught).message, isError: true });
    } finally {
      setBusy(false);
    }
  }

  function onFile(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    event.target.value = "";
    if (!file) return;
    hapticTap();
    void run(async () => {
      const uploaded = await apiUpload<KnowledgeDocument | z.infer<typeof ocrJobResponse>>(
        "/api/knowledge/upload",
        file,
        file.name,
      );
      // A scan or a photo (202) is recognised in the background; its progress shows below the button.
      if ("ocrJob" in uploaded) {
        ocr.add(uploaded.ocrJob);
        return `«${uploaded.ocrJob.fileName}»: ${uploaded.ocrJob.progress}`;
      }
      pending.reload();
      return t.knowledge.uploaded(uploaded.title);
    });
  }

  const decide = (document: KnowledgeDocument, decision: "confirm" | "reject") =>
    run(async () => {
      await apiSend("POST", `/api/knowledge/${decision}`, { id: document.id });
      pending.reload();
      if (decision === "confirm") onConfirmed();
      return decision === "confirm" ? t.knowledge.confirmed(document.title) : t.knowledge.rejected;
    });

  return (
    <section className="space-y-2" data-testid="knowledge-office">
      <div className="rounded-2xl bg-section p-3">
        <input
          ref={input}
          type="file"
          accept={ACCEPT}
          onChange={onFile}
          className="hidden"
          data-testid="knowledge-file"
        />
        <button
          type="button"
          disabled={isBusy || isOffline}
          onClick={() => input.current?.click()}
          className="w-full rounded-xl bg-button py-2 text-sm font-medium text-button-text disabled:opacity-50"
        >
          {isBusy ? t.knowledge.uploading : t.knowledge.upload}
        </button>
        <p className="mt-1 text-xs text-hint">{t.knowledge.uploadHint}</p>
        <p className="mt-1 text-xs text-hint">{OCR_TEXT.uploadHint}</p>
        {ocr.jobs.length > 0 && (
          <ul className="mt-2 space-y-1" data-testid="knowledge-ocr-jobs">
            {ocr.jobs.map((job) => (
              <li
                key={job.id}
                className="flex items-center gap-2 text-sm"
                role="status"
                data-testid="knowledge-ocr-job"
              >
                <span className="min-w-0 flex-1 truncate">
                  🔎 «{job.fileName}»: {job.progress}
                </span>
                <button
                  type="button"
                  onClick={() => void run(async () => (await ocr.cancel(job)).progress)}
                  className="rounded-lg bg-secondary px-2 py-0.5 text-xs text-destructive"
                >
                  {OCR_TEXT.cancel}
                </button>
              </li>
            ))}
          </ul>
        )}
        {notice && (
          <p
            role={notice.isError ? "alert" : "status"}
            data-testid="knowledge-notice"
            className={`mt-2 text-sm ${notice.isError ? "text-destructive" : "text-done"}`}
          >
            {notice.text}
          </p>
        )}
      </div>
      <h2 className="px-1 text-sm font-semibold text-hint">{t.knowledge.pending}</h2>
      {pending.error ? (
        <ErrorState message={pending.error.message} onRetry={pending.reload} />
      ) : !pending.data ? (
        <Skeleton className="h-16" />
      ) : pending.data.items.length === 0 ? (
        <p className="px-1 text-sm text-hint">{t.knowledge.noPending}</p>
      ) : (
        <ul className="space-y-2" data-testid="knowledge-pending">
          {pending.data.items.map((document) => (
            <DocumentRow key={document.id} document={document}>
              <div className="mt-2 flex gap-2">
                <button
                  type="button"
                  disabled={isBusy || isOffline}
                  onClick={() => void decide(document, "confirm")}
                  className="flex-1 rounded-xl bg-button py-1.5 text-sm font-medium text-button-text disabled:opacity-50"
                >
                  {t.knowledge.confirm}
                </button>
                <button
                  type="button"
                  disabled={isBusy || isOffline}
                  onClick={() => void decide(document, "reject")}
                  className="flex-1 rounded-xl bg-secondary py-1.5 text-sm font-medium text-destructive disabled:opacity-50"
                >
                  {t.knowledge.reject}
                </button>
              </div>
            </DocumentRow>
          ))}
        </ul>
      )}
    </section>
  );
}

export default function KnowledgePage() {
  const me = useApi<Me>("/api/me", { isCached: true });
  const documents = useApi<KnowledgeDocumentList>("/api/knowledge/documents");
  const [draft, setDraft] = useState("");
  const [query, setQuery] = useState<string>();
  const search = useApi<KnowledgeSearch>(
    query ? `/api/knowledge/search${toQuery({ q: query, limit: SEARCH_LIMIT })}` : null,
  );
  const isOffice = me.data?.role === "admin" || me.data?.role === "manager";

  useEffect(() => {
    if (documents.data || documents.error) reportFirstScreen();
  }, [documents.data, documents.error]);

  function onSearch(event: FormEvent) {
    event.preventDefault();
    const text = draft.trim();
    if (text) setQuery(text);
  }

  return (
    <div className="space-y-4 p-4" data-testid="knowledge-page">
      <form onSubmit={onSearch} role="search" className="flex gap-2">
        <label className="sr-only" htmlFor="knowledge-query">
          {t.knowledge.searchLabel}
        </label>
        <input
          id="knowledge-query"
          type="search"
          value={draft}
          onChange={(event) => setDraft(event.target.value)}
          placeholder={t.knowledge.searchPlaceholder}
          className="min-w-0 flex-1 rounded-xl bg-section px-3 py-2 text-sm outline-none"
        />
        <button type="submit" className="rounded-xl bg-button px-4 text-sm font-medium text-button-text">
          {t.knowledge.search}
        </button>
      </form>

      {query &&
        (search.error ? (
          <ErrorState message={search.error.message} onRetry={search.reload} />
        ) : !search.data || search.isLoading ? (
          <Skeleton className="h-24" />
        ) : search.data.items.length === 0 ? (
          <p className="px-1 text-sm text-hint" data-testid="search-empty">
            {t.knowledge.noResults}
          </p>
        ) : (
          <section className="space-y-2">
            <p className="px-1 text-xs text-hint">{t.knowledge.results(search.data.items.length)}</p>
            <ul className="space-y-2" data-testid="search-results">
              {search.data.items.map((hit) => (
                <li key={hit.chunkId} className="rounded-2xl bg-section p-3" data-testid="search-hit">
                  <p className="text-sm font-medium">
                    {hit.title} <span className="text-xs font-normal text-hint">· {hit.label}</span>
                  </p>
                  <Snippet snippet={hit.snippet} />
                </li>
              ))}
            </ul>
          </section>
        ))}

      {isOffice && <OfficeTools onConfirmed={documents.reload} />}

      <section className="space-y-2">
        <h2 className="px-1 text-sm font-semibold text-hint">{t.knowledge.documents}</h2>
        {documents.error ? (
          <ErrorState message={documents.error.message} onRetry={documents.reload} />
        ) : !documents.data ? (
          <Skeleton className="h-16" />
        ) : documents.data.items.length === 0 ? (
          <p className="px-1 text-sm text-hint">{t.knowledge.noDocuments}</p>
        ) : (
          <ul className="space-y-2" data-testid="knowledge-documents">
            {documents.data.items.map((document) => (
              <DocumentRow key={document.id} document={document} />
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
