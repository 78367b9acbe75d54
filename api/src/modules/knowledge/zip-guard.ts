// DOCX and XLSX are ZIP archives. A few kilobytes of deflate can expand to gigabytes (a "zip bomb"), and the
// sizes in the archive's headers are written by the sender, so we inflate every entry ourselves and count the
// real bytes, stopping as soon as the budget is spent. Only then do mammoth / the sheet reader see the file.
//
// A ZIP can be read two ways and our readers use both: read-excel-file streams the local headers front to back,
// while mammoth (JSZip) and fflate's unzipSync start from the central directory at the end. An archive can show
// each reader different entries (a stored entry whose bytes are a whole deflated document.xml that only the
// central directory points at), so both views are inflated under the same budget.
import { Inflate, Unzip, UnzipInflate } from "fflate";
import { fileProblem } from "./knowledge-errors.ts";

export interface ZipSummary {
  names: string[];
  totalBytes: number;
}

/** A deflate slice this small inflates to at most ~1 MB (deflate's ratio is about 1:1032), so a stop is prompt. */
const SLICE = 1024;

/** Inflates both views of the archive with a hard budget each; throws `zip_bomb` past it and `corrupt_file` on bad data. */
export function inspectZip(data: Uint8Array, maxUnzippedBytes: number, maxEntries = 2_000): ZipSummary {
  const directory = inspectCentralDirectory(data, maxUnzippedBytes, maxEntries);
  const local = inspectLocalEntries(data, maxUnzippedBytes, maxEntries);
  // Both readers must see the same files, or the kind we detect is not the kind they extract.
  const sorted = (names: string[]) => [...names].sort().join("\n");
  if (sorted(directory.names) !== sorted(local.names)) {
    throw fileProblem("corrupt_file", "zip central directory and local entries list different files");
  }
  return directory;
}

/** The view of read-excel-file: local headers, streamed from the start. */
function inspectLocalEntries(data: Uint8Array, maxUnzippedBytes: number, maxEntries: number): ZipSummary {
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
  try {
    for (let offset = 0; offset < data.length && !problem; offset += SLICE) {
      const end = Math.min(offset + SLICE, data.length);
      unzip.push(data.subarray(offset, end), end === data.length);
    }
  } catch (error) {
    problem ??= fileProblem("corrupt_file", `zip: ${(error as Error).message}`);
  }
  if (problem) throw problem;
  if (names.length === 0) throw fileProblem("corrupt_file", "zip archive without entries");
  return { names, totalBytes };
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const MAX_COMMENT = 0xffff;

/**
 * The view of JSZip and unzipSync: the central directory. Its sizes are checked first (cheap), then every entry
 * it points at is inflated from where those readers would start, since the declared sizes may lie.
 */
function inspectCentralDirectory(data: Uint8Array, maxUnzippedBytes: number, maxEntries: number): ZipSummary {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const u16 = (at: number) => view.getUint16(at, true);
  const u32 = (at: number) => view.getUint32(at, true);
  const corrupt = (why: string) => fileProblem("corrupt_file", `zip: ${why}`);
  // Like both readers, take the last end-of-central-directory record.
  let eocd = data.length - 22;
  while (eocd >= 0 && u32(eocd) !== EOCD) {
    if (data.length - eocd > 22 + MAX_COMMENT) throw corrupt("no end of central directory");
    eocd--;
  }
  if (eocd < 0) throw corrupt("no end of central directory");
  const count = u16(eocd + 10);
  const size = u32(eocd + 12);
  const start = u32(eocd + 16);
  if (u16(eocd + 4) !== 0 || u16(eocd + 6) !== 0 || u16(eocd + 8) !== count) throw corrupt("multi-disk archive");
  // ZIP64 is only needed past 65,535 entries or 4 GB, far beyond any upload we take.
  if (count === 0xffff || size === 0xffffffff || start === 0xffffffff) throw corrupt("zip64 archive");
  // JSZip shifts every offset when the directory does not end where the record sits; unzipSync does not. Refusing
  // such archives keeps all readers on the same bytes.
  if (start + size !== eocd) throw corrupt("central directory is not where the archive says");
  if (count === 0) throw corrupt("zip archive without entries");
  if (count > maxEntries) throw fileProblem("zip_bomb", `more than ${maxEntries} zip entries`);

  const entries: { name: string; method: number; flags: number; packed: number; unpacked: number; offset: number }[] =
    [];
  let declared = 0;
  for (let at = start, i = 0; i < count; i++) {
    if (at + 46 > eocd || u32(at) !== CENTRAL) throw corrupt("broken central directory");
    const nameLength = u16(at + 28);
    const next = at + 46 + nameLength + u16(at + 30) + u16(at + 32);
    if (next > eocd) throw corrupt("broken central directory");
    const entry = {
      flags: u16(at + 8),
      method: u16(at + 10),
      packed: u32(at + 20),
      unpacked: u32(at + 24),
      offset: u32(at + 42),
      name: new TextDecoder().decode(data.subarray(at + 46, at + 46 + nameLength)),
    };
    if (entry.packed === 0xffffffff || entry.unpacked === 0xffffffff || entry.offset === 0xffffffff)
      throw corrupt("zip64 entry");
    declared += entry.unpacked;
    if (declared > maxUnzippedBytes) {
      throw fileProblem("zip_bomb", `declared unzipped size exceeds ${maxUnzippedBytes} bytes at ${entry.name}`);
    }
    entries.push(entry);
    at = next;
  }

  let totalBytes = 0;
  for (const entry of entries) {
    if (entry.flags & 1) throw fileProblem("encrypted_file", `zip entry ${entry.name} is encrypted`);
    const at = entry.offset;
    if (at + 30 > start || u32(at) !== LOCAL) throw corrupt(`no local header for ${entry.name}`);
    const begin = at + 30 + u16(at + 26) + u16(at + 28);
    const end = begin + entry.packed;
    if (end > start) throw corrupt(`entry ${entry.name} runs past the archive`);
    const over = () => fileProblem("zip_bomb", `unzipped size exceeds ${maxUnzippedBytes} bytes at ${entry.name}`);
    if (entry.method === 0) {
      totalBytes += entry.packed;
      if (totalBytes > maxUnzippedBytes) throw over();
    } else if (entry.method === 8) {
      let isOver = false;
      const inflate = new Inflate((chunk) => {
        totalBytes += chunk.length;
        if (totalBytes > maxUnzippedBytes) isOver = true;
      });
      try {
        for (let offset = begin; offset < end && !isOver; offset += SLICE) {
          const sliceEnd = Math.min(offset + SLICE, end);
          inflate.push(data.subarray(offset, sliceEnd), sliceEnd === end);
        }
        if (begin === end) inflate.push(new Uint8Array(0), true);
      } catch (error) {
        throw corrupt(`entry ${entry.name}: ${(error as Error).message}`);
      }
      if (isOver) throw over();
    } else {
      throw corrupt(`entry ${entry.name} uses compression method ${entry.method}`);
    }
  }
  return { names: entries.map((entry) => entry.name), totalBytes };
}
