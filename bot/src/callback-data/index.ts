// Callback data is typed by hand on the wire: anyone can send any string. Each kind has a builder and a strict
// parser (a regex over the whole string); the services still check the principal's rights on every press.

const int = (value: string | undefined) => (value === undefined ? undefined : Number(value));

/** A visit card and its actions: open, start the cleaning, finish it. */
export const visitData = {
  pattern: /^v:(open|start|finish):(\d{1,9})$/,
  build: (action: "open" | "start" | "finish", visitId: number) => `v:${action}:${visitId}`,
  parse(data: string) {
    const match = this.pattern.exec(data);
    return match ? { action: match[1] as "open" | "start" | "finish", visitId: Number(match[2]) } : null;
  },
};

/** A day list: 0 = today, 1 = tomorrow. */
export const dayData = {
  pattern: /^day:([01])$/,
  build: (offset: 0 | 1) => `day:${offset}`,
  parse(data: string) {
    const match = this.pattern.exec(data);
    return match ? { offset: Number(match[1]) as 0 | 1 } : null;
  },
};

/** A house card. */
export const houseData = {
  pattern: /^h:(\d{1,9})$/,
  build: (houseId: number) => `h:${houseId}`,
  parse(data: string) {
    const match = this.pattern.exec(data);
    return match ? { houseId: Number(match[1]) } : null;
  },
};

export interface HouseListState {
  page: number;
  brigadeId?: number;
  managementCompanyId?: number;
  /** Whether the chat's last search text (kept in the session: it may not fit 64 bytes) applies. */
  isSearch: boolean;
}

/** A page of the house list with its filters. */
export const houseListData = {
  pattern: /^hl:(\d{1,4}):(\d{0,9}):(\d{0,9}):([01])$/,
  build: (state: HouseListState) =>
    `hl:${state.page}:${state.brigadeId ?? ""}:${state.managementCompanyId ?? ""}:${state.isSearch ? 1 : 0}`,
  parse(data: string): HouseListState | null {
    const match = this.pattern.exec(data);
    if (!match) return null;
    return {
      page: Math.max(1, Number(match[1])),
      brigadeId: int(match[2] || undefined),
      managementCompanyId: int(match[3] || undefined),
      isSearch: match[4] === "1",
    };
  },
};

/** The filter pickers of the house list ("b" = brigade, "m" = management company). */
export const houseFilterData = {
  pattern: /^hf:([bm])$/,
  build: (kind: "b" | "m") => `hf:${kind}`,
  parse(data: string) {
    const match = this.pattern.exec(data);
    return match ? { kind: match[1] as "b" | "m" } : null;
  },
};

/** Invite creation: a role, then (for brigade roles) a brigade. */
export const inviteData = {
  pattern: /^inv:(admin|manager|brigade_lead|cleaner)(?::(\d{1,9}))?$/,
  build: (role: string, brigadeId?: number) => (brigadeId === undefined ? `inv:${role}` : `inv:${role}:${brigadeId}`),
  parse(data: string) {
    const match = this.pattern.exec(data);
    if (!match) return null;
    return { role: match[1] as "admin" | "manager" | "brigade_lead" | "cleaner", brigadeId: int(match[2]) };
  },
};

/** Deactivating an employee. */
export const employeeData = {
  pattern: /^emp:off:(\d{1,9})$/,
  build: (employeeId: number) => `emp:off:${employeeId}`,
  parse(data: string) {
    const match = this.pattern.exec(data);
    return match ? { employeeId: Number(match[1]) } : null;
  },
};
