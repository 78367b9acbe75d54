import { Outlet, useLocation } from "react-router";
import { t } from "../i18n/ru.ts";
import { sectionOf } from "../lib/sections.ts";
import { BottomNav } from "./BottomNav.tsx";
import { OfflineNote } from "./OfflineNote.tsx";

/** The frame of every page: a title row, the content and the bottom navigation, inside the safe areas. */
export function AppShell({ isDemo }: { isDemo: boolean }) {
  const { pathname } = useLocation();
  return (
    <div className="safe-top min-h-screen bg-secondary pb-20 text-text">
      <header className="flex items-center justify-between bg-bg px-4 pt-3">
        <h1 className="text-lg font-semibold">{sectionOf(pathname)?.title ?? t.appTitle}</h1>
        {isDemo && (
          <span
            className="rounded-full bg-progress/15 px-2.5 py-0.5 text-xs font-medium text-progress"
            data-testid="demo-badge"
          >
            {t.demoBadge}
          </span>
        )}
      </header>
      <OfflineNote />
      <Outlet />
      <BottomNav />
    </div>
  );
}
