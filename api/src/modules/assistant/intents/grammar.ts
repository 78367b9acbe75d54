// The offline assistant's grammar: a question becomes one intent with its slots, or none. Every word must be
// explained (a trigger, a slot, a filler word or an address); a question with words nobody explains is not
// guessed at. Order matters and is deliberate: reminders, help, out-of-scope topics, house facts, counts, lists.
import { readPeriod, type Period } from "./periods.ts";
import {
  readBrigade,
  readManagementCompany,
  readPerBrigade,
  readStage,
  readStatus,
  type Directory,
  type VisitStatusSlot,
} from "./slots.ts";
import { normalizeQuestion, Words } from "./text.ts";

export type HouseFact =
  | "brigade"
  | "management_company"
  | "management_contacts"
  | "senior"
  | "contacts"
  | "apartments"
  | "entrances"
  | "floors"
  | "tariff"
  | "stage"
  | "periodicity"
  | "schedule"
  | "next_visit"
  | "card";

export type TotalsMeasure = "houses" | "apartments" | "entrances" | "brigades" | "management_companies";

export interface Slots {
  brigadeNumber?: number;
  managementCompany?: { id: number; title: string };
  stage?: { id: string; title: string };
  period?: Period;
  status?: VisitStatusSlot;
  /** Words left for an address ("кибальчича 3"). */
  address?: string;
  /** "всего", "в сумме": the company-wide figure. */
  isTotal: boolean;
  /** "закреплено", "числится": houses assigned, not houses with a visit. */
  isAssigned: boolean;
  /** "по бригадам": a breakdown. */
  isPerBrigade: boolean;
}

export type Intent =
  | { name: "reminder" }
  | { name: "help" }
  | { name: "greeting" }
  | { name: "out_of_scope" }
  | { name: "house_fact"; fact: HouseFact; slots: Slots }
  | { name: "totals"; measure: TotalsMeasure; slots: Slots }
  | { name: "count_houses"; slots: Slots }
  | { name: "count_visits"; slots: Slots }
  | { name: "list_houses"; slots: Slots }
  | { name: "knowledge" }
  | { name: "unknown"; missing?: string };

export type IntentName = Intent["name"];

const REMINDER =
  /^\/?(?:remind\b|(?:пожалуйста\s+)?(?:напомни|напоминай|поставь\s+напоминание|создай\s+напоминание|отправь|передай|сообщи))/;
const HELP =
  /(?:^|\s)(?:помощь|помоги|справка|help|\/start|\/help|что\s+ты\s+умеешь|что\s+умеешь|что\s+ты\s+можешь|как\s+(?:тобой\s+)?пользоваться|какие\s+вопросы|что\s+(?:можно|мне)\s+спросить)(?:\s|$)/;
const GREETING =
  /^(?:привет\w*|здравствуй\w*|добрый\s+(?:день|вечер)|доброе\s+утро|доброго\s+\w+|хай|салют|приветик)(?:\s|$)/;
const OUT_OF_SCOPE = [
  "погод",
  "дожд",
  "снег пойдет",
  "температур",
  "анекдот",
  "шутк",
  "пошути",
  "стих",
  "песн",
  "музык",
  "фильм",
  "сериал",
  "новост",
  "курс доллар",
  "курс евро",
  "доллар",
  "биткоин",
  "гороскоп",
  "рецепт",
  "футбол",
  "хоккей",
  "политик",
  "президент",
  "сочини",
  "сказк",
  "игр",
];

const FILLER = new Set(
  (
    "а и в во на у к ко с со по за о об от до из для при про ли же бы ну вот так еще уже вообще сейчас там тут здесь " +
    "мы нас нам наш наша наши наших я мне меня мой моя мои моих ты вы вас вам ваш ваша ваши вашей вашего он она они их его ее " +
    "это этот эта эти этом этого этой тот та те то скажи скажите подскажи подскажите покажи покажите расскажи расскажите дай дайте " +
    "выдай посмотри проверь узнай уточни пожалуйста плиз можешь можете мог бы сказать показать нужно надо хочу знать интересует " +
    "какой какая какое какие каких каком какую каким сколько кто что где когда как который которая которые которых есть будет " +
    "будут был была было были является имеется стоит там всего итого сумме общее общая общий всех все всё целом " +
    "дом дома доме дому домом домов домах домик объект объекта объекты объектов адрес адресу адреса адресов " +
    "у этого указан указана указано записан записана числится значится " +
    "бригада бригады бригаде бригадой бригад бригадам бригадах " +
    "уборка уборки уборку уборок уборкой уборками визит визиты визитов выезд выезды выездов работа работы работ " +
    "компания компании компаний управляющая управляющей управляющие управляющих ук " +
    "ну пусть давай очень много мало штук раз раза црм crm битрикс битриксе карточке " +
    "приедут придут приходят приезжают приедет придет будем убирать уборщики уборщицы клинеры моют моем помоем"
  ).split(" "),
);

