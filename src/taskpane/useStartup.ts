/**
 * Start-up: restore the settings remembered in the workbook, then look at the selection so a user
 * already in their data can go on at once. Once per workbook API.
 */
import { useEffect, useEffectEvent } from "react";
import type { SavedSettings, SourcePreview, WorkbookApi } from "../excel/types";

export interface StartupHandlers {
  /** The remembered settings, or null on first use or when they cannot be read. */
  restore(saved: SavedSettings | null): void;
  /** The selection's preview, read after the restore. */
  preview(p: SourcePreview, saved: SavedSettings | null): void;
}

export function useStartup(api: WorkbookApi, handlers: StartupHandlers): void {
  // Effect events see the latest handlers without restarting the start-up when they change.
  const restore = useEffectEvent(handlers.restore);
  const preview = useEffectEvent(handlers.preview);
  useEffect(() => {
    let live = true;
    // Both reads below catch their own failures, so the promise cannot reject.
    void (async () => {
      // Unreadable settings mean starting from the defaults, as on first use.
      const restored = await api.loadSettings().catch(() => null);
      if (!live) return;
      restore(restored);
      try {
        const p = await api.previewSource({ kind: "region" });
        if (live) preview(p, restored);
      } catch {
        // An empty selection is the normal first state, not an error worth showing.
      }
    })();
    return () => {
      live = false;
    };
  }, [api]);
}
