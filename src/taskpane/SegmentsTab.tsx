/** The Segments tab: data → columns → options → run with progress and Cancel → results. State in useSegments.ts. */
import type { ReactNode } from "react";
import type { Strings, UiLang } from "./i18n";
import { OptionsStep } from "./OptionsStep";
import { ResultsView } from "./ResultsView";
import { RunPanel } from "./RunPanel";
import type { Run } from "./useRun";
import type { Segments } from "./useSegments";

export interface SegmentsTabProps {
  t: Strings;
  lang: UiLang;
  segments: Segments;
  run: Pick<Run, "progress" | "cancelling" | "cancel">;
  onOpenSheet(name: string): void;
  /** The data and columns steps, shared with the other tabs (App's). */
  dataStep(onNext: () => void): ReactNode;
  columnsStep(roles: undefined, onBack: () => void, onNext: () => void): ReactNode;
}

export function SegmentsTab({ t, lang, segments, run, onOpenSheet, dataStep, columnsStep }: SegmentsTabProps) {
  const { step, go, form, setForm, result } = segments;
  return (
    <>
      {step === "data" && dataStep(() => go("columns"))}
      {step === "columns" &&
        columnsStep(
          undefined,
          () => go("data"),
          () => go("options"),
        )}
      {/* run() shows its own failures in the notice, so the button fires it with `void`. */}
      {step === "options" && (
        <OptionsStep t={t} form={form} onChange={setForm} onBack={() => go("columns")} onRun={() => void segments.run()} />
      )}
      {step === "running" && (
        <RunPanel
          t={t}
          label={t.progressLabel}
          stages={t.stages}
          progress={run.progress}
          cancelling={run.cancelling}
          onCancel={run.cancel}
        />
      )}
      {step === "results" && result && (
        <ResultsView
          t={t}
          lang={lang}
          report={result.report}
          scheme={result.scheme}
          onOpenSheet={onOpenSheet}
          onChangeOptions={() => go("options")}
          onNewRun={() => go("data")}
        />
      )}
    </>
  );
}
