// DOCX and XLSX are ZIP archives. A few kilobytes of deflate can expand to gigabytes (a "zip bomb"), and the
// sizes in the archive's headers are written by the sender, so we inflate every entry ourselves and count the
// real bytes, stopping as soon as the budget is spent. Only then do mammoth / the sheet reader see the file.
import { Unzip, UnzipInflate } from "fflate";
import { fileProblem } from "./knowledge-errors.ts";

export interface ZipSummary {
  names: string[];
  totalBytes: number;
}

/** Inflates the whole archive with a hard budget; throws `zip_bomb` past it and `corrupt_file` on bad data. */
export function inspectZip(data: Uint8Array, maxUnzippedBytes: number, maxEntries = 2_000): ZipSummary {
  const names: string[] = [];
  let totalBytes = 0;
  let problem: Error | undefined;
  const unzip = new Unzip((entry) => {
    names.push(entry.name);
    if (names.length > maxEntries) problem ??= fileProblem("zip_bomb", `more than ${maxEntries} zip entries`);
    entry.ondata = (error, chunk) => {
      if (error) problem ??= fileProblem("corrupt_file", `zip entry ${entry.name}: ${error.message}`);
      totalBytes += chunk?.length ?? 0;
      if (totalBytes > maxUnzippedBytes) {
        problem ??= fileProblem("zip_bomb", `unzipped size exceeds ${maxUnzippedBytes} bytes at ${entry.name}`);
        entry.terminate();
      }
    };
    if (!problem) entry.start();
  });
  unzip.register(UnzipInflate);
  // Feed in slices so an entry that blows the budget is stopped early instead of after the whole buffer.
  const step = 64 * 1024;
  try {
    for (let offset = 0; offset < data.length && !problem; offset += step) {
      const end = Math.min(offset + step, data.length);
      unzip.push(data.subarray(offset, end), end === data.length);
    }
  } catch (error) {
    problem ??= fileProblem("corrupt_file", `zip: ${(error as Error).message}`);
  }
  if (problem) throw problem;
  if (names.length === 0) throw fileProblem("corrupt_file", "zip archive without entries");
  return { names, totalBytes };
}
