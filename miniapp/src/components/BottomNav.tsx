import { NavLink } from "react-router";
import { t } from "../i18n/ru.ts";
import { hapticSelection } from "../lib/platform.ts";

// Only pages that work are listed; later pages (meetings, logistics) join here. Five items fit a 390 px phone:
// labels are 11 px and never wrap.
const ITEMS = [
  { to: "/dashboard", label: t.nav.dashboard, icon: "M4 13h6V4H4v9Zm0 7h6v-5H4v5Zm10 0h6v-9h-6v9Zm0-16v5h6V4h-6Z" },
  { to: "/works", label: t.nav.works, icon: "M3 11 12 4l9 7v9a1 1 0 0 1-1 1h-5v-6H9v6H4a1 1 0 0 1-1-1v-9Z" },
  { to: "/assistant", label: t.nav.assistant, icon: "M4 4h16a1 1 0 0 1 1 1v11a1 1 0 0 1-1 1H9l-5 4v-4H4a1 1 0 0 1-1-1V5a1 1 0 0 1 1-1Zm4 6.5a1.5 1.5 0 1 0 0-.01Zm4 0a1.5 1.5 0 1 0 0-.01Zm4 0a1.5 1.5 0 1 0 0-.01Z" },
  { to: "/knowledge", label: t.nav.knowledge, icon: "M12 3 1 9l11 6 9-4.9V17h2V9L12 3ZM5 13.2v4L12 21l7-3.8v-4L12 17l-7-3.8Z" },
  { to: "/tasks", label: t.nav.tasks, icon: "M12 22a2 2 0 0 0 2-2h-4a2 2 0 0 0 2 2Zm6-6V11a6 6 0 0 0-5-5.9V4a1 1 0 0 0-2 0v1.1A6 6 0 0 0 6 11v5l-2 2v1h16v-1l-2-2Z" },
];

export function BottomNav() {
  return (
    <nav className="safe-bottom fixed inset-x-0 bottom-0 z-20 border-t border-separator bg-bg" aria-label={t.nav.label}>
      <ul className="mx-auto flex max-w-xl">
        {ITEMS.map((item) => (
          <li key={item.to} className="min-w-0 flex-1">
            <NavLink
              to={item.to}
              onClick={hapticSelection}
              className={({ isActive }) => `flex flex-col items-center gap-0.5 px-0.5 py-2 text-[11px] leading-tight ${isActive ? "text-accent" : "text-hint"}`}
            >
              <svg viewBox="0 0 24 24" className="h-6 w-6" fill="currentColor" aria-hidden>
                <path d={item.icon} />
              </svg>
              <span className="max-w-full truncate">{item.label}</span>
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
