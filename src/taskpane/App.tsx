/**
 * The task pane, with two jobs on tabs that share the data and its column mapping:
 * - Segments: data → columns → options → run → results;
 * - CLV model: data → columns → assumptions → run → results, plus the Hughes cohort template.
 * All workbook access goes through the WorkbookApi prop, so the pane runs the same against Excel and
 * against the fake.
 */
import {
  Dropdown,
  FluentProvider,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Option,
  Subtitle1,
  Caption1,
  Tab,
  TabList,
  mergeClasses,
} from "@fluentui/react-components";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { ColumnMapping, ColumnRole, Scheme } from "../core/types";
import type { ClvModelReport, ClvTimeUnit, Progress, RunReport, SavedSettings, SourceChoice, SourcePreview, WorkbookApi } from "../excel/types";
import { ClvAssumptionsStep } from "./ClvAssumptionsStep";
import { ClvResultsView } from "./ClvResultsView";
import { ColumnsStep } from "./ColumnsStep";
import { DataStep } from "./DataStep";
import { displayLanguage, paneTheme, prefersDark } from "./host";
import { HughesCard } from "./HughesCard";
import { STRINGS, type Job, type UiLang } from "./i18n";
import {
  CLV_ROLES,
  columnLetters,
  DEFAULT_CLV,
  errorText,
  initialLang,
  initialMapping,
  isAbort,
  optionsFromSaved,
  pickRoles,
  toAnalyze,
  toClvModel,
  type ClvForm,
  clvFormFromSaved,
  clvToSave,
  type OptionsForm,
  type RoleOrigin,
} from "./model";
import { OptionsStep } from "./OptionsStep";
import { ResultsView } from "./ResultsView";
import { RunPanel } from "./RunPanel";
import { useStyles } from "./styles";
import { useStepFocus } from "./useStepFocus";
import { AnalysesTab } from "./AnalysesTab";

type Step = "data" | "columns" | "options" | "running" | "results";
const WIZARD: Step[] = ["data", "columns", "options"];
type ClvStep = "data" | "columns" | "assumptions" | "running" | "results";
const CLV_WIZARD: ClvStep[] = ["data", "columns", "assumptions"];
const JOBS: Job[] = ["segments", "clv", "analyses"];

interface Notice {
  intent: "error" | "warning" | "success" | "info";
  title?: string;
  text: string;
}

export interface AppProps {
  api: WorkbookApi;
}

