// A meeting recorded elsewhere (a phone's voice note or audio file sent to the bot) becomes a meeting the same
// way the page's live recording does: cut into pieces, each piece a numbered chunk, then stopped.
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { spawn } from "node:child_process";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Principal } from "../../lib/context.ts";
import { AppError } from "../../lib/errors.ts";
import { detectAudioFormat, isOggOpus } from "../voice/audio-format.ts";
import { ffmpegPath } from "../voice/ffmpeg.ts";
import type { MeetingView } from "./meetings.schemas.ts";
import { addMeetingChunk, createMeeting, stopMeeting, type MeetingsDeps } from "./meetings.service.ts";

/** Five minutes a piece: short enough to show progress and retry cheaply, long enough to keep sentences whole. */
export const PIECE_SECONDS = 300;

const notAudio = () =>
  new AppError("unsupported_media_type", {
    status: 415,
    userMessage: "Это не похоже на аудиозапись: пришлите голосовое или аудиофайл",
  });

/** Cuts audio into OGG/Opus pieces of `pieceSeconds` (stream copy for Opus, else re-encoded mono 32 kbit/s). */
export async function splitAudio(
  audio: Buffer,
  options: { pieceSeconds?: number; maxSeconds?: number } = {},
): Promise<Buffer[]> {
  const format = detectAudioFormat(audio);
  if (!format) throw notAudio();
  const dir = await mkdtemp(path.join(tmpdir(), "meeting-split-"));
  try {
    const input = path.join(dir, `input.${format.extension}`);
    await writeFile(input, audio);
    const codec = isOggOpus(audio)
      ? ["-c:a", "copy"]
      : ["-ac", "1", "-c:a", "libopus", "-b:a", "32k", "-application", "voip"];
    const limit = options.maxSeconds ? ["-t", String(options.maxSeconds)] : [];
    const args = ["-hide_banner", "-nostdin", "-y", "-i", input, ...limit, "-vn", "-map", "0:a:0", ...codec];
    args.push(
      "-f",
      "segment",
      "-segment_time",
      String(options.pieceSeconds ?? PIECE_SECONDS),
      "-segment_format",
      "ogg",
      "-reset_timestamps",
      "1",
      path.join(dir, "piece-%04d.ogg"),
    );
    const executable = await ffmpegPath();
    const code = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(executable, args, { stdio: "ignore" });
      child.on("error", reject);
      child.on("close", resolve);
    }).catch(() => null);
    const names = (await readdir(dir)).filter((name) => name.startsWith("piece-")).sort();
    if (code !== 0 || names.length === 0) {
      throw new AppError("invalid_audio", {
        status: 400,
        userMessage: "Не удалось прочитать аудиофайл: он повреждён или в неизвестном формате",
      });
    }
    return await Promise.all(names.map((name) => readFile(path.join(dir, name))));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export interface RecordingProgress {
  stage: "splitting" | "transcribing" | "summarizing";
  done: number;
  total: number;
}

/** Records a whole audio file as a meeting and stops it: the view with summary and action items. */
export async function recordMeetingFromAudio(
  deps: MeetingsDeps,
  options: {
    principal: Principal;
    audio: Buffer;
    title?: string;
    pieceSeconds?: number;
    onProgress?: (progress: RecordingProgress) => Promise<void> | void;
  },
): Promise<MeetingView> {
  const report = async (progress: RecordingProgress) => {
    try {
      await options.onProgress?.(progress);
    } catch {
      // A progress message that could not be edited is no reason to lose the meeting.
    }
  };
  await report({ stage: "splitting", done: 0, total: 0 });
  const pieces = await splitAudio(options.audio, {
    pieceSeconds: options.pieceSeconds,
    maxSeconds: deps.ctx.config.meetings.maxMinutes * 60,
  });
  const { id } = await createMeeting(deps.ctx, {
    principal: options.principal,
    title: options.title,
    source: "telegram",
  });
  for (const [seq, piece] of pieces.entries()) {
    await report({ stage: "transcribing", done: seq, total: pieces.length });
    await addMeetingChunk(deps, { principal: options.principal, meetingId: id, seq, audio: piece });
  }
  await report({ stage: "summarizing", done: pieces.length, total: pieces.length });
  return stopMeeting(deps, { principal: options.principal, meetingId: id });
}
