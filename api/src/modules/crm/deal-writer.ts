// Collects deal pages as they arrive, asks for the companies, users and contacts they refer to (50 ids a
// command, riding in the next batch request), and writes each page once everything it needs is known, in order.
import type { ServiceContext } from "../../lib/context.ts";
import { byIdCommands, type CrmRecord, type OneShot } from "./batch-reader.ts";
import {
  brigadeOfUser,
  contactName,
  crmCompanySchema,
  crmContactSchema,
  crmDealSchema,
  crmUserSchema,
  firstValue,
  mapDeal,
  scheduleMonths,
  type CrmCompany,
  type CrmDeal,
  type ListItemTexts,
  type MappedHouse,
} from "./deal-mapping.ts";
import type { FieldMap } from "./field-map.ts";
import { writeHousePage } from "./crm-store.ts";

interface Page {
  deals: CrmDeal[];
  meta?: { key: string; value: unknown };
}

export interface DealWriterStats {
  seen: number;
  changed: number;
}

export class DealWriter {
  readonly stats: DealWriterStats = { seen: 0, changed: 0 };
  private readonly pages: Page[] = [];
  private readonly users = new Map<number, ReturnType<typeof crmUserSchema.parse> | null>();
  private readonly companies = new Map<number, CrmCompany | null>();
  private readonly contacts = new Map<number, { name: string | null; phone: string | null } | null>();
  private readonly requested = new Set<string>();
  private sequence = 0;
  /** Companies and brigade users already written in this run. */
  private readonly written = new Set<string>();
  texts: ListItemTexts = new Map();
  knownStages = new Set<string>();

  constructor(
    private readonly ctx: ServiceContext,
    private readonly map: FieldMap,
  ) {}

  /** Queues a page of deals of our pipeline; `meta` is written with it (a resume cursor). */
  addPage(records: CrmRecord[], meta?: { key: string; value: unknown }): void {
    this.pages.push({ deals: records.map((record) => crmDealSchema.parse(record)), meta });
  }

  /** Commands for every referenced record not yet known or asked for. */
  referenceCommands(): OneShot[] {
    const wanted = { users: new Set<number>(), companies: new Set<number>(), contacts: new Set<number>() };
    for (const page of this.pages) {
      for (const deal of page.deals) {
        if (deal.ASSIGNED_BY_ID && !this.users.has(deal.ASSIGNED_BY_ID)) wanted.users.add(deal.ASSIGNED_BY_ID);
        if (deal.COMPANY_ID && !this.companies.has(deal.COMPANY_ID)) wanted.companies.add(deal.COMPANY_ID);
        if (deal.CONTACT_ID && !this.contacts.has(deal.CONTACT_ID)) wanted.contacts.add(deal.CONTACT_ID);
      }
    }
    const fresh = (kind: string, ids: Set<number>) => [...ids].filter((id) => !this.requested.has(`${kind}${id}`));
    const shots: OneShot[] = [];
    const add = <T>(
      kind: string,
      method: string,
      select: string[],
      filterKey: string,
      target: Map<number, T | null>,
      parse: (row: unknown) => [number, T],
    ) => {
      const ids = fresh(kind, wanted[kind as keyof typeof wanted]);
      for (const id of ids) this.requested.add(`${kind}${id}`);
      for (const command of byIdCommands(`${kind[0]}${this.sequence++}_`, method, ids, select, filterKey)) {
        shots.push({
          key: command.key,
          command: command.command,
          onResult: (result) => {
            for (const row of Array.isArray(result) ? result : []) {
              const [id, value] = parse(row);
              target.set(id, value);
            }
            // Ids the portal did not return are gone: remember them as missing.
            for (const id of command.ids) if (!target.has(id)) target.set(id, null);
          },
        });
      }
    };
    add("users", "user.get", [], "FILTER", this.users, (row) => {
      const user = crmUserSchema.parse(row);
      return [user.ID, user];
    });
    add("companies", "crm.company.list", ["ID", "TITLE", "PHONE", "EMAIL"], "filter", this.companies, (row) => {
      const company = crmCompanySchema.parse(row);
      return [company.ID, company];
    });
    add(
      "contacts",
      "crm.contact.list",
      ["ID", "NAME", "SECOND_NAME", "LAST_NAME", "PHONE"],
      "filter",
      this.contacts,
      (row) => {
        const contact = crmContactSchema.parse(row);
        return [contact.ID, { name: contactName(contact), phone: firstValue(contact.PHONE) }];
      },
    );
    return shots;
  }