const STREET_WORDS =
  /^(?:улица|ул|проспект|пр|просп|переулок|пер|проезд|шоссе|бульвар|площадь|пл|набережная|наб|город|г|калуга|калуге|микрорайон|мкр|корпус|корп|строение|стр|д|кв)$/;

/** Fact keywords, checked in this order: the more specific phrase first ("телефон УК" before "УК"). */
const FACTS: { fact: HouseFact; phrases: string[][] }[] = [
  { fact: "senior", phrases: [["старш"], ["председател"], ["активист"]] },
  {
    fact: "management_contacts",
    phrases: [
      ["телефон", "ук"],
      ["телефон", "управляющ"],
      ["контакт", "ук"],
      ["контакт", "управляющ"],
      ["почт", "ук"],
      ["email"],
      ["почта"],
      ["телефоны", "ук"],
      ["номер", "ук"],
    ],
  },
  { fact: "management_company", phrases: [["управляющ"], ["ук"], ["обслуживающ", "организац"]] },
  { fact: "contacts", phrases: [["контакт"], ["телефон"], ["позвонить"], ["связаться"]] },
  { fact: "apartments", phrases: [["квартир"]] },
  { fact: "entrances", phrases: [["подъезд"], ["подезд"]] },
  { fact: "floors", phrases: [["этажност"], ["этажей"], ["этажа"], ["этажн"], ["этаж"]] },
  {
    fact: "tariff",
    phrases: [["тариф"], ["стоимост"], ["цена"], ["цену"], ["расценк"], ["сколько", "стоит"], ["почем"]],
  },
  { fact: "stage", phrases: [["стади"], ["этап"], ["сделк"], ["статус", "договор"], ["договор"]] },
  { fact: "periodicity", phrases: [["периодичн"], ["как", "часто"], ["сколько", "раз"], ["частот"]] },
  { fact: "schedule", phrases: [["график"], ["расписан"]] },
  { fact: "next_visit", phrases: [["следующ"], ["ближайш"], ["когда"]] },
  {
    fact: "brigade",
    phrases: [
      ["чья", "бригад"],
      ["какая", "бригад"],
      ["какой", "бригад"],
      ["кто", "убира"],
      ["кто", "обслужива"],
      ["бригад"],
      ["кто", "закреплен"],
      ["за", "кем"],
    ],
  },
  {
    fact: "card",
    phrases: [["информац"], ["карточк"], ["инфо"], ["данные"], ["всё", "о"], ["все", "о"], ["все", "про"], ["подробн"]],
  },
];

const HOUSE_WORDS = ["дом", "дому", "доме", "дома", "домов", "домах", "объект", "адрес"];
const VISIT_WORDS = ["уборк", "убор", "визит", "выезд", "чистк", "мойк", "влажн", "подмета", "работ"];
const LIST_WORDS = [
  "какие",
  "какой",
  "список",
  "перечисл",
  "покажи",
  "куда",
  "где",
  "адреса",
  "план",
  "что",
  "назови",
  "выведи",
];
const KNOWLEDGE_CUES = [
  "регламент",
  "инструкц",
  "правил",
  "безопасн",
  "техник",
  "договор",
  "штраф",
  "средств",
  "хими",
  "спецодежд",
  "перчатк",
  "можно",
  "нельзя",
  "нужно",
  "надо",
  "обязан",
  "требован",
  "порядок",
  "положен",
  "как",
  "почему",
  "зачем",
  "что делать",
  "разрешено",
  "запрещ",
  "мусор",
  "окна",
  "окон",
  "стекл",
  "лифт",
  "подвал",
  "чердак",
  "оплат",
  "акт",
  "приемк",
];

/** The first fact asked (the most specific); the words of any further ones ("телефон старшего") are used too. */
function takeFacts(words: Words): HouseFact | undefined {
  let first: HouseFact | undefined;
  for (const { fact, phrases } of FACTS) {
    for (const phrase of phrases) {
      const index = phrase.length === 1 ? words.find(phrase, { unusedOnly: true }) : words.findPhrase(phrase);
      if (index < 0) continue;
      if (fact === "brigade" && phrase.length === 1 && /^бригадир/.test(words.list[index]!)) continue;
      if (fact === "floors" && /^\d+$/.test(words.list[index - 1] ?? "")) continue; // "1 этажа" is a kind of cleaning
      words.use(index, phrase.length);
      first ??= fact;
      break;
    }
  }
  return first;
}

/** The words nobody explained, without filler: an address or a sign the question is something else. */
function leftovers(words: Words): string[] {
  return words.rest().filter((word) => !FILLER.has(word));
}

const looksLikeAddress = (rest: string[]) => rest.some((word) => /[а-яa-z]{3,}/.test(word) && !STREET_WORDS.test(word));

