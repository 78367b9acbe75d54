// The demo company's visits carry made-up file ids ("demo-photo-…") that Telegram never issued: the archive
// shows a drawn stand-in for them, so the demo's house cards and acts look like the real thing offline.

export const isDemoPhotoId = (fileId: string) => fileId.startsWith("demo-photo-");

const HUES = [200, 150, 30, 270, 340];

/** A 480×640 SVG picture of a stairwell labelled «Демо-фото» and the photo's id. */
export function demoPhoto(photoId: string): { bytes: Uint8Array; contentType: string } {
  const hue = HUES[[...photoId].reduce((sum, char) => sum + char.charCodeAt(0), 0) % HUES.length]!;
  const label = photoId.replace(/[^\d-]/g, "");
  const steps = Array.from(
    { length: 6 },
    (_, i) =>
      `<rect x="${60 + i * 50}" y="${520 - i * 60}" width="${360 - i * 50}" height="14" rx="3" fill="hsl(${hue} 25% ${40 + i * 5}%)"/>`,
  ).join("");
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="480" height="640" viewBox="0 0 480 640"><rect width="480" height="640" fill="hsl(${hue} 35% 88%)"/>${steps}<text x="240" y="120" font-family="sans-serif" font-size="40" text-anchor="middle" fill="hsl(${hue} 30% 30%)">Демо-фото</text><text x="240" y="170" font-family="sans-serif" font-size="24" text-anchor="middle" fill="hsl(${hue} 20% 40%)">${label}</text></svg>`;
  return { bytes: new TextEncoder().encode(svg), contentType: "image/svg+xml" };
}
