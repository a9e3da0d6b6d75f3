/**
 * State of the Segments tab: its step, the options form, the last result, and the run. The view is
 * SegmentsTab.tsx; App holds the hook so a tab switch keeps the state.
 */
import { useState } from "react";
import type { Scheme } from "../core/types";
import type { RunReport, SavedSettings, WorkbookApi } from "../excel/types";
import type { Strings, UiLang } from "./i18n";
import { optionsFromSaved, toAnalyze, type OptionsForm } from "./model";
import type { Notify } from "./useNotice";
import type { Execute } from "./useRun";
import { pinned, type Source } from "./useSource";
import { useStepFocus } from "./useStepFocus";

export type SegmentsStep = "data" | "columns" | "options" | "running" | "results";
export const SEGMENTS_WIZARD: SegmentsStep[] = ["data", "columns", "options"];

export interface JobContext {
  api: WorkbookApi;
  t: Strings;
  lang: UiLang;
  source: Source;
  execute: Execute;
  notify: Notify;
}

export function useSegments({ api, t, lang, source, execute, notify }: JobContext) {
  const [step, setStep] = useState<SegmentsStep>("data");
  const [form, setForm] = useState<OptionsForm>(() => optionsFromSaved(null));
  const [result, setResult] = useState<{ report: RunReport; scheme: Scheme } | null>(null);
  useStepFocus(step);

  /** Moving between steps clears the last message: it was about the step being left. */
  const go = (next: SegmentsStep) => {
    notify.show(null);
    setStep(next);
  };

  const restore = (saved: SavedSettings | null) => setForm(optionsFromSaved(saved));

  /** Never rejects: `execute` turns a failed or cancelled run into a notice and `undefined`. */
  const run = async () => {
    const { preview, mapping, saved } = source;
    if (!preview) return;
    setStep("running");
    const report = await execute(
      { ...saved, mapping, header: preview.header, analyze: toAnalyze({ ...form, asOf: "" }), outputs: form.outputs, lang },
      (onProgress, signal) =>
        api.runSegmentation(
          { source: pinned(preview), mapping, analyze: toAnalyze(form), lang, outputs: form.outputs },
          onProgress,
          signal,
        ),
      { cancelled: t.cancelled, failed: t.runFailed, tooLate: t.cancelTooLate },
    );
    if (report) setResult({ report, scheme: form.scheme });
    setStep(report ? "results" : "options");
  };

  return { step, setStep, go, form, setForm, result, restore, run };
}

export type Segments = ReturnType<typeof useSegments>;
