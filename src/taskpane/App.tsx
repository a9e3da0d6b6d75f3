/**
 * The task pane's shell: theme, language, the job tabs and the message bar. The jobs share the data
 * and its column mapping (useSource) and one run at a time (useRun):
 * - Segments (SegmentsTab, useSegments): data → columns → options → run → results;
 * - CLV model (ClvTab, useClvModel): data → columns → assumptions → run → results, plus the Hughes cohort template;
 * - Analyses (AnalysesTab, useAnalysis).
 * The jobs' state lives in hooks held here, so switching tabs keeps it. All workbook access goes
 * through the WorkbookApi prop, so the pane runs the same against Excel and against the fake.
 */
import {
  Caption1,
  Dropdown,
  FluentProvider,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Option,
  Subtitle1,
  Tab,
  TabList,
  mergeClasses,
} from "@fluentui/react-components";
import { useEffect, useMemo, useState } from "react";
import type { ColumnRole } from "../core/types";
import type { WorkbookApi } from "../excel/types";
import { AnalysesTab } from "./AnalysesTab";
import { ClvTab } from "./ClvTab";
import { ColumnsStep } from "./ColumnsStep";
import { DataStep } from "./DataStep";
import { displayLanguage, paneTheme, prefersDark } from "./host";
import { STRINGS, type Job, type UiLang } from "./i18n";
import { initialLang } from "./model";
import { RunPanel } from "./RunPanel";
import { SegmentsTab } from "./SegmentsTab";
import { useStyles } from "./styles";
import { CLV_WIZARD, useClvModel } from "./useClvModel";
import { useNotice } from "./useNotice";
import { useRun } from "./useRun";
import { SEGMENTS_WIZARD, useSegments } from "./useSegments";
import { pinned, useSource } from "./useSource";
import { useStartup } from "./useStartup";

const JOBS: Job[] = ["segments", "clv", "analyses"];

export interface AppProps {
  api: WorkbookApi;
}

export function App({ api }: AppProps) {
  const s = useStyles();
  const [dark, setDark] = useState(prefersDark);
  const [lang, setLang] = useState<UiLang>(() => initialLang(undefined, displayLanguage()));
  const t = STRINGS[lang];
  const [job, setJob] = useState<Job>("segments");
  const { notice, notify } = useNotice(t);
  const source = useSource(api, t, notify);
  const runner = useRun(source.remember, notify);
  const context = { api, t, lang, source, execute: runner.execute, notify };
  const segments = useSegments(context);
  const clv = useClvModel(context);
  useStartup(api, {
    restore: (restored) => {
      source.restore(restored);
      segments.restore(restored);
      clv.restore(restored);
      if (restored?.lang) setLang(restored.lang);
    },
    preview: source.adoptStartPreview,
  });

  const theme = useMemo(() => paneTheme(dark, lang), [dark, lang]);

  // Outside Office there is no theme to follow, so track the OS setting live.
  useEffect(() => {
    if (typeof window.matchMedia !== "function") return;
    const query = window.matchMedia("(prefers-color-scheme: dark)");
    const update = () => setDark(prefersDark());
    query.addEventListener("change", update);
    return () => query.removeEventListener("change", update);
  }, []);

  // The page language picks Simplified Chinese glyph forms and is what screen readers use.
  useEffect(() => {
    document.documentElement.lang = t.locale;
  }, [t.locale]);

  // One run at a time: every job writes sheets and settings of the same workbook.
  const [analysisRunning, setAnalysisRunning] = useState(false);
  const running = segments.step === "running" || clv.step === "running" || analysisRunning;

  const changeLang = (next: UiLang) => {
    setLang(next);
    source.remember({ ...source.saved, lang: next });
  };

  const openSheet = (name: string) => {
    api.activateSheet(name).catch((error) => notify.fail(t.activateFailed, error));
  };

  const switchJob = (next: Job) => {
    notify.show(null);
    setJob(next);
  };

  // Inserted sample data moves the job on to its columns (the Segments tab's when on Analyses).
  const afterSample = () => (job === "clv" ? clv.setStep("columns") : segments.setStep("columns"));

  const wizard =
    job === "clv"
      ? { index: CLV_WIZARD.indexOf(clv.step), names: t.clvStepNames }
      : job === "segments"
        ? { index: SEGMENTS_WIZARD.indexOf(segments.step), names: t.stepNames }
        : { index: -1, names: [] };
  // readData and insertSample show their own failures in the notice, so the buttons fire them with
  // `void`: there is nothing left for a caller to handle.
  const dataStep = (onNext: () => void) => (
    <DataStep
      t={t}
      choice={source.choice}
      tables={source.tables}
      preview={source.preview}
      letters={source.letters}
      busy={source.busy}
      onChoice={source.chooseSource}
      onRead={() => void source.readData()}
      onSample={() => void source.insertSample(lang, afterSample)}
      onNext={onNext}
    />
  );
  const columnsStep = (roles: readonly ColumnRole[] | undefined, onBack: () => void, onNext: () => void) =>
    source.preview && (
      <ColumnsStep
        t={t}
        preview={source.preview}
        letters={source.letters}
        mapping={source.mapping}
        origin={source.origin}
        roles={roles}
        onMap={source.mapRole}
        onBack={onBack}
        onNext={onNext}
      />
    );
  const tabProps = { t, lang, run: runner, onOpenSheet: openSheet, dataStep, columnsStep };

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
            {job === "segments" && <SegmentsTab {...tabProps} segments={segments} />}
            {job === "clv" && <ClvTab {...tabProps} api={api} clv={clv} />}
            {job === "analyses" && (
              <AnalysesTab
                t={t}
                lang={lang}
                api={api}
                preview={source.preview}
                mapping={source.mapping}
                pinned={pinned}
                execute={(start, texts) =>
                  runner.execute({ ...source.saved, mapping: source.mapping, header: source.preview?.header, lang }, start, texts)
                }
                onRunning={setAnalysisRunning}
                onStep={() => notify.show(null)}
                onOpenSheet={openSheet}
                dataStep={dataStep}
                columnsStep={columnsStep}
                runPanel={
                  <RunPanel
                    t={t}
                    label={t.an.progressLabel}
                    stages={t.stages}
                    progress={runner.progress}
                    cancelling={runner.cancelling}
                    onCancel={runner.cancel}
                  />
                }
              />
            )}
          </div>
        </main>
      </div>
    </FluentProvider>
  );
}
