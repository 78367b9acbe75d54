// A small multipart/form-data reader for the fake Bot API: grammY uploads files (and every other field of the
// same call) this way, so the fake must read it exactly as Telegram would.

export interface UploadedFile {
  field: string;
  filename: string;
  contentType: string;
  bytes: Buffer;
}

export interface MultipartBody {
  fields: Record<string, string>;
  files: UploadedFile[];
}

/** Splits a multipart body into text fields and files. */
export function parseMultipart(body: Buffer, contentType: string): MultipartBody {
  const match = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  if (!match) throw new Error("multipart body without a boundary");
  const delimiter = Buffer.from(`--${match[1] ?? match[2]}`);
  const fields: Record<string, string> = {};
  const files: UploadedFile[] = [];
  let position = body.indexOf(delimiter);
  while (position !== -1) {
    const start = position + delimiter.length;
    if (body.subarray(start, start + 2).toString() === "--") break;
    const next = body.indexOf(delimiter, start);
    if (next === -1) break;
    // Each part: CRLF, headers, CRLF CRLF, content, CRLF before the next delimiter.
    const part = body.subarray(start + 2, next - 2);
    const headerEnd = part.indexOf("\r\n\r\n");
    const headers = part.subarray(0, headerEnd).toString("utf8");
    const content = part.subarray(headerEnd + 4);
    const name = /name="([^"]*)"/i.exec(headers)?.[1] ?? "";
    // grammY writes `filename=answer.ogg` without quotes; browsers and curl quote it.
    const filename = /filename=(?:"([^"]*)"|([^;\r\n]*))/i
      .exec(headers)
      ?.slice(1)
      .find((value) => value !== undefined);
    if (filename !== undefined) {
      const type = /content-type:\s*([^\r\n]+)/i.exec(headers)?.[1] ?? "application/octet-stream";
      files.push({ field: name, filename, contentType: type.trim(), bytes: Buffer.from(content) });
    } else {
      fields[name] = content.toString("utf8");
    }
    position = next;
  }
  return { fields, files };
}
