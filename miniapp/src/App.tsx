import { lazy, Suspense, useEffect, useState } from "react";
import { BrowserRouter, Navigate, Route, Routes, useLocation } from "react-router";
import { AppShell } from "./components/AppShell.tsx";
import { ErrorBoundary } from "./components/ErrorBoundary.tsx";
import { NoAccess } from "./components/NoAccess.tsx";
import { PageSkeleton } from "./components/Skeleton.tsx";
import { type ApiError, apiGet, onAccessDenied } from "./lib/api-client.ts";
import { afterFirstScreenIdle } from "./lib/idle.ts";
import { afterFirstData } from "./lib/preload.ts";
import { prepareLaterScreens } from "./lib/service-worker.ts";
import { startVisitQueueSender } from "./lib/visit-queue.ts";
import { SECTIONS } from "./lib/sections.ts";
import type { Me } from "./lib/types.ts";

// Each section's page is its own chunk, created once: the first load carries only the shell and the open page.
const PAGES = SECTIONS.map((section) => ({ section, Page: lazy(section.load) }));

/** An old path (the original system's /ai, /training) opens the section's page, keeping the query and hash. */
function AliasRedirect({ to }: { to: string }) {
  const { search, hash } = useLocation();
  return <Navigate to={`${to}${search}${hash}`} replace />;
}

export function App() {
  const [me, setMe] = useState<Me>();
  const [denied, setDenied] = useState<ApiError>();

  useEffect(() => {
    const unsubscribe = onAccessDenied(setDenied);
    // Who am I waits for the page's own data: the first screen needs one round trip, and the badge can come later.
    void afterFirstData().then(() => apiGet<Me>("/api/me").then(setMe, () => undefined));
    void afterFirstScreenIdle().then(() => prepareLaterScreens());
    // Visit taps queued without signal go out once the first screen is in, and whenever the network comes back.
    let isActive = true;
    let stopSender: (() => void) | undefined;
    void afterFirstData().then(() => {
      if (isActive) stopSender = startVisitQueueSender();
    });
    return () => {
      isActive = false;
      unsubscribe();
      stopSender?.();
    };
  }, []);

  if (denied) return <NoAccess message={denied.message} />;
  return (
    <ErrorBoundary>
      <BrowserRouter>
        <Routes>
          <Route element={<AppShell isDemo={me?.isDemo ?? false} />}>
            {PAGES.map(({ section, Page }) => (
              <Route
                key={section.path}
                path={section.path}
                element={
                  <Suspense fallback={<PageSkeleton />}>
                    <Page />
                  </Suspense>
                }
              />
            ))}
            {SECTIONS.flatMap((section) =>
              (section.aliases ?? []).map((alias) => (
                <Route key={alias} path={alias} element={<AliasRedirect to={section.path} />} />
              )),
            )}
            <Route path="*" element={<Navigate to="/dashboard" replace />} />
          </Route>
        </Routes>
      </BrowserRouter>
    </ErrorBoundary>
  );
}