export function App({ api }: AppProps) {
  const s = useStyles();
  const [dark, setDark] = useState(prefersDark);
  const [lang, setLang] = useState<UiLang>(() => initialLang(undefined, displayLanguage()));
  const t = STRINGS[lang];

  const [saved, setSaved] = useState<SavedSettings | null>(null);
  const [job, setJob] = useState<Job>("segments");
  const [step, setStep] = useState<Step>("data");
  const [clvStep, setClvStep] = useState<ClvStep>("data");
  const [clvForm, setClvForm] = useState<ClvForm>(DEFAULT_CLV);
  const [clvResult, setClvResult] = useState<{ report: ClvModelReport; unit: ClvTimeUnit } | null>(null);
  const [choice, setChoice] = useState<SourceChoice>({ kind: "region" });
  const [tables, setTables] = useState<string[]>([]);
  const [preview, setPreview] = useState<SourcePreview | null>(null);
  const [mapping, setMapping] = useState<ColumnMapping>({});
  const [origin, setOrigin] = useState<Partial<Record<ColumnRole, RoleOrigin>>>({});
  const [form, setForm] = useState<OptionsForm>(() => optionsFromSaved(null));
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState<Progress>({ stage: "read", fraction: 0 });
  const [cancelling, setCancelling] = useState(false);
  const [result, setResult] = useState<{ report: RunReport; scheme: Scheme } | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const abortRef = useRef<AbortController | null>(null);
  // Set once the user reads or inserts data, so the start-up look at the selection cannot overwrite it.
  const actedRef = useRef(false);

  const theme = useMemo(() => paneTheme(dark, lang), [dark, lang]);
  const letters = useMemo(() => (preview ? columnLetters(preview.address, preview.header.length) : []), [preview]);

  // Outside Office there is no theme to follow, so track the OS setting live.
  useEffect(() => {
    if (typeof window.matchMedia !== "function") return;
    const query = window.matchMedia("(prefers-color-scheme: dark)");
    const update = () => setDark(prefersDark());
    query.addEventListener("change", update);
    return () => query.removeEventListener("change", update);
  }, []);

  const applyPreview = useCallback((p: SourcePreview, remembered: SavedSettings | null) => {
    const initial = initialMapping(p, remembered);
    setPreview(p);
    setTables(p.tables);
    setMapping(initial.mapping);
    setOrigin(initial.origin);
  }, []);

  // Start-up: restore settings, then look at the selection so a user already in their data can go on at once.
  useEffect(() => {
    let live = true;
    // Both reads below catch their own failures, so the promise cannot reject.
    void (async () => {
      // Unreadable settings mean starting from the defaults, as on first use.
      const restored = await api.loadSettings().catch(() => null);
      if (!live) return;
      setSaved(restored);
      setForm(optionsFromSaved(restored));
      setClvForm(clvFormFromSaved(restored));
      if (restored?.lang) setLang(restored.lang);
      try {
        const p = await api.previewSource({ kind: "region" });
        if (live && !actedRef.current) applyPreview(p, restored);
      } catch {
        // An empty selection is the normal first state, not an error worth showing.
      }
    })();
    return () => {
      live = false;
    };
  }, [api, applyPreview]);

  // The page language picks Simplified Chinese glyph forms and is what screen readers use.
  useEffect(() => {
    document.documentElement.lang = t.locale;
  }, [t.locale]);

  useStepFocus(step);
  useStepFocus(clvStep);
  // One run at a time: both jobs write sheets and settings of the same workbook.
  const [analysisRunning, setAnalysisRunning] = useState(false);
  const running = step === "running" || clvStep === "running" || analysisRunning;

  const changeLang = (next: UiLang) => {
    setLang(next);
    const settings = { ...saved, lang: next };
    setSaved(settings);
    // Remembering is a convenience; failing to store it must not interrupt the user.
    api.saveSettings(settings).catch(() => undefined);
  };

  const fail = (title: string, error: unknown) => setNotice({ intent: "error", title, text: errorText(error, t) });

  const readData = async () => {
    actedRef.current = true;
    setBusy(true);
    setNotice(null);
    try {
      applyPreview(await api.previewSource(choice), saved);
    } catch (error) {
      setPreview(null);
      fail(t.previewFailed, error);
    } finally {
      setBusy(false);
    }
  };

  const insertSample = async () => {
    actedRef.current = true;
    setBusy(true);
    setNotice(null);
    try {
      const inserted = await api.insertSampleData(lang);
      const p = await api.previewSource({ kind: "region" });
      setChoice({ kind: "region" });
      // Fresh demo data: trust detection, not a mapping remembered from some other sheet.
      applyPreview(p, null);
      setNotice({ intent: "success", text: t.sampleInserted(inserted.sheetName, inserted.rows) });
      if (job === "clv") setClvStep("columns");
      else setStep("columns");
    } catch (error) {
      fail(t.sampleFailed, error);
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
          if (p.tables.length > 0) setChoice((c) => (c.kind === "table" && c.tableName === "" ? { kind: "table", tableName: p.tables[0] } : c));
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

  /**
   * Both jobs' runs: remember the settings, show progress with Cancel, and say how a run that did not
   * finish ended. Resolves to the report, or undefined when the run failed or was cancelled.
   */
  const execute = async <R,>(
    settings: SavedSettings,
    start: (onProgress: (p: Progress) => void, signal: AbortSignal) => Promise<R>,
    /** `tooLate`: for a job whose cancel can come too late, after which the run still resolves. */
    texts: { cancelled: string; failed: string; tooLate?: string },
  ): Promise<R | undefined> => {
    const controller = new AbortController();
    abortRef.current = controller;
    setSaved(settings);
    api.saveSettings(settings).catch(() => undefined);
    setNotice(null);
    setCancelling(false);
    setProgress({ stage: "read", fraction: 0 });
    try {
      const report = await start(setProgress, controller.signal);
      if (controller.signal.aborted && texts.tooLate) setNotice({ intent: "info", text: texts.tooLate });
      return report;
    } catch (error) {
      if (isAbort(error, controller.signal)) setNotice({ intent: "info", text: texts.cancelled });
      else fail(texts.failed, error);
      return undefined;
    } finally {
      abortRef.current = null;
      setCancelling(false);
    }
  };

  // Runs read the range previewed, with its header as a check, wherever the selection has gone since.
  const pinned = (p: SourcePreview): SourceChoice => ({ kind: "address", address: p.address, header: p.header });

  const run = async () => {
    if (!preview) return;
    setStep("running");
    const report = await execute(
      { ...saved, mapping, header: preview.header, analyze: toAnalyze({ ...form, asOf: "" }), outputs: form.outputs, lang },
      (onProgress, signal) =>
        api.runSegmentation({ source: pinned(preview), mapping, analyze: toAnalyze(form), lang, outputs: form.outputs }, onProgress, signal),
      { cancelled: t.cancelled, failed: t.runFailed },
    );
    if (report) setResult({ report, scheme: form.scheme });
    setStep(report ? "results" : "options");
  };

  const runClv = async () => {
    if (!preview) return;
    setClvStep("running");
    const report = await execute(
      { ...saved, mapping, header: preview.header, lang, clv: clvToSave(clvForm) },
      (onProgress, signal) =>
        api.buildClvModel({ source: pinned(preview), mapping: pickRoles(mapping, CLV_ROLES), ...toClvModel(clvForm), lang }, onProgress, signal),
      { cancelled: t.clvCancelled, failed: t.clvRunFailed, tooLate: t.clvCancelTooLate },
    );
    if (report) setClvResult({ report, unit: clvForm.unit });
    setClvStep(report ? "results" : "assumptions");
  };

  const cancel = () => {
    setCancelling(true);
    abortRef.current?.abort();
  };

  const openSheet = (name: string) => {
    api.activateSheet(name).catch((error) => fail(t.activateFailed, error));
  };

  /** Moving between steps clears the last message: it was about the step being left. */
  const go = (next: Step) => {
    setNotice(null);
    setStep(next);
  };
  const goClv = (next: ClvStep) => {
    setNotice(null);
    setClvStep(next);
  };
  const switchJob = (next: Job) => {
    setNotice(null);
    setJob(next);
  };

  const wizard = job === "clv" ? { index: CLV_WIZARD.indexOf(clvStep), names: t.clvStepNames } : job === "segments" ? { index: WIZARD.indexOf(step), names: t.stepNames } : { index: -1, names: [] };
  // The pane's async handlers (readData, insertSample, run, runClv) show their own failures in the
  // notice, so the buttons fire them with `void`: there is nothing left for a caller to handle.
  const dataStep = (onNext: () => void) => (
    <DataStep
      t={t}
      choice={choice}
      tables={tables}
      preview={preview}
      letters={letters}
      busy={busy}
      onChoice={chooseSource}
      onRead={() => void readData()}
      onSample={() => void insertSample()}
      onNext={onNext}
    />
  );
  const columnsStep = (roles: readonly ColumnRole[] | undefined, onBack: () => void, onNext: () => void) =>
    preview && (
      <ColumnsStep t={t} preview={preview} letters={letters} mapping={mapping} origin={origin} roles={roles} onMap={mapRole} onBack={onBack} onNext={onNext} />
    );

  return (
    <FluentProvider theme={theme} lang={t.locale}>
      <div className={s.root}>
        <header className={s.header}>
          <div className={s.headerText}>
            <Subtitle1 as="h1" className={s.title}>
              {t.appTitle}
            </Subtitle1>
            <Caption1 className={s.muted}>{t.subtitles[job]}</Caption1>
          </div>
          <Dropdown
            className={s.langPicker}
            aria-label={t.language}
            value={t.langNames[lang]}
            selectedOptions={[lang]}
            onOptionSelect={(_, d) => d.optionValue && changeLang(d.optionValue as UiLang)}
          >
            <Option value="zh" lang="zh-CN">
              {t.langNames.zh}
            </Option>
            <Option value="en" lang="en-US">
              {t.langNames.en}
            </Option>
          </Dropdown>
        </header>
        <TabList className={s.tabs} aria-label={t.jobsLabel} selectedValue={job} onTabSelect={(_, d) => switchJob(d.value as Job)}>
          {JOBS.map((name) => (
            <Tab key={name} id={`tab-${name}`} value={name} disabled={running && name !== job}>
              {t.jobs[name]}
            </Tab>
          ))}
        </TabList>
        <main>
          <div className={s.body} role="tabpanel" aria-labelledby={`tab-${job}`}>
            {wizard.index >= 0 && (
              <nav aria-label={t.stepsLabel}>
                <ol className={s.steps}>
                  {wizard.names.map((name, i) => (
                    <li
                      key={name}
                      aria-current={i === wizard.index ? "step" : undefined}
                      className={mergeClasses(s.step, i < wizard.index && s.stepDone, i === wizard.index && s.stepCurrent)}
                    >
                      {i + 1}. {name}
                    </li>
                  ))}
                </ol>
              </nav>
            )}
            {notice && (
              <MessageBar intent={notice.intent} data-testid="notice">
                <MessageBarBody>
                  {notice.title && <MessageBarTitle>{notice.title}</MessageBarTitle>}
                  {notice.text}
                </MessageBarBody>
              </MessageBar>
            )}
            {job === "segments" && (
              <>
                {step === "data" && dataStep(() => go("columns"))}
                {step === "columns" && columnsStep(undefined, () => go("data"), () => go("options"))}
                {step === "options" && <OptionsStep t={t} form={form} onChange={setForm} onBack={() => go("columns")} onRun={() => void run()} />}
                {step === "running" && (
                  <RunPanel t={t} label={t.progressLabel} stages={t.stages} progress={progress} cancelling={cancelling} onCancel={cancel} />
                )}
                {step === "results" && result && (
                  <ResultsView
                    t={t}
                    lang={lang}
                    report={result.report}
                    scheme={result.scheme}
                    onOpenSheet={openSheet}
                    onChangeOptions={() => go("options")}
                    onNewRun={() => go("data")}
                  />
                )}
              </>
            )}
            {job === "clv" && (
              <>
                {clvStep === "data" && (
                  <>
                    {dataStep(() => goClv("columns"))}
                    <HughesCard t={t} onInsert={(example) => api.insertHughesTemplate(lang, example)} onOpenSheet={openSheet} />
                  </>
                )}
                {clvStep === "columns" && columnsStep(CLV_ROLES, () => goClv("data"), () => goClv("assumptions"))}
                {clvStep === "assumptions" && (
                  <ClvAssumptionsStep t={t} form={clvForm} onChange={setClvForm} onBack={() => goClv("columns")} onRun={() => void runClv()} />
                )}
                {clvStep === "running" && (
                  <RunPanel t={t} label={t.clvProgressLabel} stages={t.clvStages} progress={progress} cancelling={cancelling} onCancel={cancel} />
                )}
                {clvStep === "results" && clvResult && (
                  <ClvResultsView
                    t={t}
                    report={clvResult.report}
                    unit={clvResult.unit}
                    onOpenSheet={openSheet}
                    onChangeAssumptions={() => goClv("assumptions")}
                    onNewModel={() => goClv("data")}
                    onUseAdvice={(calibrationEnd, holdoutEnd) => {
                      setClvForm({ ...clvForm, calibrationEnd, holdoutEnd });
                      goClv("assumptions");
                    }}
                  />
                )}
              </>
            )}
            {job === "analyses" && (
              <AnalysesTab t={t} lang={lang} api={api} preview={preview} mapping={mapping} pinned={pinned}
                execute={(start, texts) => execute({ ...saved, mapping, header: preview?.header, lang }, start, texts)} onRunning={setAnalysisRunning}
                onStep={() => setNotice(null)} onOpenSheet={openSheet} dataStep={dataStep} columnsStep={columnsStep}
                runPanel={<RunPanel t={t} label={t.an.progressLabel} stages={t.stages} progress={progress} cancelling={cancelling} onCancel={cancel} />} />
            )}
          </div>
        </main>
      </div>
    </FluentProvider>
  );
}
