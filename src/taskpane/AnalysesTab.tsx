/**
 * The Analyses tab: pick an analysis → data → columns (the Segments tab's own steps, shared state)
 * → options → run with progress and Cancel → results with sheet links. State in useAnalysis.ts.
 */
import {
  Body1,
  Button,
  Caption1,
  Dropdown,
  Field,
  Input,
  Link,
  Option,
  Radio,
  RadioGroup,
  Subtitle2,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  mergeClasses,
} from "@fluentui/react-components";
import type { ReactNode } from "react";
import { MEASURES, type Measure } from "../core/methods/measures";
import type { ColumnMapping, ColumnRole } from "../core/types";
import type { AnalysisReport, Progress, SourceChoice, SourcePreview, WorkbookApi } from "../excel/types";
import type { Strings, UiLang } from "./i18n";
import { MigrationOptions, MigrationResults } from "./analyses/MigrationOptions";
import type { AnalysisKind, CutKind, MatrixScheme } from "./i18n-analyses";
import { LOYALTY_STRINGS } from "./i18n-loyalty";
import { LoyaltyOptions } from "./LoyaltyOptions";
import { useStyles } from "./styles";
import { ANALYSIS_WIZARD, analysisProblems, analysisRequest, useAnalysis, type AnalysisField, type AnalysisForm } from "./useAnalysis";
import { useStepFocus } from "./useStepFocus";
import { CascadeOptions } from "./analyses/CascadeOptions";

const KINDS: AnalysisKind[] = ["matrix", "lifecycle", "cascade", "loyalty", "migration"];
const SCHEMES: MatrixScheme[] = ["VALUE", "PROFIT", "SHAPIRO"];
const CUTS: CutKind[] = ["MEDIAN", "MEAN", "VALUE"];

export interface AnalysesTabProps {
  t: Strings;
  lang: UiLang;
  api: WorkbookApi;
  preview: SourcePreview | null;
  mapping: ColumnMapping;
  pinned(p: SourcePreview): SourceChoice;
  execute(
    start: (onProgress: (p: Progress) => void, signal: AbortSignal) => Promise<AnalysisReport>,
    texts: { cancelled: string; failed: string; tooLate?: string },
  ): Promise<AnalysisReport | undefined>;
  onRunning(running: boolean): void;
  /** A step change clears the pane's message. */
  onStep(): void;
  onOpenSheet(name: string): void;
  /** Progress and Cancel, App's (its execute drives them). */
  runPanel: ReactNode;
  dataStep(onNext: () => void): ReactNode;
  columnsStep(roles: readonly ColumnRole[] | undefined, onBack: () => void, onNext: () => void): ReactNode;
}

export function AnalysesTab(props: AnalysesTabProps) {
  const { t, lang, api, preview, mapping, execute, onRunning, onStep, onOpenSheet } = props;
  const a = t.an;
  const s = useStyles();
  const { step, setStep, form, update, result, setResult } = useAnalysis();
  useStepFocus(
    step === "pick" ? "analysis-pick" : step === "options" ? "analysis-options" : step === "results" ? "analysis-results" : step,
  );
  const go = (next: typeof step) => {
    onStep();
    setStep(next);
  };

  /** Never rejects: `execute` turns a failed or cancelled run into a notice and `undefined`. */
  const run = async () => {
    if (!preview) return;
    setStep("running");
    onRunning(true);
    const request = analysisRequest(form, props.pinned(preview), mapping, lang);
    const report = await execute((onProgress, signal) => api.runAnalysis(request, onProgress, signal), {
      cancelled: a.cancelled,
      failed: a.failed,
      tooLate: a.cancelTooLate,
    });
    onRunning(false);
    if (report) setResult(report);
    setStep(report ? "results" : "options");
  };

  const index = ANALYSIS_WIZARD.indexOf(step);
  return (
    <>
      {index >= 0 && (
        <nav aria-label={t.stepsLabel}>
          <ol className={s.steps}>
            {a.stepNames.map((name, i) => (
              <li
                key={name}
                aria-current={i === index ? "step" : undefined}
                className={mergeClasses(s.step, i < index && s.stepDone, i === index && s.stepCurrent)}
              >
                {i + 1}. {name}
              </li>
            ))}
          </ol>
        </nav>
      )}
      {step === "pick" && <PickStep t={t} form={form} onChange={update} onNext={() => go("data")} />}
      {step === "data" && props.dataStep(() => go("columns"))}
      {step === "columns" &&
        props.columnsStep(
          undefined,
          () => go("data"),
          () => go("options"),
        )}
      {step === "options" && (
        <OptionsStep
          t={t}
          lang={lang}
          preview={preview}
          form={form}
          mapping={mapping}
          onChange={update}
          onBack={() => go("columns")}
          onRun={() => void run()}
        />
      )}
      {step === "running" && props.runPanel}
      {step === "results" && result && (
        <ResultsStep
          t={t}
          lang={lang}
          title={result.kind === "matrix" ? a.schemes[form.scheme] : a.kinds[result.kind]}
          report={result}
          onOpenSheet={onOpenSheet}
          onChange={() => go("options")}
          onAnother={() => go("pick")}
        />
      )}
    </>
  );
}

