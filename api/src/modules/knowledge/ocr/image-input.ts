// Photos and scanned pages on their way to Tesseract: recognised by their bytes, sized from the header before
// anything is decoded (a 20000×20000 PNG of a few kilobytes would otherwise take gigabytes), decoded by Skia
// (which applies the EXIF orientation a phone writes instead of turning the pixels), then greyed,
// contrast-stretched and scaled to what Tesseract reads best.
import { createCanvas, loadImage, type Canvas, type Image } from "@napi-rs/canvas";
import { imageSize } from "image-size";
import { ocrProblem } from "./ocr-errors.ts";

export type ImageFormat = "jpeg" | "png" | "webp" | "heic";
export type Rotation = 0 | 90 | 180 | 270;

/** A long side of about 3500 px is an A4 page at 300 dpi: more only slows Tesseract down. */
const MAX_LONG_SIDE = 3500;
/** Tesseract struggles with letters under ~20 px: small photos are enlarged up to this long side. */
const MIN_LONG_SIDE = 1600;

const ascii = (data: Uint8Array, start: number, end: number) =>
  Buffer.from(data.subarray(start, end)).toString("latin1");

/** The image format by magic bytes, or undefined when the bytes are not an image we know. */
export function sniffImage(data: Uint8Array): ImageFormat | undefined {
  if (data.length >= 3 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return "jpeg";
  if (data.length >= 8 && ascii(data, 1, 4) === "PNG" && data[0] === 0x89) return "png";
  if (data.length >= 12 && ascii(data, 0, 4) === "RIFF" && ascii(data, 8, 12) === "WEBP") return "webp";
  if (data.length >= 12 && ascii(data, 4, 8) === "ftyp" && /^(heic|heix|hevc|mif1|msf1)$/.test(ascii(data, 8, 12)))
    return "heic";
  return undefined;
}

/** Format and size from the header alone; throws a coded 4xx for HEIC, a broken header or too many pixels. */
export function checkImage(
  data: Uint8Array,
  maxPixels: number,
): { format: ImageFormat; width: number; height: number } {
  if (data.length === 0) throw ocrProblem("corrupt_image", "empty image");
  const format = sniffImage(data);
  if (!format) throw ocrProblem("unsupported_image", "not an image");
  // Skia here decodes no HEIC; iPhones send JPEG to Telegram anyway, and «Сохранить как JPEG» fixes the rest.
  if (format === "heic")
    throw ocrProblem(
      "unsupported_image",
      "heic",
      "Фото в формате HEIC пока не читаю: пришлите его как JPEG (в iPhone: Настройки → Камера → Форматы → «Наиболее совместимый»)",
    );
  let size: { width?: number; height?: number };
  try {
    size = imageSize(data);
  } catch (error) {
    throw ocrProblem("corrupt_image", `image header: ${(error as Error).message}`);
  }
  const { width = 0, height = 0 } = size;
  if (width < 1 || height < 1) throw ocrProblem("corrupt_image", "image without size");
  if (width * height > maxPixels) {
    throw ocrProblem(
      "image_too_large",
      `${width}x${height} px`,
      `Изображение слишком большое: ${width}×${height} пикселей, предел ${Math.round(maxPixels / 1e6)} Мп. Уменьшите его и пришлите снова`,
    );
  }
  return { format, width, height };
}

/** Decodes an image already passed by `checkImage`; a body that does not decode is `corrupt_image`. */
export async function decodeImage(data: Uint8Array): Promise<Image> {
  try {
    const image = await loadImage(Buffer.from(data));
    if (!image.width || !image.height) throw new Error("zero size after decoding");
    return image;
  } catch (error) {
    throw ocrProblem("corrupt_image", `decode: ${(error as Error).message}`);
  }
}

/** Turns an image clockwise by `rotation` onto a new canvas. */
export function rotateImage(source: Image | Canvas, rotation: Rotation): Canvas {
  const isSwapped = rotation === 90 || rotation === 270;
  const canvas = createCanvas(isSwapped ? source.height : source.width, isSwapped ? source.width : source.height);
  const g = canvas.getContext("2d");
  g.translate(canvas.width / 2, canvas.height / 2);
  g.rotate((rotation * Math.PI) / 180);
  g.drawImage(source, -source.width / 2, -source.height / 2);
  return canvas;
}

/**
 * Grey, contrast-stretched (1st–99th percentile to black–white, which rescues faded and low-contrast scans) and
 * scaled to a long side Tesseract reads well. Returns a PNG for the recogniser, and whether the page is blank (one
 * flat tone: the back of a duplex scan), which is not worth reading at all.
 */
export async function prepareForOcr(
  source: Image | Canvas,
  rotation: Rotation = 0,
  options: { maxLongSide?: number } = {},
): Promise<{ png: Buffer; isBlank: boolean }> {
  const upright = rotation ? rotateImage(source, rotation) : source;
  const longSide = Math.max(upright.width, upright.height);
  const maxLongSide = options.maxLongSide ?? MAX_LONG_SIDE;
  const scale =
    longSide > maxLongSide
      ? maxLongSide / longSide
      : longSide < MIN_LONG_SIDE
        ? Math.min(2, MIN_LONG_SIDE / longSide)
        : 1;
  const width = Math.max(1, Math.round(upright.width * scale));
  const height = Math.max(1, Math.round(upright.height * scale));
  const canvas = createCanvas(width, height);
  const g = canvas.getContext("2d");
  g.fillStyle = "#fff";
  g.fillRect(0, 0, width, height);
  g.imageSmoothingQuality = "high";
  g.drawImage(upright, 0, 0, width, height);
  const pixels = g.getImageData(0, 0, width, height);
  const inkShare = stretchGrey(pixels.data);
  g.putImageData(pixels, 0, 0);
  return { png: await canvas.encode("png"), isBlank: inkShare < MIN_INK_SHARE };
}

/** A page with two short lines of text has ~0.3% of its pixels inked; a blank one (specks aside) far less. */
const MIN_INK_SHARE = 0.0003;
/** Spread of grey below which there is nothing to stretch (one flat tone). */
const MIN_TONE_RANGE = 8;

/** Greys and stretches the pixels in place; answers the share of pixels clearly darker than the paper. */
function stretchGrey(rgba: Uint8ClampedArray): number {
  const histogram = new Uint32Array(256);
  for (let i = 0; i < rgba.length; i += 4) {
    const grey = (rgba[i]! * 77 + rgba[i + 1]! * 150 + rgba[i + 2]! * 29) >> 8;
    rgba[i] = grey;
    histogram[grey]!++;
  }
  const total = rgba.length / 4;
  let low = 0;
  let high = 255;
  for (let seen = 0; low < 255 && (seen += histogram[low]!) < total * 0.01;) low++;
  for (let seen = 0; high > 0 && (seen += histogram[high]!) < total * 0.01;) high--;
  const range = high - low;
  let ink = 0;
  // Ink: clearly darker than the paper (a faded copy still differs by ~50 levels, paper noise by ~10).
  for (let v = 0; v < Math.max(0, high - 32); v++) ink += histogram[v]!;
  // A blank page (or one flat colour) has nothing to stretch.
  const lookup = new Uint8Array(256);
  for (let v = 0; v < 256; v++)
    lookup[v] = range < MIN_TONE_RANGE ? v : Math.max(0, Math.min(255, Math.round(((v - low) * 255) / range)));
  for (let i = 0; i < rgba.length; i += 4) {
    const v = lookup[rgba[i]!]!;
    rgba[i] = v;
    rgba[i + 1] = v;
    rgba[i + 2] = v;
  }
  return ink / total;
}
