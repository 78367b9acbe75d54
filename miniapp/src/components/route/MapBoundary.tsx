import { Component, type ReactNode } from "react";
import { t } from "../../i18n/ru.ts";

/** If the map's chunk cannot load (offline) or Leaflet throws, the page keeps its list and says so. */
export class MapBoundary extends Component<{ children: ReactNode }, { hasFailed: boolean }> {
  override state = { hasFailed: false };

  static getDerivedStateFromError() {
    return { hasFailed: true };
  }

  override render() {
    if (!this.state.hasFailed) return this.props.children;
    return (
      <p role="status" className="rounded-2xl bg-section p-3 text-sm text-hint" data-testid="map-failed">
        {t.logistics.mapFailed}
      </p>
    );
  }
}
