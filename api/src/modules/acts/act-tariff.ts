// The act's sum from the house's CRM tariff, a free-text field. Only what the text clearly says is priced: a
// monthly fee ("15000", "15 000 ₽/мес") or a price per cleaning ("1200 ₽ за уборку"). A price per square metre
// needs an area the CRM does not hold, and anything else is left for the manager: no guessed sums on a document.
import type { ActSum } from "./acts.schemas.ts";

const NUMBER = /(\d[\d\s\u00a0]*(?:[.,]\d{1,2})?)/;
const PER_AREA = /м\s*²|м2\b|кв\.?\s*м/i;
// \b knows only ASCII letters: «раз» as a word is spelled out.
const PER_VISIT = /уборк|(?:^|[^а-яё])раз(?:[^а-яё]|$)|визит|выезд/i;
const MONTHLY_ONLY =
  /^\s*\d[\d\s\u00a0]*(?:[.,]\d{1,2})?\s*(?:₽|руб\.?|р\.?|rub)?\s*(?:\/\s*мес\.?|в\s+месяц|за\s+месяц|\/\s*месяц)?\s*$/i;

/** "1 500,00 ₽": grouped with plain spaces so the text reads (and extracts) the same everywhere. */
export function formatRubles(amount: number): string {
  const [whole, fraction] = amount.toFixed(2).split(".") as [string, string];
  return `${whole.replace(/\B(?=(\d{3})+(?!\d))/g, " ")},${fraction} ₽`;
}

function parseAmount(text: string): number | null {
  const match = NUMBER.exec(text);
  if (!match) return null;
  const value = Number(match[1]!.replace(/[\s\u00a0]/g, "").replace(",", "."));
  return Number.isFinite(value) && value > 0 ? value : null;
}

const pluralVisits = (count: number) => {
  const mod10 = count % 10;
  const mod100 = count % 100;
  if (mod10 === 1 && mod100 !== 11) return "выполненная уборка";
  if (mod10 >= 2 && mod10 <= 4 && (mod100 < 12 || mod100 > 14)) return "выполненные уборки";
  return "выполненных уборок";
};

/** The sum of an act for `done` cleanings under `tariff`, or null with the reason. */
export function computeActSum(tariff: string | null, done: number): ActSum {
  const text = tariff?.trim() ?? "";
  if (!text) return { tariff: null, amount: null, basis: "Тариф не указан в CRM: сумма не рассчитана" };
  if (PER_AREA.test(text)) {
    return {
      tariff: text,
      amount: null,
      basis: `Тариф «${text}» — за квадратный метр, площадь дома неизвестна: сумма не рассчитана`,
    };
  }
  const rate = parseAmount(text);
  if (rate !== null && PER_VISIT.test(text)) {
    const amount = Math.round(rate * done * 100) / 100;
    return { tariff: text, amount, basis: `${formatRubles(rate)} × ${done} ${pluralVisits(done)}` };
  }
  if (rate !== null && MONTHLY_ONLY.test(text)) {
    return { tariff: text, amount: rate, basis: "Абонентская плата за месяц" };
  }
  return { tariff: text, amount: null, basis: `Тариф «${text}» не распознан: сумма не рассчитана` };
}
