import { Router, type Response } from "express";
import { z } from "../../lib/openapi.ts";
import type { ServiceContext } from "../../lib/context.ts";
import { defineRoute } from "../../lib/http.ts";
import type { OpenAPIRegistry } from "../../lib/openapi.ts";
import { AppError } from "../../lib/errors.ts";
import { toPrincipal } from "../auth/auth.service.ts";
import {
  buildActFile,
  contentDisposition,
  describeActFile,
  type ActFile,
  type ActFormat,
  type ActTarget,
} from "./act-files.ts";
import { ACT_DOWNLOAD_PATH, ACTS_MOUNT, signActLink, verifyActLink } from "./act-links.ts";
import {
  actIdParams,
  actLinkBody,
  actLinkResponse,
  actListResponse,
  actStatusListResponse,
  actStatusResponse,
  listActsQuery,
  markSentBody,
  monthQuery,
} from "./acts.schemas.ts";
import { listActs, setActStatus } from "./acts.service.ts";

export { ACT_DOWNLOAD_PATH, ACTS_MOUNT };

const binary = (description: string, type: string) => ({
  description,
  content: { [type]: { schema: { type: "string" as const, format: "binary" } } },
});

function sendFile(res: Response, file: ActFile): void {
  res.setHeader("Content-Type", file.contentType);
  res.setHeader("Content-Disposition", contentDisposition(file.fileName, file.contentType === "application/pdf"));
  res.setHeader("Cache-Control", "private, no-store");
  res.status(200).end(Buffer.from(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength));
}

/** /api/acts: the month's acts per house, their files, sent/draft status and signed download links. */
export function createActsRouter(ctx: ServiceContext, registry: OpenAPIRegistry): Router {
  const router = Router();
  const common = { mount: ACTS_MOUNT, tags: ["acts"] };

  defineRoute(
    router,
    registry,
    {
      ...common,
      method: "get",
      path: "/",
      summary: "Акты месяца по домам: план, выполнено, пропущено, статус (менеджеры)",
      query: listActsQuery,
      response: actListResponse,
    },
    ({ principal, query }) =>
      listActs(ctx, {
        principal,
        month: query.month,
        managementCompanyId: query.management_company,
        brigadeId: query.brigade,
      }),
  );

  const files: { target: ActTarget; segment: string; format: ActFormat; summary: string }[] = [
    { target: "house", segment: "house", format: "pdf", summary: "Акт по дому за месяц, PDF (A4)" },
    { target: "house", segment: "house", format: "docx", summary: "Акт по дому за месяц, DOCX для правки" },
    {
      target: "management-company",
      segment: "management-company",
      format: "pdf",
      summary: "Акты всех домов УК одним PDF",
    },
    {
      target: "management-company",
      segment: "management-company",
      format: "zip",
      summary: "ZIP с PDF-актом на каждый дом УК",
    },
  ];
  for (const file of files) {
    defineRoute(
      router,
      registry,
      {
        ...common,
        method: "get",
        path: `/${file.segment}/:id.${file.format}`,
        summary: file.summary,
        params: actIdParams,
        query: monthQuery,
        responseContent: binary(
          file.format.toUpperCase(),
          file.format === "pdf"
            ? "application/pdf"
            : file.format === "zip"
              ? "application/zip"
              : "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
      },
      async ({ principal, params, query, res }) => {
        sendFile(
          res,
          await buildActFile(ctx, {
            principal,
            target: file.target,
            id: params.id,
            month: query.month,
            format: file.format,
          }),
        );
      },
    );
  }

  defineRoute(
    router,
    registry,
    {
      ...common,
      method: "post",
      path: "/house/:id/sent",
      summary: "Отметить акт по дому отправленным { month }",
      params: actIdParams,
      body: markSentBody,
      response: actStatusResponse,
    },
    async ({ principal, params, body }) =>
      (await setActStatus(ctx, { principal, houseId: params.id, month: body.month, status: "sent" }))[0],
  );
  defineRoute(
    router,
    registry,
    {
      ...common,
      method: "delete",
      path: "/house/:id/sent",
      summary: "Вернуть акт по дому в черновик (?month=)",
      params: actIdParams,
      query: z.object({ month: markSentBody.shape.month }),
      response: actStatusResponse,
    },
    async ({ principal, params, query }) =>
      (await setActStatus(ctx, { principal, houseId: params.id, month: query.month, status: "draft" }))[0],
  );
  defineRoute(
    router,
    registry,
    {
      ...common,
      method: "post",
      path: "/management-company/:id/sent",
      summary: "Отметить отправленными акты всех домов УК { month }",
      params: actIdParams,
      body: markSentBody,
      response: actStatusListResponse,
    },
    async ({ principal, params, body }) => ({
      items: await setActStatus(ctx, { principal, managementCompanyId: params.id, month: body.month, status: "sent" }),
    }),
  );
  defineRoute(
    router,
    registry,
    {
      ...common,
      method: "post",
      path: "/links",
      summary: "Короткая подписанная ссылка на файл акта (10 минут) для openLink/downloadFile Telegram",
      body: actLinkBody,
      response: actLinkResponse,
      status: 201,
    },
    async ({ principal, body }) => {
      // Access and input are checked now, so a link that is handed out works when opened.
      const file = await describeActFile(ctx, { principal, ...body });
      const { token, expiresAt } = signActLink(ctx, principal, body);
      return { url: `${ACT_DOWNLOAD_PATH}/${token}`, fileName: file.fileName, expiresAt: expiresAt.toISOString() };
    },
  );
  return router;
}

/** GET /api/acts/download/:token: the file of a signed link, for the employee who asked while they are still office staff. */
export function createActDownloadRouter(ctx: ServiceContext, registry: OpenAPIRegistry): Router {
  const router = Router();
  defineRoute(
    router,
    registry,
    {
      mount: ACT_DOWNLOAD_PATH,
      tags: ["acts"],
      method: "get",
      path: "/:token",
      summary: "Файл акта по подписанной ссылке (без заголовка Authorization)",
      params: z.object({ token: z.string().max(600, "token: слишком длинный") }),
      responseContent: binary("PDF, DOCX или ZIP", "application/octet-stream"),
      isAuthRequired: false,
    },
    async ({ params, res }) => {
      const claims = verifyActLink(ctx, params.token);
      const employee = await ctx.db.prisma.employee.findUnique({ where: { id: claims.employeeId } });
      if (!employee?.isActive)
        throw new AppError("act_link_invalid", {
          status: 403,
          userMessage: "Ссылка на акт недействительна: сотрудник не активен",
        });
      const principal = toPrincipal(employee);
      sendFile(
        res,
        await buildActFile(ctx, {
          principal,
          target: claims.target,
          id: claims.id,
          month: claims.month,
          format: claims.format,
        }),
      );
    },
  );
  return router;
}
