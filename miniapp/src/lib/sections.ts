// The mini-app's sections, in the order the bottom navigation shows them: routes, page titles, the nav and its
// «Ещё» sheet all read this one list. A new page is one line here (its route appears with it). No React import:
// the start-up chunk reads this list too, and must not wait for React's chunk.
import type { ComponentType } from "react";
import { t } from "../i18n/ru.ts";

export interface Section {
  /** The page's own path. */
  path: string;
  /** Other paths that open the same page (the original system's links). */
  aliases?: readonly string[];
  /** Short label under the icon in the bottom bar. */
  label: string;
  /** The page's heading. */
  title: string;
  /** A 24×24 SVG path. */
  icon: string;
  /** The page's code chunk (each page is its own chunk: the first load carries only the open one). */
  load: () => Promise<{ default: ComponentType }>;
}

export const SECTIONS: readonly Section[] = [
  {
    path: "/dashboard",
    label: t.nav.dashboard,
    title: t.dashboard.title,
    icon: "M4 13h6V4H4v9Zm0 7h6v-5H4v5Zm10 0h6v-9h-6v9Zm0-16v5h6V4h-6Z",
    load: () => import("../pages/DashboardPage.tsx"),
  },
  {
    path: "/works",
    label: t.nav.works,
    title: t.works.title,
    icon: "M3 11 12 4l9 7v9a1 1 0 0 1-1 1h-5v-6H9v6H4a1 1 0 0 1-1-1v-9Z",
    load: () => import("../pages/WorksPage.tsx"),
  },
  {
    path: "/assistant",
    aliases: ["/ai"],
    label: t.nav.assistant,
    title: t.assistant.title,
    icon: "M4 4h16a1 1 0 0 1 1 1v11a1 1 0 0 1-1 1H9l-5 4v-4H4a1 1 0 0 1-1-1V5a1 1 0 0 1 1-1Zm4 6.5a1.5 1.5 0 1 0 0-.01Zm4 0a1.5 1.5 0 1 0 0-.01Zm4 0a1.5 1.5 0 1 0 0-.01Z",
    load: () => import("../pages/AssistantPage.tsx"),
  },
  {
    path: "/knowledge",
    aliases: ["/training"],
    label: t.nav.knowledge,
    title: t.knowledge.title,
    icon: "M12 3 1 9l11 6 9-4.9V17h2V9L12 3ZM5 13.2v4L12 21l7-3.8v-4L12 17l-7-3.8Z",
    load: () => import("../pages/KnowledgePage.tsx"),
  },
  {
    path: "/tasks",
    label: t.nav.tasks,
    title: t.tasks.title,
    icon: "M12 22a2 2 0 0 0 2-2h-4a2 2 0 0 0 2 2Zm6-6V11a6 6 0 0 0-5-5.9V4a1 1 0 0 0-2 0v1.1A6 6 0 0 0 6 11v5l-2 2v1h16v-1l-2-2Z",
    load: () => import("../pages/TasksPage.tsx"),
  },
  {
    path: "/logistics",
    label: t.logistics.nav,
    title: t.logistics.title,
    icon: "M12 2a7 7 0 0 0-7 7c0 5.2 7 13 7 13s7-7.8 7-13a7 7 0 0 0-7-7Zm0 9.5a2.5 2.5 0 1 1 0-5 2.5 2.5 0 0 1 0 5Z",
    load: () => import("../pages/LogisticsPage.tsx"),
  },
  {
    path: "/acts",
    label: t.acts.nav,
    title: t.acts.title,
    icon: "M6 2h9l5 5v13a2 2 0 0 1-2 2H6a2 2 0 0 1-2-2V4a2 2 0 0 1 2-2Zm8 1.5V8h4.5L14 3.5ZM8 12h8v1.5H8V12Zm0 3.5h8V17H8v-1.5Z",
    load: () => import("../pages/ActsPage.tsx"),
  },
  {
    path: "/meetings",
    label: t.meetings.nav,
    title: t.meetings.title,
    icon: "M12 14a3 3 0 0 0 3-3V5a3 3 0 0 0-6 0v6a3 3 0 0 0 3 3Zm5-3a5 5 0 0 1-10 0H5a7 7 0 0 0 6 6.9V21h2v-3.1A7 7 0 0 0 19 11h-2Z",
    load: () => import("../pages/MeetingsPage.tsx"),
  },
  // Coming: { path: "/meetings", label: "Планёрка", ... }, { path: "/logistics", label: "Маршрут", ... },
  // { path: "/acts", label: "Акты", ... }: past the fifth, sections go to the «Ещё» sheet by themselves.
];

/** At most this many sections in the bar on a phone; the rest open from «Ещё». */
export const BAR_SLOTS = 5;

/** The section a path belongs to (its own path or an alias), if any. */
export function sectionOf(pathname: string, sections: readonly Section[] = SECTIONS): Section | undefined {
  return sections.find((section) => section.path === pathname || (section.aliases ?? []).includes(pathname));
}

/** Splits the sections between the bar (`slots` of them when all do not fit) and the «Ещё» sheet. */
export function splitSections(sections: readonly Section[], slots: number): { bar: Section[]; more: Section[] } {
  const count = Math.max(1, Math.min(slots, sections.length));
  if (sections.length <= count) return { bar: [...sections], more: [] };
  return { bar: sections.slice(0, count), more: sections.slice(count) };
}
