// Meeting audio lives under DATA_DIR/meetings/<id>/<seq>.<ext> until MEETINGS_AUDIO_DAYS pass: the backlog job
// needs it when recognition is configured later, and nobody needs it after the transcript is checked.
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { AppConfig } from "../../config.ts";

// An in-memory database (DATA_DIR=memory:// in tests) has no data folder: its audio goes to a temp one.
const dataRootOf = (config: AppConfig) =>
  config.dataDir.startsWith("memory://")
    ? path.join(tmpdir(), `cleaning-meetings-${process.pid}`)
    : path.resolve(config.dataDir);
const rootOf = (config: AppConfig) => path.join(dataRootOf(config), "meetings");

/** Saves one chunk's bytes and returns the path relative to DATA_DIR (what the database keeps). */
export async function saveChunkAudio(
  config: AppConfig,
  meetingId: number,
  seq: number,
  extension: string,
  audio: Buffer,
): Promise<string> {
  const dir = path.join(rootOf(config), String(meetingId));
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `${seq}.${extension}`);
  await writeFile(file, audio);
  return path.relative(dataRootOf(config), file);
}

export async function readChunkAudio(config: AppConfig, relativePath: string): Promise<Buffer> {
  return readFile(path.resolve(dataRootOf(config), relativePath));
}

/** Removes every chunk of a meeting (deleting the meeting, or its audio outliving MEETINGS_AUDIO_DAYS). */
export async function deleteMeetingAudio(config: AppConfig, meetingId: number): Promise<void> {
  await rm(path.join(rootOf(config), String(meetingId)), { recursive: true, force: true });
}
