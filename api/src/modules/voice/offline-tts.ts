// Offline speech synthesis: eSpeak NG compiled to WebAssembly (npm `espeak-ng`, Russian voice included), so
// spoken answers work after `npm install` with no system packages and no network. Robotic, but clear.
import ESpeakNg from "espeak-ng";

const OUTPUT_FILE = "/tmp/speech.wav";

/** Russian speech as a WAV file. Each call runs a fresh WebAssembly instance (about 0.3 s). */
export async function synthesizeOffline(
  text: string,
  options: { voice?: string; wordsPerMinute?: number } = {},
): Promise<Buffer> {
  const errors: string[] = [];
  const espeak = await ESpeakNg({
    arguments: ["-v", options.voice ?? "ru", "-s", String(options.wordsPerMinute ?? 165), "-w", OUTPUT_FILE, text],
    print: () => undefined,
    printErr: (line) => errors.push(line),
  });
  try {
    return Buffer.from(espeak.FS.readFile(OUTPUT_FILE));
  } catch {
    throw new Error(`espeak-ng produced no audio: ${errors.join(" ")}`);
  }
}
