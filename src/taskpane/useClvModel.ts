/**
 * State of the CLV model tab: its step, the assumptions form, the last model, and the run. The view
 * is ClvTab.tsx; App holds the hook so a tab switch keeps the state.
 */
import { useState } from "react";
import type { ClvModelReport, ClvTimeUnit, SavedSettings } from "../excel/types";
import { CLV_ROLES, clvFormFromSaved, clvToSave, DEFAULT_CLV, pickRoles, toClvModel, type ClvForm } from "./model";
import type { JobContext } from "./useSegments";
import { pinned } from "./useSource";
import { useStepFocus } from "./useStepFocus";

export type ClvStep = "data" | "columns" | "assumptions" | "running" | "results";
export const CLV_WIZARD: ClvStep[] = ["data", "columns", "assumptions"];

export function useClvModel({ api, t, lang, source, execute, notify }: JobContext) {
  const [step, setStep] = useState<ClvStep>("data");
  const [form, setForm] = useState<ClvForm>(DEFAULT_CLV);
  const [result, setResult] = useState<{ report: ClvModelReport; unit: ClvTimeUnit } | null>(null);
  useStepFocus(step);

  /** Moving between steps clears the last message: it was about the step being left. */
  const go = (next: ClvStep) => {
    notify.show(null);
    setStep(next);
  };

  const restore = (saved: SavedSettings | null) => setForm(clvFormFromSaved(saved));

  /** The results' advice on the calibration and holdout periods, taken back to the assumptions. */
  const applyAdvice = (calibrationEnd: string, holdoutEnd: string) => {
    setForm({ ...form, calibrationEnd, holdoutEnd });
    go("assumptions");
  };

  /** Never rejects: `execute` turns a failed or cancelled run into a notice and `undefined`. */
  const run = async () => {
    const { preview, mapping, saved } = source;
    if (!preview) return;
    setStep("running");
    const report = await execute(
      { ...saved, mapping, header: preview.header, lang, clv: clvToSave(form) },
      (onProgress, signal) =>
        api.buildClvModel(
          { source: pinned(preview), mapping: pickRoles(mapping, CLV_ROLES), ...toClvModel(form), lang },
          onProgress,
          signal,
        ),
      { cancelled: t.clvCancelled, failed: t.clvRunFailed, tooLate: t.clvCancelTooLate },
    );
    if (report) setResult({ report, unit: form.unit });
    setStep(report ? "results" : "assumptions");
  };

  return { step, setStep, go, form, setForm, result, restore, applyAdvice, run };
}

export type ClvModel = ReturnType<typeof useClvModel>;
