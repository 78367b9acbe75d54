import mammoth from "mammoth";
import { extractText, getDocumentProxy } from "unpdf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../../../prisma/client.ts";
import { createTestDatabase } from "../../testing/test-db.ts";
import { renderActDocx } from "./acts.docx.ts";
import { renderActPdf, renderActsPdf } from "./acts.pdf.ts";
import { getHouseAct, getManagementCompanyActs, listActs, setActStatus } from "./acts.service.ts";
import { actsContext, LEAD_1, MANAGER, seedActCompany } from "./testing/act-fixtures.ts";

let db: Database;
const COMPANY = {
  COMPANY_NAME: "ООО «Чистый дом»",
  COMPANY_INN: "4027000000",
  COMPANY_ADDRESS: "г. Калуга, ул. Кирова, 10",
  COMPANY_DIRECTOR: "Иванов И. И.",
};

async function pdfText(bytes: Uint8Array): Promise<string> {
  const pdf = await getDocumentProxy(new Uint8Array(bytes));
  const { text } = await extractText(pdf, { mergePages: true });
  return text.replace(/\s+/g, " ");
}

beforeAll(async () => {
  db = await createTestDatabase();
  await seedActCompany(db);
});
afterAll(() => db?.close());

describe("listActs", () => {
  it("lists last month's houses with planned / done / missed, the sum and what to fix before sending", async () => {
    const list = await listActs(actsContext(db), { principal: MANAGER });
    expect(list.month).toBe("2026-11");
    expect(list.monthLabel).toBe("ноябрь 2026");
    const bilibina = list.items.find((item) => item.house.id === 1)!;
    expect(bilibina.totals).toEqual({ planned: 4, done: 3, missed: 1, pending: 0, withoutPhotos: 1 });
    expect(bilibina.sum).toMatchObject({ amount: 3600, basis: "1 200,00 ₽ × 3 выполненные уборки" });
    expect(bilibina.status).toBe("draft");
    expect(bilibina.warnings).toEqual(["Пропущено уборок: 1", "Выполнено без фото: 1"]);
    expect(list.items.find((item) => item.house.id === 2)!.sum).toMatchObject({
      amount: 15000,
      basis: "Абонентская плата за месяц",
    });
    expect(list.items.find((item) => item.house.id === 3)!.totals.planned).toBe(0);
    expect(list.totals).toMatchObject({ planned: 5, done: 4, missed: 1 });
  });

  it("filters by management company and brigade", async () => {
    const ctx = actsContext(db);
    expect(
      (await listActs(ctx, { principal: MANAGER, managementCompanyId: 2 })).items.map((item) => item.house.id),
    ).toEqual([3]);
    expect((await listActs(ctx, { principal: MANAGER, brigadeId: 2 })).items.map((item) => item.house.id)).toEqual([2]);
  });

  it("refuses brigade members, unknown filters and months more than two years away", async () => {
    const ctx = actsContext(db);
    await expect(listActs(ctx, { principal: LEAD_1 })).rejects.toMatchObject({ status: 403, code: "forbidden" });
    await expect(listActs(ctx, { principal: MANAGER, managementCompanyId: 99 })).rejects.toMatchObject({
      status: 400,
      code: "unknown_management_company",
    });
    await expect(listActs(ctx, { principal: MANAGER, month: "2029-01" })).rejects.toMatchObject({
      status: 400,
      code: "act_month_out_of_range",
    });
    await expect(listActs(ctx, { principal: MANAGER, month: "2024-11" })).rejects.toMatchObject({
      code: "act_month_out_of_range",
    });
    expect((await listActs(ctx, { principal: MANAGER, month: "2024-12" })).month).toBe("2024-12");
  });
});