function PickStep({
  t,
  form,
  onChange,
  onNext,
}: {
  t: Strings;
  form: AnalysisForm;
  onChange(p: Partial<AnalysisForm>): void;
  onNext(): void;
}) {
  const s = useStyles();
  const a = t.an;
  return (
    <section className={s.section} aria-labelledby="analysis-pick-heading">
      <Subtitle2 as="h2" id="analysis-pick-heading" className={s.stepHeading} tabIndex={-1}>
        {a.pickHeading}
      </Subtitle2>
      <Field label={a.pickLabel}>
        <RadioGroup value={form.kind} onChange={(_, d) => onChange({ kind: d.value as AnalysisKind })}>
          {KINDS.map((kind) => (
            <Radio
              key={kind}
              value={kind}
              label={
                <span className={s.radioLabel}>
                  {a.kinds[kind]}
                  <Caption1 className={s.muted}>{a.kindHints[kind]}</Caption1>
                </span>
              }
            />
          ))}
        </RadioGroup>
      </Field>
      <div className={s.actions}>
        <Button appearance="primary" onClick={onNext}>
          {t.next}
        </Button>
      </div>
    </section>
  );
}

interface OptionsProps {
  t: Strings;
  lang: UiLang;
  form: AnalysisForm;
  preview: SourcePreview | null;
  mapping: ColumnMapping;
  onChange(p: Partial<AnalysisForm>): void;
  onBack(): void;
  onRun(): void;
}

function OptionsStep({ t, lang, preview, form, mapping, onChange, onBack, onRun }: OptionsProps) {
  const s = useStyles();
  const a = t.an;
  const problems = analysisProblems(form, mapping, a);
  const validation = (field: AnalysisField) => ({
    validationMessage: problems[field],
    validationState: problems[field] ? ("error" as const) : ("none" as const),
  });
  const measure = (axis: "x" | "y") => (
    <Field label={a[axis]} {...validation(axis)}>
      <Dropdown
        className={s.full}
        value={a.measures[form[axis]]}
        selectedOptions={[form[axis]]}
        onOptionSelect={(_, d) => d.optionValue && onChange({ [axis]: d.optionValue as Measure })}
      >
        {MEASURES.map((m) => (
          <Option key={m} value={m}>
            {a.measures[m]}
          </Option>
        ))}
      </Dropdown>
    </Field>
  );
  const cut = (axis: "x" | "y") => {
    const kind = axis === "x" ? "xCut" : "yCut";
    const value = axis === "x" ? "xValue" : "yValue";
    return (
      <>
        <Field label={a.cut(a.measures[form[axis]])}>
          <RadioGroup layout="horizontal" value={form[kind]} onChange={(_, d) => onChange({ [kind]: d.value as CutKind })}>
            {CUTS.map((c) => (
              <Radio key={c} value={c} label={a.cuts[c]} />
            ))}
          </RadioGroup>
        </Field>
        {form[kind] === "VALUE" && (
          <Field label={a.cutValue} {...validation(value)}>
            <Input className={s.full} inputMode="decimal" value={form[value]} onChange={(_, d) => onChange({ [value]: d.value })} />
          </Field>
        )}
      </>
    );
  };

  return (
    <section className={s.section} aria-labelledby="analysis-options-heading">
      <Subtitle2 as="h2" id="analysis-options-heading" className={s.stepHeading} tabIndex={-1}>
        {a.optionsHeading} · {a.kinds[form.kind]}
      </Subtitle2>
      {form.kind === "cascade" ? (
        <CascadeOptions t={t} form={form} preview={preview} mapping={mapping} onChange={onChange} />
      ) : form.kind === "loyalty" ? (
        <LoyaltyOptions lang={lang} form={form.loyalty} preview={preview} mapping={mapping} onChange={(loyalty) => onChange({ loyalty })} />
      ) : form.kind === "migration" ? (
        <MigrationOptions t={t} form={form.migration} onChange={(p) => onChange({ migration: { ...form.migration, ...p } })} />
      ) : form.kind === "matrix" ? (
        <>
          <Field label={a.scheme}>
            <RadioGroup value={form.scheme} onChange={(_, d) => onChange({ scheme: d.value as MatrixScheme })}>
              {SCHEMES.map((scheme) => (
                <Radio key={scheme} value={scheme} label={a.schemes[scheme]} />
              ))}
            </RadioGroup>
          </Field>
          {measure("x")}
          {cut("x")}
          {measure("y")}
          {cut("y")}
        </>
      ) : (
        <>
          <Field label={a.compareTo} hint={a.compareToHint} required {...validation("compareTo")}>
            <Input
              className={s.full}
              placeholder="YYYY-MM-DD"
              value={form.compareTo}
              onChange={(_, d) => onChange({ compareTo: d.value })}
            />
          </Field>
          <Field label={a.asOf} hint={a.asOfHint} {...validation("asOf")}>
            <Input className={s.full} placeholder="YYYY-MM-DD" value={form.asOf} onChange={(_, d) => onChange({ asOf: d.value })} />
          </Field>
        </>
      )}
      <div className={s.actions}>
        <Button onClick={onBack}>{t.back}</Button>
        <Button appearance="primary" disabled={Object.keys(problems).length > 0} onClick={onRun}>
          {a.run}
        </Button>
      </div>
    </section>
  );
}

