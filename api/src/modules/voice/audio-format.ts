// Uploaded audio is recognised by its first bytes, not by its name or the client's content type.

export interface AudioFormat {
  /** The extension to send to a transcription endpoint (Telegram's `.oga` goes as `.ogg`). */
  extension: "ogg" | "wav" | "mp3" | "m4a" | "webm" | "flac";
  mimeType: string;
}

const startsWith = (buffer: Buffer, text: string, offset = 0) =>
  buffer.subarray(offset, offset + text.length).toString("latin1") === text;

/** The container of an audio file by its magic bytes, or null when it is not audio we accept. */
export function detectAudioFormat(buffer: Buffer): AudioFormat | null {
  if (buffer.length < 12) return null;
  if (startsWith(buffer, "OggS")) return { extension: "ogg", mimeType: "audio/ogg" };
  if (startsWith(buffer, "RIFF") && startsWith(buffer, "WAVE", 8)) return { extension: "wav", mimeType: "audio/wav" };
  if (startsWith(buffer, "fLaC")) return { extension: "flac", mimeType: "audio/flac" };
  if (startsWith(buffer, "ID3") || (buffer[0] === 0xff && (buffer[1]! & 0xe0) === 0xe0))
    return { extension: "mp3", mimeType: "audio/mpeg" };
  if (startsWith(buffer, "ftyp", 4)) return { extension: "m4a", mimeType: "audio/mp4" };
  if (buffer.readUInt32BE(0) === 0x1a45dfa3) return { extension: "webm", mimeType: "audio/webm" };
  return null;
}

/** True for an OGG container whose first stream is Opus: what Telegram's sendVoice wants. */
export function isOggOpus(buffer: Buffer): boolean {
  return startsWith(buffer, "OggS") && buffer.subarray(0, 64).includes(Buffer.from("OpusHead"));
}
