// ffmpeg from the npm package @ffmpeg-installer/ffmpeg (the binary ships inside the package, so it installs
// offline), or the system's `ffmpeg` where the package has no build for the platform. Files go through a temp
// directory, not pipes: MP4 (video notes) keeps its index at the end and cannot be read from a pipe.
import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { AppError } from "../../lib/errors.ts";

let resolvedPath: Promise<string> | undefined;

/** The ffmpeg executable to run. */
export function ffmpegPath(): Promise<string> {
  resolvedPath ??= import("@ffmpeg-installer/ffmpeg").then(
    (module) => (module.default as { path: string }).path,
    () => "ffmpeg",
  );
  return resolvedPath;
}

const FFMPEG_TIMEOUT_MS = 60_000;

function run(binary: string, args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      stderr = (stderr + chunk.toString("utf8")).slice(-8000);
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), FFMPEG_TIMEOUT_MS);
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

export interface EncodedAudio {
  /** OGG/Opus, mono: what Telegram's sendVoice and transcription endpoints accept. */
  audio: Buffer;
  durationSeconds: number;
}

/** The last `time=HH:MM:SS.xx` ffmpeg reported: how much audio it actually decoded. */
function decodedSeconds(stderr: string): number {
  const times = [...stderr.matchAll(/time=(\d+):(\d{2}):(\d{2}(?:\.\d+)?)/g)];
  const last = times.at(-1);
  if (!last) return 0;
  return Number(last[1]) * 3600 + Number(last[2]) * 60 + Number(last[3]);
}

/** ffmpeg's "Duration: HH:MM:SS.xx" for the input; "N/A" (a live WebM from MediaRecorder) gives undefined. */
function declaredSeconds(stderr: string): number | undefined {
  const match = /Duration: (\d+):(\d{2}):(\d{2}(?:\.\d+)?)/.exec(stderr);
  return match ? Number(match[1]) * 3600 + Number(match[2]) * 60 + Number(match[3]) : undefined;
}

/**
 * How long the file says it is, read from its headers (and an Ogg file's last page) without decoding the audio;
 * undefined when the container does not say. A sender can lie here, so callers still bound the decoding.
 */
export async function probeDurationSeconds(
  input: Buffer,
  options: { inputExtension?: string } = {},
): Promise<number | undefined> {
  const dir = await mkdtemp(path.join(tmpdir(), "voice-"));
  try {
    const inputPath = path.join(dir, `input.${options.inputExtension ?? "bin"}`);
    await writeFile(inputPath, input);
    // Without an output ffmpeg prints the input's description and exits: nothing is decoded.
    const { stderr } = await run(await ffmpegPath(), ["-hide_banner", "-nostdin", "-i", inputPath]);
    return declaredSeconds(stderr);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Decodes any audio (or a video's sound track) and encodes it as OGG/Opus. Audio ffmpeg cannot decode, or that
 * holds no sound, is the sender's problem: an AppError with a message for people. With `maxSeconds` ffmpeg stops
 * a second past it, so an over-long file costs that much decoding, not its whole length, and reports
 * `durationSeconds` just above the limit.
 */
export async function encodeOggOpus(
  input: Buffer,
  options: { bitrate?: string; inputExtension?: string; maxSeconds?: number } = {},
): Promise<EncodedAudio> {
  const dir = await mkdtemp(path.join(tmpdir(), "voice-"));
  try {
    const inputPath = path.join(dir, `input.${options.inputExtension ?? "bin"}`);
    const outputPath = path.join(dir, "output.ogg");
    await writeFile(inputPath, input);
    const args = [
      "-hide_banner",
      "-nostdin",
      "-y",
      "-i",
      inputPath,
      "-vn",
      "-ac",
      "1",
      "-ar",
      "48000",
      "-c:a",
      "libopus",
    ];
    if (options.maxSeconds !== undefined) args.push("-t", String(options.maxSeconds + 1));
    args.push("-b:a", options.bitrate ?? "32k", "-application", "voip", "-f", "ogg", outputPath);
    const { code, stderr } = await run(await ffmpegPath(), args);
    const durationSeconds = decodedSeconds(stderr);
    if (code !== 0 || durationSeconds <= 0) {
      throw new AppError("invalid_audio", {
        status: 400,
        message: `ffmpeg could not decode the audio (exit ${code}): ${stderr.split("\n").slice(-3).join(" ")}`,
        userMessage: "Не удалось прочитать аудиофайл: он повреждён или в неизвестном формате",
      });
    }
    return { audio: await readFile(outputPath), durationSeconds };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
