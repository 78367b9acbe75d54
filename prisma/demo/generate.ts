// Builds a realistic demo company in memory: brigades, management companies, houses in Kaluga, employees and
// three months of visits that follow the real periodicity patterns over working days, with statuses up to "today".
import { addDays, addMonths, monthOf, monthRange } from "../../api/src/lib/dates.ts";
import { buildSearchText } from "../../api/src/modules/houses/search-text.ts";
import type { VisitKind, VisitStatus } from "../generated/enums.ts";
import { createRandom, type Random } from "./random.ts";
import { CRM_STAGES, FIRST_NAMES, KALUGA_CENTER, KALUGA_STREETS, LAST_NAMES, MANAGEMENT_COMPANIES } from "./kaluga.ts";

export interface DemoOptions {
  seed: number;
  /** The business day statuses are generated up to. */
  today: string;
  houses?: number;
  brigades?: number;
  /** Months of visits: from `today`'s month minus `monthsBefore` to plus `monthsAfter`. */
  monthsBefore?: number;
  monthsAfter?: number;
  /** Give every house this periodicity pattern (benchmarks use "weekly": 8 visits a month). */
  pattern?: Pattern;
}

export interface DemoVisit {
  houseIndex: number;
  date: string;
  kind: VisitKind;
  status: VisitStatus;
  reporterIndex: number | null;
  startedAt: Date | null;
  finishedAt: Date | null;
  photos: string[];
}

export interface DemoCompany {
  brigades: { number: number; name: string }[];
  managementCompanies: { title: string; phones: string[]; emails: string[] }[];
  stages: (typeof CRM_STAGES)[number][];
  houses: {
    bitrixId: number;
    title: string;
    address: string;
    searchText: string;
    latitude: number;
    longitude: number;
    apartments: number;
    entrances: number;
    floors: number;
    managementCompanyIndex: number;
    brigadeIndex: number;
    contactName: string;
    contactPhone: string;
    tariff: string;
    stageId: string;
  }[];
  /** No Telegram ids: any real-looking id may belong to a real person, who would then be this employee. */
  employees: { name: string; role: "manager" | "brigade_lead" | "cleaner"; brigadeIndex: number | null }[];
  visits: DemoVisit[];
}

export type Pattern = "two" | "four" | "twoPlusSweep" | "twoPlusFirst" | "individual" | "weekly";

const phone = (random: Random) =>
  `+7 (4842) ${random.int(50, 79)}-${String(random.int(0, 99)).padStart(2, "0")}-${String(random.int(0, 99)).padStart(2, "0")}`;
const mobile = (random: Random) =>
  `+7 9${random.int(10, 99)} ${random.int(100, 999)}-${String(random.int(0, 99)).padStart(2, "0")}-${String(random.int(0, 99)).padStart(2, "0")}`;
const personName = (random: Random) => `${random.pick(LAST_NAMES)} ${random.pick(FIRST_NAMES)}`;

function pickPattern(random: Random): Pattern {
  const roll = random.next();
  if (roll < 0.4) return "two";
  if (roll < 0.65) return "four";
  if (roll < 0.85) return "twoPlusSweep";
  if (roll < 0.95) return "twoPlusFirst";
  return "individual";
}

/** Bump when the generated data changes, so cached demo databases (test templates) are rebuilt. */
export const DEMO_VERSION = 4;

const KINDS_OF: Record<Pattern, VisitKind[]> = {
  two: ["wet_all_floors", "wet_all_floors"],
  four: ["wet_all_floors", "wet_all_floors", "wet_all_floors", "wet_all_floors"],
  twoPlusSweep: ["wet_all_floors", "sweep_all_floors", "wet_all_floors", "sweep_all_floors"],
  twoPlusFirst: ["wet_all_floors", "wet_first_floor", "wet_all_floors", "wet_first_floor"],
  weekly: [
    "wet_all_floors",
    "sweep_all_floors",
    "wet_all_floors",
    "sweep_all_floors",
    "wet_all_floors",
    "sweep_all_floors",
    "wet_all_floors",
    "sweep_all_floors",
  ],
  individual: ["wet_all_floors", "sweep_all_floors", "wet_first_floor"],
};

/** The days a brigade works in a month: Monday to Friday, and Saturday for houses on an individual schedule. */
function workingDays(month: string, isSaturdayIncluded: boolean): string[] {
  const { from, to } = monthRange(month);
  const days: string[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) {
    const weekday = new Date(`${day}T12:00:00Z`).getUTCDay();
    if (weekday !== 0 && (weekday !== 6 || isSaturdayIncluded)) days.push(day);
  }
  return days;
}

/**
 * The visits of one house in one month: its pattern's visits evenly spaced over the working days, starting at the
 * house's `phase` (0..1). Houses' phases are spread evenly, so every working day carries about the same load, as
 * a dispatcher plans it, instead of piling up mid-month.
 */
function monthPlan(month: string, pattern: Pattern, phase: number): { date: string; kind: VisitKind }[] {
  const kinds = KINDS_OF[pattern];
  const days = workingDays(month, pattern === "individual");
  return kinds.map((kind, j) => ({ date: days[Math.floor(((j + phase) * days.length) / kinds.length)]!, kind }));
}

