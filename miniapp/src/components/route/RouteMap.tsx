// The route on an OpenStreetMap map. Its own chunk with Leaflet inside, loaded only when a route is on screen;
// when the tiles cannot load (no internet to OSM) the numbered markers still draw and the page says so.
import L from "leaflet";
import "leaflet/dist/leaflet.css";
import "./route-map.css";
import { useEffect, useRef, useState } from "react";
import { t } from "../../i18n/ru.ts";
import type { RouteResponse } from "../../../../api/src/modules/logistics/logistics.schemas.ts";

const TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";
const ROUTE_COLOUR = "#2481cc";

export interface RouteMapProps {
  route: RouteResponse;
}

export default function RouteMap({ route }: RouteMapProps) {
  const container = useRef<HTMLDivElement>(null);
  const [isTilesFailed, setTilesFailed] = useState(false);

  useEffect(() => {
    if (!container.current || route.stops.length === 0) return;
    const map = L.map(container.current, { attributionControl: true, scrollWheelZoom: false });
    // OpenStreetMap's attribution is required; Leaflet's own prefix is not, and the bar is narrow on a phone.
    map.attributionControl.setPrefix(false);
    let loaded = 0;
    let failed = 0;
    const tiles = L.tileLayer(TILES, { maxZoom: 19, attribution: "© OpenStreetMap" });
    tiles.on("tileload", () => {
      loaded += 1;
      setTilesFailed(false);
    });
    tiles.on("tileerror", () => {
      failed += 1;
      if (loaded === 0 && failed >= 2) setTilesFailed(true);
    });
    tiles.addTo(map);
    const stops = route.stops.map((stop) => L.latLng(stop.lat, stop.lon));
    const start = route.start ? L.latLng(route.start.lat, route.start.lon) : undefined;
    const line = [...(start ? [start] : []), ...stops, ...(start && route.returnsToStart ? [start] : [])];
    L.polyline(line, { color: ROUTE_COLOUR, weight: 3, opacity: 0.8 }).addTo(map);
    if (start)
      L.circleMarker(start, { radius: 6, color: ROUTE_COLOUR, fillOpacity: 1 })
        .bindTooltip(route.start!.label)
        .addTo(map);
    route.stops.forEach((stop, index) => {
      // The icon's HTML is the stop's number only; the address goes in as the title attribute, never as markup.
      const icon = L.divIcon({ className: "route-marker", html: String(index + 1), iconSize: [24, 24] });
      L.marker(stops[index]!, { icon, title: stop.address, alt: `${index + 1}. ${stop.address}` }).addTo(map);
    });
    map.fitBounds(L.latLngBounds(line), { padding: [24, 24] });
    return () => {
      map.remove();
    };
  }, [route]);

  return (
    <section aria-label={t.logistics.map} className="overflow-hidden rounded-2xl bg-section">
      <div ref={container} className="h-64 w-full" data-testid="route-map" />
      {isTilesFailed && (
        <p role="status" className="px-3 py-2 text-xs text-hint" data-testid="tiles-failed">
          {t.logistics.tilesFailed}
        </p>
      )}
    </section>
  );
}
