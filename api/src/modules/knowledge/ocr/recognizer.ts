// Tesseract (tesseract.js: the C++ engine compiled to WebAssembly, in worker threads) with the Russian model read
// from a local folder, so nothing is downloaded at run time. A small pool sized to the machine recognises pages in
// parallel; a page past its time limit has its worker terminated (a WASM call cannot be interrupted otherwise).
// Orientation: Tesseract's OSD (legacy engine, osd.traineddata) when that model is there; otherwise, and when OSD
// is unsure, the page is tried turned and the most confident reading wins.
import { existsSync, mkdirSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { createWorker, OEM, type Worker } from "tesseract.js";
import { decodeImage, prepareForOcr, type Rotation } from "./image-input.ts";
import { ocrProblem } from "./ocr-errors.ts";

/** Where Debian's tesseract-ocr-rus puts the model (5.x, then 4.x layouts). */
const DEBIAN_TESSDATA = [
  "/usr/share/tesseract-ocr/5/tessdata",
  "/usr/share/tesseract-ocr/4.00/tessdata",
  "/usr/share/tessdata",
];
/** Below this mean word confidence a page is flagged «плохо читается» and other orientations are tried. */
export const LOW_CONFIDENCE = 60;
/** OSD's own confidence below which its answer is not trusted. */
const OSD_MIN_CONFIDENCE = 2;
/** Long side of the copy OSD looks at. */
const OSD_LONG_SIDE = 1600;
/** Workers are terminated after this long without work: each holds ~100 MB. */
const IDLE_MS = 60_000;

export interface RecognizerOptions {
  /** Folder with rus.traineddata (and osd.traineddata for orientation), or "off". */
  langPath?: string;
  cachePath: string;
  workers?: number;
  pageTimeoutMs: number;
}

export interface PageText {
  text: string;
  /** Mean word confidence, 0-100. */
  confidence: number;
  /** Clockwise degrees the page was turned before reading. */
  rotation: Rotation;
}

/** The folder holding rus.traineddata: the setting, else Debian's; undefined = OCR is not available. */
export function resolveLangPath(setting: string | undefined): string | undefined {
  if (setting === "off") return undefined;
  const candidates = setting ? [setting] : DEBIAN_TESSDATA;
  return candidates.find(
    (dir) => existsSync(join(dir, "rus.traineddata")) || existsSync(join(dir, "rus.traineddata.gz")),
  );
}

/** One worker fewer than the cores (the API and the bot keep one), at least one, at most four. */
export const defaultWorkerCount = () => Math.max(1, Math.min(4, availableParallelism() - 1));

interface Slot {
  worker: Promise<Worker>;
  isBusy: boolean;
}

export class Recognizer {
  readonly langPath: string;
  readonly size: number;
  readonly hasOsd: boolean;
  private slots: Slot[] = [];
  private waiting: ((slot: Slot) => void)[] = [];
  private osd: Promise<Worker> | undefined;
  private idleTimer: NodeJS.Timeout | undefined;
  private readonly isGzip: boolean;

  constructor(private readonly options: RecognizerOptions & { langPath: string }) {
    this.langPath = options.langPath;
    this.size = options.workers ?? defaultWorkerCount();
    this.isGzip = !existsSync(join(this.langPath, "rus.traineddata"));
    this.hasOsd = existsSync(join(this.langPath, "osd.traineddata"));
    mkdirSync(options.cachePath, { recursive: true });
  }

  /** Reads one page image (any format `decodeImage` takes): upright, greyed, recognised. */
  async recognizePage(image: Uint8Array, options: { rotation?: Rotation } = {}): Promise<PageText> {
    const decoded = await decodeImage(image);
    const base = options.rotation ?? 0;
    const first = await prepareForOcr(decoded, base);
    if (first.isBlank) return { text: "", confidence: 0, rotation: base };
    let turn: Rotation = 0;
    let isOsdSure = false;
    if (this.hasOsd) {
      // Orientation needs the shapes of lines, not the letters: a smaller copy is read several times faster.
      const small = await prepareForOcr(decoded, base, { maxLongSide: OSD_LONG_SIDE });
      const detected = await this.detectOrientation(small.png).catch(() => undefined);
      if (detected && detected.confidence >= OSD_MIN_CONFIDENCE) {
        turn = detected.degrees;
        isOsdSure = true;
      }
    }
    let best = await this.read(
      turn ? (await prepareForOcr(decoded, addTurns(base, turn))).png : first.png,
      addTurns(base, turn),
    );
    // A page read the wrong way round still yields (garbage) letters; a blank one yields none and is not worth turning.
    if (best.confidence < LOW_CONFIDENCE && !isOsdSure && /\p{L}.*\p{L}.*\p{L}/su.test(best.text)) {
      for (const other of [90, 270, 180] as Rotation[]) {
        const rotation = addTurns(base, other);
        const attempt = await this.read((await prepareForOcr(decoded, rotation)).png, rotation);
        if (attempt.confidence > best.confidence + 5) best = attempt;
        if (best.confidence >= LOW_CONFIDENCE + 15) break;
      }
    }
    return best;
  }

  /** Terminates every worker (the pool starts them again on the next page). */
  async close(): Promise<void> {
    clearTimeout(this.idleTimer);
    const workers = [...this.slots.map((s) => s.worker), ...(this.osd ? [this.osd] : [])];
    this.slots = [];
    this.osd = undefined;
    await Promise.all(workers.map((w) => w.then((worker) => worker.terminate()).catch(() => undefined)));
  }

  private async read(png: Buffer, rotation: Rotation): Promise<PageText> {
    const slot = await this.acquire();
    let timer: NodeJS.Timeout | undefined;
    try {
      const worker = await slot.worker;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(ocrProblem("ocr_timeout", `page over ${this.options.pageTimeoutMs} ms`)),
          this.options.pageTimeoutMs,
        );
      });
      const result = await Promise.race([worker.recognize(png), timeout]);
      return {
        text: result.data.text
          .replace(/[ \t]+/g, " ")
          .replace(/\n{3,}/g, "\n\n")
          .trim(),
        confidence: Math.round(result.data.confidence),
        rotation,
      };
    } catch (error) {
      // The worker may still be busy with the page (timeout) or broken: replace it.
      this.slots = this.slots.filter((s) => s !== slot);
      void slot.worker.then((w) => w.terminate()).catch(() => undefined);
      slot.isBusy = false;
      this.pump();
      throw error;
    } finally {
      clearTimeout(timer);
      if (this.slots.includes(slot)) this.release(slot);
    }
  }

  private async detectOrientation(png: Buffer): Promise<{ degrees: Rotation; confidence: number }> {
    this.osd ??= createWorker("osd", OEM.TESSERACT_ONLY, {
      ...this.workerOptions(),
      legacyCore: true,
      legacyLang: true,
    }).then(quiet);
    const worker = await this.osd;
    const { data } = await worker.detect(png);
    const degrees = (((data.orientation_degrees ?? 0) % 360) + 360) % 360;
    return {
      degrees: (degrees === 90 || degrees === 180 || degrees === 270 ? degrees : 0) as Rotation,
      confidence: data.orientation_confidence ?? 0,
    };
  }

  private startWorker(): Promise<Worker> {
    return createWorker("rus", OEM.LSTM_ONLY, this.workerOptions()).then(quiet);
  }

  private workerOptions() {
    // cacheMethod "none": the model is already a local file, a second copy in the cache would only cost disk.
    return { langPath: this.langPath, gzip: this.isGzip, cachePath: this.options.cachePath, cacheMethod: "none" };
  }

  private acquire(): Promise<Slot> {
    clearTimeout(this.idleTimer);
    const free = this.slots.find((s) => !s.isBusy);
    if (free) {
      free.isBusy = true;
      return Promise.resolve(free);
    }
    if (this.slots.length < this.size) {
      const slot: Slot = { worker: this.startWorker(), isBusy: true };
      slot.worker.catch(() => undefined);
      this.slots.push(slot);
      return Promise.resolve(slot);
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(slot: Slot) {
    slot.isBusy = false;
    this.pump();
  }

  private pump() {
    while (this.waiting.length) {
      const free = this.slots.find((s) => !s.isBusy);
      if (free) {
        free.isBusy = true;
        this.waiting.shift()!(free);
      } else if (this.slots.length < this.size) {
        const slot: Slot = { worker: this.startWorker(), isBusy: true };
        this.slots.push(slot);
        this.waiting.shift()!(slot);
      } else return;
    }
    if (this.slots.every((s) => !s.isBusy)) {
      this.idleTimer = setTimeout(() => void this.close(), IDLE_MS);
      this.idleTimer.unref();
    }
  }
}

/**
 * Our images carry no resolution, and the engine says so on stderr for every page: they are scaled to about
 * 300 dpi, so say that; its other chatter ("Too few characters") goes nowhere.
 */
async function quiet(worker: Worker): Promise<Worker> {
  await worker.setParameters({ user_defined_dpi: "300", debug_file: "/dev/null" });
  return worker;
}

const addTurns = (a: Rotation, b: Rotation) => ((a + b) % 360) as Rotation;

const shared = new Map<string, Recognizer>();

/** The process's one recogniser for these settings (the API and the bot share its workers); undefined = no model. */
export function getRecognizer(options: RecognizerOptions): Recognizer | undefined {
  const langPath = resolveLangPath(options.langPath);
  if (!langPath) return undefined;
  const key = `${langPath}|${options.workers ?? "auto"}|${options.pageTimeoutMs}`;
  let recognizer = shared.get(key);
  if (!recognizer) shared.set(key, (recognizer = new Recognizer({ ...options, langPath })));
  return recognizer;
}

/** Stops every shared recogniser's workers (shutdown, end of a test file). */
export async function closeRecognizers(): Promise<void> {
  await Promise.all([...shared.values()].map((r) => r.close()));
}
