// The act files a manager downloads: one house's act as PDF or DOCX, a management company's acts as one PDF,
// one DOCX or a ZIP of per-house PDFs. The HTTP routes, the signed links and the bot all produce files here.
import { zipSync, type Zippable } from "fflate";
import type { Principal, ServiceContext } from "../../lib/context.ts";
import { badRequest } from "../../lib/errors.ts";
import { renderActDocx } from "./acts.docx.ts";
import { renderActPdf, renderActsPdf } from "./acts.pdf.ts";
import type { ActDocument } from "./act-document.ts";
import { getHouseAct, getManagementCompanyActs } from "./acts.service.ts";

export type ActTarget = "house" | "management-company";
export type ActFormat = "pdf" | "docx" | "zip";

export interface ActFile {
  bytes: Uint8Array;
  fileName: string;
  contentType: string;
  /** The acts in the file (for a caption or a summary). */
  acts: ActDocument[];
}

const CONTENT_TYPES: Record<ActFormat, string> = {
  pdf: "application/pdf",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  zip: "application/zip",
};

/** A file name any system accepts: no path separators or reserved characters, not too long. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
const UNSAFE_IN_FILE_NAMES = /[\\/:*?"<>|\u0000-\u001f]+/g;

export function safeFileName(name: string): string {
  return name.replace(UNSAFE_IN_FILE_NAMES, "_").replace(/\s+/g, " ").trim().slice(0, 150);
}

interface ActFileOptions {
  principal: Principal;
  target: ActTarget;
  id: number;
  month?: string;
  format: ActFormat;
}

async function loadActFile(ctx: ServiceContext, options: ActFileOptions) {
  const { principal, format } = options;
  if (options.target === "house") {
    if (format === "zip")
      throw badRequest("act_format_unsupported", "Архив ZIP собирается только для управляющей компании");
    const act = await getHouseAct(ctx, { principal, houseId: options.id, month: options.month });
    return {
      acts: [act],
      isSingle: true,
      title: `Акт № ${act.number}`,
      fileName: `${safeFileName(`Акт ${act.month} ${act.house.address}`)}.${format}`,
    };
  }
  // DOCX is for editing one house's act before signing: a whole company's in one Word file took ~75 MB to build.
  if (format === "docx")
    throw badRequest("act_format_unsupported", "DOCX составляется по одному дому: для всей УК — PDF или ZIP");
  const { managementCompany, month, acts } = await getManagementCompanyActs(ctx, {
    principal,
    managementCompanyId: options.id,
    month: options.month,
  });
  return {
    acts,
    isSingle: false,
    title: `Акты за ${month}: ${managementCompany.title}`,
    fileName: `${safeFileName(`Акты ${month} ${managementCompany.title}`)}.${format}`,
  };
}

/** The name an act file will have, checking access and input without rendering anything (for signed links). */
export async function describeActFile(ctx: ServiceContext, options: ActFileOptions): Promise<{ fileName: string }> {
  return { fileName: (await loadActFile(ctx, options)).fileName };
}

/** Builds one act file; a ZIP is for a management company's houses only. */
export async function buildActFile(ctx: ServiceContext, options: ActFileOptions): Promise<ActFile> {
  const { acts, isSingle, title, fileName } = await loadActFile(ctx, options);
  const now = ctx.clock.now();
  const contentType = CONTENT_TYPES[options.format];
  if (options.format === "docx") return { bytes: await renderActDocx(acts, title), fileName, contentType, acts };
  if (options.format === "pdf") {
    const bytes = isSingle ? await renderActPdf(acts[0]!, now) : await renderActsPdf(acts, title, now);
    return { bytes, fileName, contentType, acts };
  }
  const entries: Zippable = {};
  for (const act of acts) {
    // PDFs are compressed already: storing them keeps the archive fast to build.
    const name = safeFileName(`Акт ${act.month} ${act.house.address} (${act.house.id}).pdf`);
    entries[name] = [await renderActPdf(act, now), { level: 0, mtime: now }];
  }
  return { bytes: zipSync(entries), fileName, contentType, acts };
}

/** `attachment; filename="…"; filename*=UTF-8''…`: an ASCII fallback and the real (Cyrillic) name. */
export function contentDisposition(fileName: string, isInline: boolean): string {
  const ascii = fileName.replace(/[^\x20-\x7e]+/g, "_").replace(/["\\]/g, "_");
  return `${isInline ? "inline" : "attachment"}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