/** The status a visit has by `today`: the past is mostly done, today is a mix, the future is planned. */
function statusFor(date: string, today: string, random: Random): VisitStatus {
  if (date > today) return "planned";
  if (date < today) return random.chance(0.92) ? "done" : "missed";
  const roll = random.next();
  return roll < 0.35 ? "done" : roll < 0.55 ? "in_progress" : "planned";
}

/** A whole demo company, deterministic for `seed` and `today`. */
export function generateDemoCompany(options: DemoOptions): DemoCompany {
  const random = createRandom(options.seed);
  const houseCount = options.houses ?? 500;
  const brigadeCount = options.brigades ?? 7;
  const brigades = Array.from({ length: brigadeCount }, (_, i) => ({ number: i + 1, name: `${i + 1} бригада` }));
  const managementCompanies = MANAGEMENT_COMPANIES.map((title, i) => ({
    title,
    phones: [phone(random), ...(random.chance(0.5) ? [mobile(random)] : [])],
    emails: [`uk${i + 1}@kaluga-uk.ru`],
  }));

  const houses: DemoCompany["houses"] = [];
  const used = new Set<string>();
  // The address the bot's documentation uses must exist: "кибальчича 3".
  const wanted = [
    { street: "улица Кибальчича", number: "3" },
    { street: "улица Билибина", number: "6" },
  ];
  while (houses.length < houseCount) {
    const forced = wanted[houses.length];
    const street = forced?.street ?? random.pick(KALUGA_STREETS);
    const number =
      forced?.number ?? `${random.int(1, 120)}${random.chance(0.1) ? random.pick(["а", "б", "к1", "к2"]) : ""}`;
    const key = `${street}|${number}`;
    if (used.has(key)) continue;
    used.add(key);
    const floors = random.pick([5, 5, 9, 9, 10, 12, 14, 16]);
    const entrances = random.int(1, floors >= 12 ? 4 : 8);
    const address = `${street}, ${number}`;
    houses.push({
      bitrixId: 10_000 + houses.length + 1,
      title: `г. Калуга, ${address}`,
      address,
      searchText: buildSearchText(address),
      latitude: Number((KALUGA_CENTER.latitude + (random.next() - 0.5) * 0.12).toFixed(6)),
      longitude: Number((KALUGA_CENTER.longitude + (random.next() - 0.5) * 0.2).toFixed(6)),
      apartments: entrances * floors * random.int(3, 4),
      entrances,
      floors,
      managementCompanyIndex: random.int(0, managementCompanies.length - 1),
      brigadeIndex: houses.length % brigadeCount,
      contactName: personName(random),
      contactPhone: mobile(random),
      tariff: `${random.pick([1.8, 2.1, 2.4, 2.9, 3.2])} ₽/м²`,
      stageId: random.chance(0.85) ? "C34:EXECUTING" : random.pick(CRM_STAGES).id,
    });
  }

  const employees: DemoCompany["employees"] = [];
  employees.push({ name: "Светлана Орлова", role: "manager", brigadeIndex: null });
  employees.push({ name: "Дмитрий Соколов", role: "manager", brigadeIndex: null });
  brigades.forEach((_, brigadeIndex) => {
    employees.push({ name: personName(random), role: "brigade_lead", brigadeIndex });
    employees.push({ name: personName(random), role: "cleaner", brigadeIndex });
    employees.push({ name: personName(random), role: "cleaner", brigadeIndex });
  });
  const leadOf = (brigadeIndex: number) =>
    employees.findIndex((e) => e.role === "brigade_lead" && e.brigadeIndex === brigadeIndex);

  const visits: DemoVisit[] = [];
  const currentMonth = monthOf(options.today);
  const months: string[] = [];
  for (let m = -(options.monthsBefore ?? 1); m <= (options.monthsAfter ?? 1); m++)
    months.push(addMonths(currentMonth, m));
  // The golden ratio spreads phases evenly over the month for every brigade (each takes every 7th house).
  const GOLDEN = 0.6180339887;
  houses.forEach((house, houseIndex) => {
    const pattern = options.pattern ?? pickPattern(random);
    const phase = (houseIndex * GOLDEN) % 1;
    const reporter = leadOf(house.brigadeIndex);
    for (const month of months) {
      const seen = new Set<string>();
      for (const plan of monthPlan(month, pattern, phase)) {
        const key = `${plan.date}|${plan.kind}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const status = statusFor(plan.date, options.today, random);
        const started =
          status === "done" || status === "in_progress"
            ? new Date(`${plan.date}T0${random.int(6, 9)}:${random.int(10, 59)}:00+03:00`)
            : null;
        const finished =
          status === "done" && started ? new Date(started.getTime() + random.int(40, 150) * 60_000) : null;
        visits.push({
          houseIndex,
          date: plan.date,
          kind: plan.kind,
          status,
          reporterIndex: started ? reporter : null,
          startedAt: started,
          finishedAt: finished,
          photos: finished
            ? Array.from({ length: random.int(2, 4) }, (_, i) => `demo-photo-${houseIndex}-${plan.date}-${i}`)
            : [],
        });
      }
    }
  });
  return { brigades, managementCompanies, stages: [...CRM_STAGES], houses, employees, visits };
}
