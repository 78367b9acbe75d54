import { useCallback, useEffect, useLayoutEffect, useRef, useState } from "react";
import { NavLink, useLocation } from "react-router";
import { t } from "../i18n/ru.ts";
import { hapticSelection } from "../lib/platform.ts";
import { BAR_SLOTS, type Section, SECTIONS, sectionOf, splitSections } from "../lib/sections.ts";
import { Modal } from "./Modal.tsx";

const MORE_ICON =
  "M6 10a2 2 0 1 0 0 4 2 2 0 0 0 0-4Zm6 0a2 2 0 1 0 0 4 2 2 0 0 0 0-4Zm6 0a2 2 0 1 0 0 4 2 2 0 0 0 0-4Z";
// Items take their label's width plus an equal share of the rest, and a label never wraps or shrinks: with
// Debian's DejaVu Sans «Напоминания» is 79 px at 11 px, wider than a fifth of a 390 px phone.
const ITEM =
  "flex h-full min-h-11 flex-col items-center justify-center gap-0.5 px-1 py-2 text-[11px] leading-tight whitespace-nowrap";

function Icon({ path }: { path: string }) {
  return (
    <svg viewBox="0 0 24 24" className="h-6 w-6" fill="currentColor" aria-hidden>
      <path d={path} />
    </svg>
  );
}

/**
 * The bottom navigation: up to BAR_SLOTS sections whole, the rest in the «Ещё» sheet. On a screen too narrow for
 * them (a folded phone's cover screen) trailing sections move to the sheet rather than have their labels cut.
 */
export function BottomNav({ sections = SECTIONS }: { sections?: readonly Section[] }) {
  const [slots, setSlots] = useState(BAR_SLOTS);
  const [width, setWidth] = useState(() => window.innerWidth);
  const [isSheetOpen, setSheetOpen] = useState(false);
  const listRef = useRef<HTMLUListElement>(null);
  const { pathname } = useLocation();
  const { bar, more } = splitSections(sections, slots);
  const active = sectionOf(pathname, sections);
  const isMoreActive = active !== undefined && more.includes(active);
  const closeSheet = useCallback(() => setSheetOpen(false), []);

  // Measured after layout, before paint: one section fewer until the bar fits.
  useLayoutEffect(() => {
    const list = listRef.current;
    if (list && list.scrollWidth > list.clientWidth + 1 && slots > 1) setSlots(slots - 1);
  }, [slots, width]);
  useEffect(() => {
    const refit = () => {
      setWidth(window.innerWidth);
      setSlots(BAR_SLOTS);
    };
    window.addEventListener("resize", refit);
    return () => window.removeEventListener("resize", refit);
  }, []);

  const colour = (isActive: boolean) => (isActive ? "text-accent" : "text-hint");
  return (
    <>
      <nav
        className="safe-bottom fixed inset-x-0 bottom-0 z-20 border-t border-separator bg-bg"
        aria-label={t.nav.label}
      >
        <ul ref={listRef} className="mx-auto flex max-w-xl overflow-x-auto">
          {bar.map((section) => (
            <li key={section.path} className="flex-auto">
              <NavLink
                to={section.path}
                onClick={hapticSelection}
                className={({ isActive }) => `${ITEM} ${colour(isActive)}`}
              >
                <Icon path={section.icon} />
                <span>{section.label}</span>
              </NavLink>
            </li>
          ))}
          {more.length > 0 && (
            <li className="flex-auto">
              <button
                type="button"
                aria-haspopup="dialog"
                aria-expanded={isSheetOpen}
                onClick={() => {
                  hapticSelection();
                  setSheetOpen(true);
                }}
                className={`${ITEM} w-full ${colour(isMoreActive)}`}
              >
                <Icon path={MORE_ICON} />
                <span>{t.nav.more}</span>
              </button>
            </li>
          )}
        </ul>
      </nav>
      {isSheetOpen && (
        <Modal title={t.nav.more} onClose={closeSheet} testId="more-sheet">
          <ul className="divide-y divide-separator">
            {more.map((section) => (
              <li key={section.path}>
                <NavLink
                  to={section.path}
                  onClick={() => {
                    hapticSelection();
                    closeSheet();
                  }}
                  className={({ isActive }) => `flex min-h-12 items-center gap-3 py-3 ${isActive ? "text-accent" : ""}`}
                >
                  <Icon path={section.icon} />
                  <span>{section.title}</span>
                </NavLink>
              </li>
            ))}
          </ul>
        </Modal>
      )}
    </>
  );
}
