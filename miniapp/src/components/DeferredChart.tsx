import { Component, type ReactNode, Suspense, useEffect, useRef, useState } from "react";
import { t } from "../i18n/ru.ts";
import { Skeleton } from "./Skeleton.tsx";

/**
 * Holds a lazy chart back until the numbers above it have been painted and it is near the screen: recharts is
 * ~120 KB gzip, and on one bar of signal it must not share the line with the first screen. If its chunk cannot
 * load (no network), the area says so calmly and the page stays as it is.
 */
export function DeferredChart({ children, testId }: { children: ReactNode; testId: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const [isWanted, setWanted] = useState(false);

  useEffect(() => {
    let observer: IntersectionObserver | undefined;
    // Two frames: the first data paint has happened by the second.
    let frame = requestAnimationFrame(() => {
      frame = requestAnimationFrame(() => {
        const element = ref.current;
        if (!element || typeof IntersectionObserver === "undefined") return setWanted(true);
        observer = new IntersectionObserver(
          (entries) => {
            if (entries.some((entry) => entry.isIntersecting)) {
              setWanted(true);
              observer?.disconnect();
            }
          },
          { rootMargin: "200px 0px" },
        );
        observer.observe(element);
      });
    });
    return () => {
      cancelAnimationFrame(frame);
      observer?.disconnect();
    };
  }, []);

  const placeholder = <Skeleton className="h-56" />;
  return (
    <div ref={ref} data-testid={testId}>
      {isWanted ? (
        <ChartBoundary>
          <Suspense fallback={placeholder}>{children}</Suspense>
        </ChartBoundary>
      ) : (
        placeholder
      )}
    </div>
  );
}

/** A chart whose code did not arrive shows a placeholder with a note, not the app's error screen. */
class ChartBoundary extends Component<{ children: ReactNode }, { hasFailed: boolean }> {
  override state = { hasFailed: false };

  static getDerivedStateFromError() {
    return { hasFailed: true };
  }

  override componentDidCatch(error: unknown): void {
    console.warn("chart not loaded", error);
  }

  override render() {
    if (!this.state.hasFailed) return this.props.children;
    return (
      <div
        className="flex h-56 items-center justify-center rounded-xl bg-hint/10 px-6 text-center text-sm text-hint"
        data-testid="chart-placeholder"
      >
        {t.dashboard.chartUnavailable}
      </div>
    );
  }
}