  private isReady(page: Page): boolean {
    return page.deals.every(
      (deal) =>
        (!deal.ASSIGNED_BY_ID || this.users.has(deal.ASSIGNED_BY_ID)) &&
        (!deal.COMPANY_ID || this.companies.has(deal.COMPANY_ID)) &&
        (!deal.CONTACT_ID || this.contacts.has(deal.CONTACT_ID)),
    );
  }

  /**
   * Writes, in order, the pages whose references are all known. Pages are grouped up to `dealsPerWrite` per
   * transaction: statements, not rows, dominate the cost, and a group is as consistent as a single page.
   */
  async flushReady(dealsPerWrite = 500): Promise<void> {
    while (this.pages.length > 0 && this.isReady(this.pages[0]!)) {
      const group: Page[] = [];
      let size = 0;
      while (
        this.pages.length > 0 &&
        this.isReady(this.pages[0]!) &&
        (group.length === 0 || size + this.pages[0]!.deals.length <= dealsPerWrite)
      ) {
        const page = this.pages.shift()!;
        group.push(page);
        size += page.deals.length;
      }
      await this.write(
        group.flatMap((page) => page.deals),
        group.at(-1)!.meta,
      );
    }
  }

  private async write(deals: CrmDeal[], meta: Page["meta"]): Promise<void> {
    const houses: MappedHouse[] = deals.map((deal) => {
      const house = mapDeal(deal, this.map, this.texts, this.ctx.config.timeZone);
      return this.knownStages.has(house.stageId ?? "") ? house : { ...house, stageId: null };
    });
    const isNew = (key: string) => !this.written.has(key) && (this.written.add(key), true);
    const companies = [...new Set(houses.map((h) => h.companyBitrixId))].flatMap((id) => {
      const company = id ? this.companies.get(id) : null;
      return company && isNew(`c${id}`) ? [company] : [];
    });
    const brigades = [...new Set(houses.map((h) => h.assignedUserId))].flatMap((id) => {
      const user = id ? this.users.get(id) : null;
      const brigade = user ? brigadeOfUser(user, this.map.brigadeNamePattern) : null;
      return brigade && isNew(`u${id}`) ? [brigade] : [];
    });
    const contacts = new Map<number, { name: string | null; phone: string | null }>();
    for (const h of houses) {
      const contact = h.contactId ? this.contacts.get(h.contactId) : null;
      if (h.contactId && contact) contacts.set(h.contactId, contact);
    }
    const { changed } = await writeHousePage(this.ctx.db, {
      houses,
      companies,
      brigades,
      contacts,
      months: scheduleMonths(this.map),
      meta,
    });
    this.stats.seen += houses.length;
    this.stats.changed += changed;
  }

  private flushing: Promise<void> = Promise.resolve();
  private failure: { error: unknown } | undefined;

  /**
   * Starts writing ready pages in the background, so the database works while the next request is on the
   * wire. Writes stay in order; after a failed write nothing later is written (the cursor must not skip a page).
   */
  startFlush(dealsPerWrite?: number): void {
    if (this.failure) throw this.failure.error;
    this.flushing = this.flushing.then(async () => {
      if (this.failure) return;
      try {
        await this.flushReady(dealsPerWrite);
      } catch (error) {
        this.failure = { error };
      }
    });
  }

  /** Waits for every page to be written; throws the first write failure. */
  async drain(dealsPerWrite?: number): Promise<void> {
    this.startFlush(dealsPerWrite);
    await this.flushing;
    if (this.failure) throw this.failure.error;
    if (this.pages.length > 0)
      throw new Error(`${this.pages.length} deal pages still wait for records the portal never returned`);
  }
}
