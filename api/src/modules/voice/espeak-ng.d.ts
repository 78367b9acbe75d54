// The npm package `espeak-ng` (eSpeak NG compiled to WebAssembly) ships no types: this is the part we use.
declare module "espeak-ng" {
  interface ESpeakNgModule {
    FS: { readFile(path: string): Uint8Array; unlink(path: string): void };
  }
  interface ESpeakNgOptions {
    arguments: string[];
    print?: (text: string) => void;
    printErr?: (text: string) => void;
  }
  /** Runs the espeak-ng command line once, inside a fresh WebAssembly instance, and resolves with it. */
  export default function ESpeakNg(options: ESpeakNgOptions): Promise<ESpeakNgModule>;
}
