// Energy-based voice activity detection on the microphone stream: the RMS level of 20 ms frames against a noise
// floor that follows the room. Durations are measured on the audio clock (AudioContext.currentTime), which neither
// a paused page's timers nor a test's pinned Date can distort.

export interface VoiceActivityOptions {
  /** Speech must last this long to count (a cough or a click does not). */
  minSpeechSeconds?: number;
  /** Silence this long after speech ends the utterance. */
  endSilenceSeconds?: number;
  /** Speech is louder than the noise floor by this factor. */
  ratio?: number;
}

export interface VoiceActivity {
  /** Called once per utterance when speech has lasted minSpeechSeconds; `loud` = well above a normal voice floor. */
  onSpeechStart?: () => void;
  onSpeechEnd?: () => void;
  /** 0..1, for a level meter. */
  onLevel?: (level: number) => void;
  /** Raises the bar while our own answer plays, so its echo is not taken for the user barging in. */
  setSensitivity(kind: "normal" | "barge-in"): void;
  stop(): void;
}

/** The quietest RMS taken as speech, whatever the noise floor (digital silence has a floor of 0). */
const MIN_SPEECH_RMS = 0.02;

export function detectVoiceActivity(
  context: AudioContext,
  stream: MediaStream,
  options: VoiceActivityOptions = {},
): VoiceActivity {
  const minSpeech = options.minSpeechSeconds ?? 0.15;
  const endSilence = options.endSilenceSeconds ?? 0.7;
  const source = context.createMediaStreamSource(stream);
  const analyser = context.createAnalyser();
  analyser.fftSize = 1024;
  source.connect(analyser);
  const samples = new Float32Array(analyser.fftSize);
  let ratio = options.ratio ?? 3;
  let noiseFloor = 0.005;
  let loudSince: number | undefined;
  let quietSince: number | undefined;
  let isSpeaking = false;

  const activity: VoiceActivity = {
    setSensitivity(kind) {
      ratio = kind === "barge-in" ? (options.ratio ?? 3) * 2 : (options.ratio ?? 3);
    },
    stop() {
      clearInterval(timer);
      source.disconnect();
    },
  };

  const timer = setInterval(() => {
    analyser.getFloatTimeDomainData(samples);
    let sum = 0;
    for (const sample of samples) sum += sample * sample;
    const rms = Math.sqrt(sum / samples.length);
    const now = context.currentTime;
    activity.onLevel?.(Math.min(1, rms * 10));
    const threshold = Math.max(MIN_SPEECH_RMS * (ratio / 3), noiseFloor * ratio);
    if (rms > threshold) {
      quietSince = undefined;
      loudSince ??= now;
      if (!isSpeaking && now - loudSince >= minSpeech) {
        isSpeaking = true;
        activity.onSpeechStart?.();
      }
      return;
    }
    loudSince = undefined;
    // The floor follows the room slowly, and only while nobody speaks.
    if (!isSpeaking) noiseFloor = noiseFloor * 0.95 + rms * 0.05;
    if (isSpeaking) {
      quietSince ??= now;
      if (now - quietSince >= endSilence) {
        isSpeaking = false;
        quietSince = undefined;
        activity.onSpeechEnd?.();
      }
    }
  }, 20);
  return activity;
}