interface ResultsProps {
  t: Strings;
  lang: UiLang;
  /** The analysis as run (the matrix by its scheme). */
  title: string;
  report: AnalysisReport;
  onOpenSheet(name: string): void;
  onChange(): void;
  onAnother(): void;
}

function ResultsStep({ t, lang, title, report, onOpenSheet, onChange, onAnother }: ResultsProps) {
  const s = useStyles();
  const a = t.an;
  const migrationSheet = report.sheets.find((sheet) => sheet.key === "segment-migration")?.name;
  return (
    <section className={s.section} aria-labelledby="analysis-results-heading">
      <Subtitle2 as="h2" id="analysis-results-heading" className={s.stepHeading} tabIndex={-1}>
        {a.resultsHeading} · {title}
      </Subtitle2>
      <Body1>{a.resultsSummary(report.customers, report.classified, report.rows)}</Body1>
      {report.ahp && (
        <Caption1>
          {LOYALTY_STRINGS[lang].resultsAhp(
            ...([report.ahp.lambdaMax, report.ahp.ci, report.ahp.cr].map((v) => v.toFixed(4)) as [string, string, string]),
          )}
        </Caption1>
      )}
      {report.rejected > 0 && <Caption1>{a.rejected(report.rejected)}</Caption1>}
      {report.kind === "migration" && <MigrationResults t={t} report={report} onOpenSheet={onOpenSheet} />}
      {report.kind !== "migration" && report.summarySheet && (
        <Link as="button" onClick={() => onOpenSheet(report.summarySheet!)}>
          {report.ahp ? LOYALTY_STRINGS[lang].openWeights : a.openSummary}
        </Link>
      )}
      {migrationSheet && (
        <Link as="button" onClick={() => onOpenSheet(migrationSheet)}>
          {a.cascade.migration}
        </Link>
      )}
      <Table size="small" className={s.autoTable} aria-label={a.resultsHeading}>
        <TableHeader>
          <TableRow>
            <TableHeaderCell>{report.kind === "migration" ? a.mig.stateCol : a.classCol}</TableHeaderCell>
            <TableHeaderCell className={s.numCell}>{a.countCol}</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {report.classes.map((c) => (
            <TableRow key={c.code}>
              <TableCell className={s.labelCell}>
                <span className={s.chipCell}>
                  <span className={s.chip} style={{ backgroundColor: c.color }} aria-hidden />
                  {c.sheetName ? (
                    <Link as="button" onClick={() => onOpenSheet(c.sheetName!)}>
                      {c.label}
                    </Link>
                  ) : (
                    c.label
                  )}
                </span>
              </TableCell>
              <TableCell className={mergeClasses(s.numCell, s.tabular)}>{c.count.toLocaleString(t.locale)}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <div className={s.actions}>
        <Button onClick={onChange}>{a.changeOptions}</Button>
        <Button appearance="primary" onClick={onAnother}>
          {a.another}
        </Button>
      </div>
    </section>
  );
}
