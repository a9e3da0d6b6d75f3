/**
 * What the add-in wrote, remembered in the workbook's settings so a re-run replaces exactly that:
 * output sheets by id (a user sheet with the same name is never the add-in's), and the tier
 * columns by position and header text (checked again before anything is removed).
 */
export const OWNERSHIP_KEY = "crmSegments.outputs";
export const SETTINGS_KEY = "crmSegments.settings";

export interface OwnedSheet {
  /** Role key from the WorkbookSpec, e.g. "customers", "segment:LOYAL". */
  key: string;
  id: string;
  name: string;
}

export interface OwnedTierColumns {
  sheetId: string;
  sheetName: string;
  /** Set when the columns were added to this Excel table. */
  tableName?: string;
  /** 0-based sheet row of the header cells. */
  headerRow: number;
  /** 0-based sheet column of the first tier column. */
  firstColumn: number;
  /** Header texts as written; cells that no longer hold them are the user's. */
  headers: string[];
  /** Data rows written below the header. */
  rows: number;
}

export interface Ownership {
  sheets: OwnedSheet[];
  tierColumns?: OwnedTierColumns;
  /**
   * Sheets of a run still being written, under temporary names: recorded before their content so
   * that a run cut short (pane closed) leaves nothing the next run does not remove.
   */
  pending?: OwnedSheet[];
}

function isOwnedSheet(x: unknown): x is OwnedSheet {
  const s = x as OwnedSheet;
  return !!s && typeof s.key === "string" && typeof s.id === "string" && typeof s.name === "string";
}

function isTier(x: unknown): x is OwnedTierColumns {
  const t = x as OwnedTierColumns;
  return (
    !!t &&
    typeof t.sheetId === "string" &&
    typeof t.sheetName === "string" &&
    Number.isInteger(t.headerRow) &&
    Number.isInteger(t.firstColumn) &&
    Number.isInteger(t.rows) &&
    Array.isArray(t.headers) &&
    t.headers.every((h) => typeof h === "string") &&
    (t.tableName === undefined || typeof t.tableName === "string")
  );
}

/** A damaged or foreign value claims nothing, so nothing of the user's is ever taken for ours. */
export function parseOwnership(value: unknown): Ownership {
  const v = value as { sheets?: unknown; tierColumns?: unknown; pending?: unknown } | null;
  // Pending sheets of an interrupted run are the add-in's like the others.
  const listed = (x: unknown) => (Array.isArray(x) ? x.filter(isOwnedSheet) : []);
  const sheets = [...listed(v?.sheets), ...listed(v?.pending)];
  return { sheets, tierColumns: isTier(v?.tierColumns) ? v.tierColumns : undefined };
}
