import { NavLink } from "react-router";
import { t } from "../i18n/ru.ts";
import { hapticSelection } from "../lib/platform.ts";

// Only pages that work are listed; later pages (assistant, training, tasks, meetings, logistics) join here.
const ITEMS = [
  { to: "/dashboard", label: t.nav.dashboard, icon: "M4 13h6V4H4v9Zm0 7h6v-5H4v5Zm10 0h6v-9h-6v9Zm0-16v5h6V4h-6Z" },
  { to: "/works", label: t.nav.works, icon: "M3 11 12 4l9 7v9a1 1 0 0 1-1 1h-5v-6H9v6H4a1 1 0 0 1-1-1v-9Z" },
];

export function BottomNav() {
  return (
    <nav className="safe-bottom fixed inset-x-0 bottom-0 z-20 border-t border-separator bg-bg" aria-label={t.nav.label}>
      <ul className="mx-auto flex max-w-xl">
        {ITEMS.map((item) => (
          <li key={item.to} className="flex-1">
            <NavLink
              to={item.to}
              onClick={hapticSelection}
              className={({ isActive }) => `flex flex-col items-center gap-0.5 py-2 text-xs ${isActive ? "text-accent" : "text-hint"}`}
            >
              <svg viewBox="0 0 24 24" className="h-6 w-6" fill="currentColor" aria-hidden>
                <path d={item.icon} />
              </svg>
              {item.label}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
