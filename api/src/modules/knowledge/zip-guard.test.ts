import { crc32 } from "node:zlib";
import { Deflate, strToU8 } from "fflate";
import { describe, expect, it } from "vitest";
import { detectFileKind } from "./detect-type.ts";
import { createDocx, createXlsx } from "./testing/office-fixtures.ts";
import { inspectZip } from "./zip-guard.ts";

const MB = 1024 * 1024;

interface RawEntry {
  name: string;
  method: 0 | 8;
  data: Uint8Array;
  crc: number;
  unpacked: number;
}

const u16 = (value: number) => Buffer.from([value & 0xff, (value >>> 8) & 0xff]);
const u32 = (value: number) => {
  const buffer = Buffer.alloc(4);
  buffer.writeUInt32LE(value >>> 0);
  return buffer;
};

function localHeader(entry: RawEntry): Buffer {
  const name = Buffer.from(entry.name);
  // version, flags, method, time, date, crc, packed, unpacked, name length, extra length
  return Buffer.concat([
    u32(0x04034b50),
    u16(20),
    u16(0),
    u16(entry.method),
    u16(0),
    u16(0x21),
    u32(entry.crc),
    u32(entry.data.length),
    u32(entry.unpacked),
    u16(name.length),
    u16(0),
    name,
  ]);
}

function centralHeader(entry: RawEntry, offset: number): Buffer {
  const name = Buffer.from(entry.name);
  return Buffer.concat([
    u32(0x02014b50),
    u16(20),
    u16(20),
    u16(0),
    u16(entry.method),
    u16(0),
    u16(0x21),
    u32(entry.crc),
    u32(entry.data.length),
    u32(entry.unpacked),
    u16(name.length),
    u16(0),
    u16(0),
    u16(0),
    u16(0),
    u32(0),
    u32(offset),
    name,
  ]);
}

const stored = (name: string, text: string | Uint8Array): RawEntry => {
  const data = typeof text === "string" ? strToU8(text) : text;
  return { name, method: 0, data, crc: crc32(data), unpacked: data.length };
};

const deflated = new Map<number, RawEntry>();

/** `megabytes` of spaces inside a Word paragraph, deflated in slices so the test never holds the whole text. */
function deflatedDocument(megabytes: number): RawEntry {
  const cached = deflated.get(megabytes);
  if (cached) return cached;
  const head = strToU8(
    `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>`,
  );
  const tail = strToU8(`</w:t></w:r></w:p></w:body></w:document>`);
  const megabyte = new Uint8Array(MB).fill(0x20);
  const parts: Uint8Array[] = [];
  const deflate = new Deflate({ level: 9 }, (chunk) => parts.push(chunk));
  let crc = crc32(head);
  deflate.push(head);
  for (let i = 0; i < megabytes; i++) {
    deflate.push(megabyte);
    crc = crc32(megabyte, crc);
  }
  deflate.push(tail, true);
  crc = crc32(tail, crc);
  const entry: RawEntry = {
    name: "word/document.xml",
    method: 8,
    data: Buffer.concat(parts),
    crc,
    unpacked: head.length + megabytes * MB + tail.length,
  };
  deflated.set(megabytes, entry);
  return entry;
}

/**
 * The file from the audit: every local header describes a small stored entry, and the stored bytes of
 * word/document.xml are themselves a local header plus a deflated document that only the central directory
 * points at. A reader of local headers sees ~255 KB; JSZip (mammoth) and unzipSync inflate `megabytes` MB.
 */
function createHiddenBombDocx(megabytes: number, options: { declaredBytes?: number } = {}): Buffer {
  const hidden = deflatedDocument(megabytes);
  const visible = [
    stored(
      "[Content_Types].xml",
      `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`,
    ),
    stored(
      "_rels/.rels",
      `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>`,
    ),
  ];
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const entry of visible) {
    central.push(centralHeader(entry, offset));
    const header = localHeader(entry);
    parts.push(header, Buffer.from(entry.data));
    offset += header.length + entry.data.length;
  }
  const inner = Buffer.concat([localHeader(hidden), Buffer.from(hidden.data)]);
  const outer = stored("word/document.xml", inner);
  const outerHeader = localHeader(outer);
  parts.push(outerHeader, inner);
  central.push(
    centralHeader({ ...hidden, unpacked: options.declaredBytes ?? hidden.unpacked }, offset + outerHeader.length),
  );
  offset += outerHeader.length + inner.length;
  const directory = Buffer.concat(central);
  const end = Buffer.concat([
    u32(0x06054b50),
    u16(0),
    u16(0),
    u16(central.length),
    u16(central.length),
    u32(directory.length),
    u32(offset),
    u16(0),
  ]);
  return Buffer.concat([...parts, directory, end]);
}

describe("zip guard", () => {
  it("refuses a DOCX that hides a deflated document behind a stored entry, reading the central directory like mammoth", () => {
    const bomb = createHiddenBombDocx(262);
    expect(bomb.length).toBeLessThan(300 * 1024);
    // Honest sizes in the central directory: refused before anything is inflated.
    expect(() => detectFileKind(bomb, "bomb.docx", 200 * MB)).toThrow(expect.objectContaining({ code: "zip_bomb" }));
  });

  it("stops inflating at the budget when the central directory lies about the size", () => {
    const bomb = createHiddenBombDocx(262, { declaredBytes: 2_000 });
    expect(() => inspectZip(bomb, 200 * MB)).toThrow(expect.objectContaining({ code: "zip_bomb" }));
  });

  it("still takes ordinary DOCX and XLSX files, counting what they unzip to", () => {
    const docx = createDocx(["# Оплата", "Счёт выставляется до пятого числа."], { title: "Договор" });
    const summary = inspectZip(docx, MB);
    expect(summary.names).toContain("word/document.xml");
    expect(summary.totalBytes).toBeGreaterThan(docx.length);
    expect(
      detectFileKind(
        createXlsx({
          Цены: [
            ["Услуга", "Цена"],
            ["Мойка", 100],
          ],
        }),
        "prices.xlsx",
        MB,
      ).kind,
    ).toBe("xlsx");
  });

  it("refuses an archive whose central directory and local headers list different files", () => {
    const docx = Buffer.from(createDocx(["Текст"]));
    // Rename one entry in the central directory only.
    const at = docx.lastIndexOf(Buffer.from("word/styles.xml"));
    docx.write("word/styleZ.xml", at);
    expect(() => inspectZip(docx, MB)).toThrow(expect.objectContaining({ code: "corrupt_file" }));
  });
});