describe("the act as PDF and DOCX", () => {
  it("has both parties, the address, the month, every visit's date, the totals and the sum in its text", async () => {
    const ctx = actsContext(db, COMPANY);
    const act = await getHouseAct(ctx, { principal: MANAGER, houseId: 1 });
    const text = await pdfText(await renderActPdf(act, ctx.clock.now()));
    for (const expected of [
      "ЧЕРНОВИК",
      "АКТ № 1/2026-11",
      "выполненных работ по уборке за ноябрь 2026",
      "от 30.11.2026",
      "Исполнитель: ООО «Чистый дом»",
      "ИНН: 4027000000",
      "Заказчик: УК «Восход»",
      "Объект: ул. Билибина, 6",
      "03.11.2026",
      "10.11.2026",
      "17.11.2026",
      "24.11.2026",
      "Пропущено",
      "Пётр Бригадиров",
      "10:35",
      "25.11 00:20",
      "Итого: запланировано — 4, выполнено — 3, пропущено — 1.",
      "Сумма: 3 600,00 ₽",
      "Перед отправкой проверьте: Пропущено уборок: 1; Выполнено без фото: 1.",
      "/ Иванов И. И. /",
    ]) {
      expect(text).toContain(expected);
    }
  });

  it("leaves missing company details blank and says so when the month had no cleanings", async () => {
    const ctx = actsContext(db);
    const act = await getHouseAct(ctx, { principal: MANAGER, houseId: 3 });
    const text = await pdfText(await renderActPdf(act, ctx.clock.now()));
    expect(text).toContain("Исполнитель: ________________");
    expect(text).toContain("ИНН: ________________");
    expect(text).toContain("За ноябрь 2026 уборок по этому дому не было запланировано.");
    expect(text).toContain(
      "Сумма: не рассчитана (Тариф «2.4 ₽/м²» — за квадратный метр, площадь дома неизвестна: сумма не рассчитана)",
    );
  });

  it("puts a management company's acts into one PDF, each on its own pages", async () => {
    const ctx = actsContext(db);
    const { acts } = await getManagementCompanyActs(ctx, { principal: MANAGER, managementCompanyId: 1 });
    expect(acts.map((act) => act.house.address)).toEqual(["ул. Билибина, 6", "ул. Ленина, 3"]);
    const pdf = await getDocumentProxy(new Uint8Array(await renderActsPdf(acts, "УК «Восход»", ctx.clock.now())));
    expect(pdf.numPages).toBe(2);
    const { text } = await extractText(pdf);
    expect(text[1]).toContain("Объект: ул. Ленина, 3");
    expect(text[1]).toContain("05.11.2026");
  });

  it("opens in mammoth as a .docx with the same content", async () => {
    const ctx = actsContext(db, COMPANY);
    const act = await getHouseAct(ctx, { principal: MANAGER, houseId: 1 });
    const { value } = await mammoth.extractRawText({ buffer: await renderActDocx([act], "Акт") });
    for (const expected of [
      "АКТ № 1/2026-11",
      "ноябрь 2026",
      "ул. Билибина, 6",
      "03.11.2026",
      "17.11.2026",
      "24.11.2026",
      "Пропущено",
      "Итого: запланировано — 4, выполнено — 3, пропущено — 1.",
      "3 600,00 ₽",
      "ИНН: 4027000000",
    ]) {
      expect(value).toContain(expected);
    }
  });

  it("an unknown house is 404", async () => {
    await expect(getHouseAct(actsContext(db), { principal: MANAGER, houseId: 999 })).rejects.toMatchObject({
      status: 404,
    });
  });
});

describe("setActStatus", () => {
  it("marks an act sent with who and when, drops the ЧЕРНОВИК mark, and reopens it", async () => {
    const ctx = actsContext(db);
    const [sent] = await setActStatus(ctx, { principal: MANAGER, houseId: 2, month: "2026-11", status: "sent" });
    expect(sent).toEqual({
      houseId: 2,
      month: "2026-11",
      status: "sent",
      sentAt: "2026-12-03T09:00:00.000Z",
      sentBy: "Светлана",
    });
    const list = await listActs(ctx, { principal: MANAGER });
    expect(list.items.find((item) => item.house.id === 2)).toMatchObject({ status: "sent", sentBy: "Светлана" });
    const text = await pdfText(
      await renderActPdf(await getHouseAct(ctx, { principal: MANAGER, houseId: 2 }), ctx.clock.now()),
    );
    expect(text).not.toContain("ЧЕРНОВИК");
    const [reopened] = await setActStatus(ctx, { principal: MANAGER, houseId: 2, month: "2026-11", status: "draft" });
    expect(reopened).toMatchObject({ status: "draft", sentAt: null, sentBy: null });
  });

  it("marks all of a management company's acts at once and refuses a month not yet begun", async () => {
    const ctx = actsContext(db);
    const items = await setActStatus(ctx, {
      principal: MANAGER,
      managementCompanyId: 1,
      month: "2026-11",
      status: "sent",
    });
    expect(items.map((item) => [item.houseId, item.status])).toEqual([
      [1, "sent"],
      [2, "sent"],
    ]);
    await expect(
      setActStatus(ctx, { principal: MANAGER, houseId: 1, month: "2027-01", status: "sent" }),
    ).rejects.toMatchObject({ status: 409, code: "act_month_not_started" });
    await expect(
      setActStatus(ctx, { principal: LEAD_1, houseId: 1, month: "2026-11", status: "sent" }),
    ).rejects.toMatchObject({ status: 403 });
    await setActStatus(ctx, { principal: MANAGER, managementCompanyId: 1, month: "2026-11", status: "draft" });
  });
});