/** Reads a normalized question into an intent. */
export function parseIntent(
  question: string,
  options: { now: Date; timeZone: string; directory: Directory; hasKnowledge: boolean },
): Intent {
  const text = normalizeQuestion(question);
  if (!text) return { name: "unknown" };
  if (REMINDER.test(text)) return { name: "reminder" };
  if (HELP.test(text)) return { name: "help" };
  const words = new Words(text);
  if (OUT_OF_SCOPE.some((stem) => (stem.includes(" ") ? words.hasPhrase(stem.split(" ")) : words.has([stem]))))
    return { name: "out_of_scope" };

  const greeting = text.match(GREETING);
  if (greeting) words.use(0, greeting[0].trim().split(" ").length);

  // Slots first: what they take is no longer an address.
  const period = readPeriod(words, options) ?? undefined;
  const brigadeNumber = readBrigade(words);
  const isPerBrigade = readPerBrigade(words);
  const managementCompany = readManagementCompany(words, options.directory);
  const stage = readStage(words, options.directory);
  const status = readStatus(words);
  const isTotal = words.has(["всего", "итого", "общее", "общая", "общий", "сумм"]) || words.hasPhrase(["в", "целом"]);
  const isAssigned =
    words.has(["закреплен", "закрепил", "числит", "привязан", "относит"]) ||
    words.hasPhrase(["за", "бригад"]) ||
    words.hasPhrase(["обслужива", "бригад"]);
  const hasHouseWord = words.has(HOUSE_WORDS);
  const hasVisitWord = words.has(VISIT_WORDS) || status !== undefined;
  const isHowMany = words.has(["сколько", "количеств", "число", "скока", "скоко"]);
  const isList = words.has(LIST_WORDS);
  words.useStems([
    "всего",
    "итого",
    "сумм",
    "количеств",
    "скока",
    "скоко",
    "число",
    "закреплен",
    "закрепил",
    "числит",
    "привязан",
    "относит",
    "обслужива",
    "список",
    "перечисл",
    "назови",
    "выведи",
    "куда",
    "едем",
    "ехать",
    "поедем",
    "едут",
    "убира",
    "убирают",
    "планир",
  ]);

  const taken = takeFacts(words);
  // Nobody counts "the stage of a house": "сколько договоров расторгнуто", "дома на стадии новый договор" filter by stage.
  const fact = taken === "stage" && (isHowMany || stage) ? undefined : taken;
  const rest = leftovers(words);
  const address = looksLikeAddress(rest) ? rest.join(" ") : undefined;
  const slots: Slots = {
    brigadeNumber,
    managementCompany,
    stage,
    period,
    status,
    address,
    isTotal,
    isAssigned,
    isPerBrigade,
  };
  const hasScope = brigadeNumber !== undefined || managementCompany !== undefined || stage !== undefined;

  // Facts about one house need the house; "сколько квартир" alone is a company total.
  if (fact && address && !(isHowMany && hasScope)) return { name: "house_fact", fact, slots };
  if (fact && isHowMany) {
    if (fact === "apartments") return { name: "totals", measure: "apartments", slots };
    if (fact === "entrances") return { name: "totals", measure: "entrances", slots };
  }
  if (isHowMany && !address) {
    if (words.has(["бригад"]) && brigadeNumber === undefined && !hasHouseWord && !hasVisitWord)
      return { name: "totals", measure: "brigades", slots };
    if (
      (words.has(["управляющ"]) || words.list.includes("ук")) &&
      !managementCompany &&
      !hasHouseWord &&
      !hasVisitWord
    ) {
      return { name: "totals", measure: "management_companies", slots };
    }
  }
  if (fact && !address && rest.length === 0 && !isHowMany && !hasVisitWord && !isList) {
    return { name: "unknown", missing: "house" };
  }
  if (rest.length > 0 && !address) return fallback(text, options.hasKnowledge);
  if (isHowMany && hasHouseWord && !(hasVisitWord && !period)) return { name: "count_houses", slots };
  if (isHowMany && hasVisitWord) return { name: "count_visits", slots };
  if (isHowMany && hasHouseWord) return { name: "count_houses", slots };
  if (isHowMany && (isTotal || hasScope) && !fact) return { name: "count_houses", slots };
  if (fact && !address) return { name: "unknown", missing: "house" };
  // An address and nothing else asked ("расскажи про дом Кибальчича 3", "кибальчича 3"): the house card.
  if (address && !isHowMany && !period && !hasScope && !status) return { name: "house_fact", fact: "card", slots };
  if ((isList || hasHouseWord || hasVisitWord) && (period || hasScope || status)) return { name: "list_houses", slots };
  if (period && !isHowMany && words.rest().every((word) => FILLER.has(word))) return { name: "list_houses", slots };
  if (greeting) return { name: "greeting" };
  return fallback(text, options.hasKnowledge);
}

function fallback(text: string, hasKnowledge: boolean): Intent {
  const words = new Words(text);
  if (
    hasKnowledge &&
    KNOWLEDGE_CUES.some((cue) => (cue.includes(" ") ? words.hasPhrase(cue.split(" ")) : words.has([cue])))
  )
    return { name: "knowledge" };
  return { name: "unknown" };
}
