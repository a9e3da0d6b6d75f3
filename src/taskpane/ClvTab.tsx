/**
 * The CLV model tab: data (with the Hughes cohort template beside it) → columns → assumptions → run
 * with progress and Cancel → results. State in useClvModel.ts.
 */
import type { ReactNode } from "react";
import type { ColumnRole } from "../core/types";
import type { WorkbookApi } from "../excel/types";
import { ClvAssumptionsStep } from "./ClvAssumptionsStep";
import { ClvResultsView } from "./ClvResultsView";
import { HughesCard } from "./HughesCard";
import type { Strings, UiLang } from "./i18n";
import { CLV_ROLES } from "./model";
import { RunPanel } from "./RunPanel";
import type { ClvModel } from "./useClvModel";
import type { Run } from "./useRun";

export interface ClvTabProps {
  t: Strings;
  lang: UiLang;
  api: WorkbookApi;
  clv: ClvModel;
  run: Pick<Run, "progress" | "cancelling" | "cancel">;
  onOpenSheet(name: string): void;
  /** The data and columns steps, shared with the other tabs (App's). */
  dataStep(onNext: () => void): ReactNode;
  columnsStep(roles: readonly ColumnRole[], onBack: () => void, onNext: () => void): ReactNode;
}

export function ClvTab({ t, lang, api, clv, run, onOpenSheet, dataStep, columnsStep }: ClvTabProps) {
  const { step, go, form, setForm, result } = clv;
  return (
    <>
      {step === "data" && (
        <>
          {dataStep(() => go("columns"))}
          <HughesCard t={t} onInsert={(example) => api.insertHughesTemplate(lang, example)} onOpenSheet={onOpenSheet} />
        </>
      )}
      {step === "columns" &&
        columnsStep(
          CLV_ROLES,
          () => go("data"),
          () => go("assumptions"),
        )}
      {/* run() shows its own failures in the notice, so the button fires it with `void`. */}
      {step === "assumptions" && (
        <ClvAssumptionsStep t={t} form={form} onChange={setForm} onBack={() => go("columns")} onRun={() => void clv.run()} />
      )}
      {step === "running" && (
        <RunPanel
          t={t}
          label={t.clvProgressLabel}
          stages={t.clvStages}
          progress={run.progress}
          cancelling={run.cancelling}
          onCancel={run.cancel}
        />
      )}
      {step === "results" && result && (
        <ClvResultsView
          t={t}
          report={result.report}
          unit={result.unit}
          onOpenSheet={onOpenSheet}
          onChangeAssumptions={() => go("assumptions")}
          onNewModel={() => go("data")}
          onUseAdvice={clv.applyAdvice}
        />
      )}
    </>
  );
}
