/**
 * What the three jobs share: the settings remembered in the workbook, the data source and its
 * preview, and the column mapping, with the reads that fill them. Held by App so that switching tabs
 * keeps them; the start-up restore is useStartup.ts.
 */
import { useMemo, useRef, useState } from "react";
import type { ColumnMapping, ColumnRole } from "../core/types";
import type { SavedSettings, SourceChoice, SourcePreview, WorkbookApi } from "../excel/types";
import type { Strings, UiLang } from "./i18n";
import { columnLetters, initialMapping, type RoleOrigin } from "./model";
import type { Notify } from "./useNotice";

/** Runs read the range previewed, with its header as a check, wherever the selection has gone since. */
export const pinned = (p: SourcePreview): SourceChoice => ({ kind: "address", address: p.address, header: p.header });

export function useSource(api: WorkbookApi, t: Strings, notify: Notify) {
  const [saved, setSaved] = useState<SavedSettings | null>(null);
  const [choice, setChoice] = useState<SourceChoice>({ kind: "region" });
  const [tables, setTables] = useState<string[]>([]);
  const [preview, setPreview] = useState<SourcePreview | null>(null);
  const [mapping, setMapping] = useState<ColumnMapping>({});
  const [origin, setOrigin] = useState<Partial<Record<ColumnRole, RoleOrigin>>>({});
  const [busy, setBusy] = useState(false);
  // Set once the user reads or inserts data, so the start-up look at the selection cannot overwrite it.
  const actedRef = useRef(false);

  const letters = useMemo(() => (preview ? columnLetters(preview.address, preview.header.length) : []), [preview]);

  const applyPreview = (p: SourcePreview, remembered: SavedSettings | null) => {
    const initial = initialMapping(p, remembered);
    setPreview(p);
    setTables(p.tables);
    setMapping(initial.mapping);
    setOrigin(initial.origin);
  };

  /** Keeps the settings and stores them; remembering is a convenience, so a failure to store is ignored. */
  const remember = (settings: SavedSettings) => {
    setSaved(settings);
    api.saveSettings(settings).catch(() => undefined);
  };

  /** The start-up preview of the selection, unless the user has already chosen data. */
  const adoptStartPreview = (p: SourcePreview, restored: SavedSettings | null) => {
    if (!actedRef.current) applyPreview(p, restored);
  };

  const readData = async () => {
    actedRef.current = true;
    setBusy(true);
    notify.show(null);
    try {
      applyPreview(await api.previewSource(choice), saved);
    } catch (error) {
      setPreview(null);
      notify.fail(t.previewFailed, error);
    } finally {
      setBusy(false);
    }
  };

  /** `onInserted` moves the job on, in the same update as the success message. */
  const insertSample = async (lang: UiLang, onInserted: () => void) => {
    actedRef.current = true;
    setBusy(true);
    notify.show(null);
    try {
      const inserted = await api.insertSampleData(lang);
      const p = await api.previewSource({ kind: "region" });
      setChoice({ kind: "region" });
      // Fresh demo data: trust detection, not a mapping remembered from some other sheet.
      applyPreview(p, null);
      notify.show({ intent: "success", text: t.sampleInserted(inserted.sheetName, inserted.rows) });
      onInserted();
    } catch (error) {
      notify.fail(t.sampleFailed, error);
    } finally {
      setBusy(false);
    }
  };

  const chooseSource = (next: SourceChoice) => {
    setChoice(next);
    setPreview(null);
    // Table names come with a preview; without one yet, learn them from the used range.
    if (next.kind === "table" && tables.length === 0) {
      api
        .previewSource({ kind: "used" })
        .then((p) => {
          setTables(p.tables);
          if (p.tables.length > 0)
            setChoice((c) => (c.kind === "table" && c.tableName === "" ? { kind: "table", tableName: p.tables[0] } : c));
        })
        // An empty sheet has no used range; the dropdown then says there are no tables.
        .catch(() => undefined);
    }
  };

  const mapRole = (role: ColumnRole, column: number | undefined) => {
    setMapping((m) => {
      const next = { ...m };
      if (column === undefined) delete next[role];
      else next[role] = column;
      return next;
    });
    setOrigin((o) => ({ ...o, [role]: "user" }));
  };

  return {
    saved,
    restore: setSaved,
    remember,
    choice,
    tables,
    preview,
    letters,
    mapping,
    origin,
    busy,
    adoptStartPreview,
    readData,
    insertSample,
    chooseSource,
    mapRole,
  };
}

export type Source = ReturnType<typeof useSource>;
