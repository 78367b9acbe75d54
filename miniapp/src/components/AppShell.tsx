import { Outlet } from "react-router";
import { t } from "../i18n/ru.ts";
import { BottomNav } from "./BottomNav.tsx";

/** The frame of every page: the content and the bottom navigation, inside the safe areas. */
export function AppShell({ isDemo }: { isDemo: boolean }) {
  return (
    <div className="safe-top min-h-screen bg-secondary pb-20 text-text">
      {isDemo && (
        <div className="fixed right-2 top-2 z-30 rounded-full bg-progress px-2.5 py-0.5 text-xs font-medium text-white shadow" data-testid="demo-badge">
          {t.demoBadge}
        </div>
      )}
      <Outlet />
      <BottomNav />
    </div>
  );
}
