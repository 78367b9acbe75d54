import { lazy, Suspense, useEffect, useState } from "react";
import { BrowserRouter, Navigate, Route, Routes } from "react-router";
import { AppShell } from "./components/AppShell.tsx";
import { ErrorBoundary } from "./components/ErrorBoundary.tsx";
import { NoAccess } from "./components/NoAccess.tsx";
import { PageSkeleton } from "./components/Skeleton.tsx";
import { type ApiError, apiGet, onAccessDenied } from "./lib/api-client.ts";
import { afterFirstData } from "./lib/preload.ts";
import type { Me } from "./lib/types.ts";

// Each page is its own chunk: the first load carries only the shell and the page that is open.
const DashboardPage = lazy(() => import("./pages/DashboardPage.tsx"));
const WorksPage = lazy(() => import("./pages/WorksPage.tsx"));
const AssistantPage = lazy(() => import("./pages/AssistantPage.tsx"));
const KnowledgePage = lazy(() => import("./pages/KnowledgePage.tsx"));
const TasksPage = lazy(() => import("./pages/TasksPage.tsx"));


export function App() {
  const [me, setMe] = useState<Me>();
  const [denied, setDenied] = useState<ApiError>();

  useEffect(() => {
    const unsubscribe = onAccessDenied(setDenied);
    // Who am I waits for the page's own data: the first screen needs one round trip, and the badge can come later.
    void afterFirstData().then(() => apiGet<Me>("/api/me").then(setMe, () => undefined));
    return unsubscribe;
  }, []);

  if (denied) return <NoAccess message={denied.message} />;
  return (
    <ErrorBoundary>
      <BrowserRouter>
        <Routes>
          <Route element={<AppShell isDemo={me?.isDemo ?? false} />}>
            <Route
              path="/dashboard"
              element={
                <Suspense fallback={<PageSkeleton />}>
                  <DashboardPage />
                </Suspense>
              }
            />
            <Route
              path="/works"
              element={
                <Suspense fallback={<PageSkeleton />}>
                  <WorksPage />
                </Suspense>
              }
            />
            <Route
              path="/assistant"
              element={
                <Suspense fallback={<PageSkeleton />}>
                  <AssistantPage />
                </Suspense>
              }
            />
            <Route
              path="/knowledge"
              element={
                <Suspense fallback={<PageSkeleton />}>
                  <KnowledgePage />
                </Suspense>
              }
            />
            <Route
              path="/tasks"
              element={
                <Suspense fallback={<PageSkeleton />}>
                  <TasksPage />
                </Suspense>
              }
            />
            <Route path="*" element={<Navigate to="/dashboard" replace />} />
          </Route>
        </Routes>
      </BrowserRouter>
    </ErrorBoundary>
  );
}
