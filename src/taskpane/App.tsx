/**
 * The "Segment this sheet" task pane: data → columns → options → run → results. All workbook access
 * goes through the WorkbookApi prop, so the pane runs the same against Excel and against the fake.
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
  mergeClasses,
} from "@fluentui/react-components";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { ColumnMapping, ColumnRole, Scheme } from "../core/types";
import type { Progress, RunReport, SavedSettings, SourceChoice, SourcePreview, WorkbookApi } from "../excel/types";
import { ColumnsStep } from "./ColumnsStep";
import { DataStep } from "./DataStep";
import { displayLanguage, paneTheme, prefersDark } from "./host";
import { STRINGS, type UiLang } from "./i18n";
import {
  columnLetters,
  errorText,
  initialLang,
  initialMapping,
  isAbort,
  optionsFromSaved,
  toAnalyze,
  type OptionsForm,
  type RoleOrigin,
} from "./model";
import { OptionsStep } from "./OptionsStep";
import { ResultsView } from "./ResultsView";
import { RunPanel } from "./RunPanel";
import { useStyles } from "./styles";

type Step = "data" | "columns" | "options" | "running" | "results";
const WIZARD: Step[] = ["data", "columns", "options"];

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
  const [step, setStep] = useState<Step>("data");
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

  const applyPreview = useCallback((p: SourcePreview, remembered: ColumnMapping | undefined) => {
    const initial = initialMapping(p, remembered);
    setPreview(p);
    setTables(p.tables);
    setMapping(initial.mapping);
    setOrigin(initial.origin);
  }, []);

  // Start-up: restore settings, then look at the selection so a user already in their data can go on at once.
  useEffect(() => {
    let live = true;
    (async () => {
      // Unreadable settings mean starting from the defaults, as on first use.
      const restored = await api.loadSettings().catch(() => null);
      if (!live) return;
      setSaved(restored);
      setForm(optionsFromSaved(restored));
      if (restored?.lang) setLang(restored.lang);
      try {
        const p = await api.previewSource({ kind: "region" });
        if (live && !actedRef.current) applyPreview(p, restored?.mapping);
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

  // A new step replaces the control that had focus: start the keyboard user at its heading (at
  // Cancel while running), not back at the top of the page. Not on first load.
  const firstStep = useRef(true);
  useEffect(() => {
    if (firstStep.current) {
      firstStep.current = false;
      return;
    }
    document.getElementById(step === "running" ? "run-cancel" : `${step}-heading`)?.focus();
  }, [step]);

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
      applyPreview(await api.previewSource(choice), saved?.mapping);
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
      applyPreview(p, undefined);
      setNotice({ intent: "success", text: t.sampleInserted(inserted.sheetName, inserted.rows) });
      setStep("columns");
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

  const run = async () => {
    if (!preview) return;
    const controller = new AbortController();
    abortRef.current = controller;
    const settings: SavedSettings = { mapping, analyze: toAnalyze({ ...form, asOf: "" }), outputs: form.outputs, lang };
    setSaved(settings);
    api.saveSettings(settings).catch(() => undefined);
    setNotice(null);
    setCancelling(false);
    setProgress({ stage: "read", fraction: 0 });
    setStep("running");
    try {
      const report = await api.runSegmentation(
        { source: choice, mapping, analyze: toAnalyze(form), lang, outputs: form.outputs },
        (p) => setProgress(p),
        controller.signal,
      );
      setResult({ report, scheme: form.scheme });
      if (controller.signal.aborted) setNotice({ intent: "info", text: t.cancelTooLate });
      setStep("results");
    } catch (error) {
      setStep("options");
      if (isAbort(error, controller.signal)) setNotice({ intent: "info", text: t.cancelled });
      else fail(t.runFailed, error);
    } finally {
      abortRef.current = null;
      setCancelling(false);
    }
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

  const wizardIndex = WIZARD.indexOf(step);

  return (
    <FluentProvider theme={theme} lang={t.locale}>
      <div className={s.root}>
        <header className={s.header}>
          <div className={s.headerText}>
            <Subtitle1 as="h1" className={s.title}>
              {t.appTitle}
            </Subtitle1>
            <Caption1 className={s.muted}>{t.appSubtitle}</Caption1>
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
        <main className={s.body}>
          {wizardIndex >= 0 && (
            <nav aria-label={t.stepsLabel}>
              <ol className={s.steps}>
                {WIZARD.map((name, i) => (
                  <li
                    key={name}
                    aria-current={i === wizardIndex ? "step" : undefined}
                    className={mergeClasses(s.step, i < wizardIndex && s.stepDone, i === wizardIndex && s.stepCurrent)}
                  >
                    {i + 1}. {t.stepNames[i]}
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
          {step === "data" && (
            <DataStep
              t={t}
              choice={choice}
              tables={tables}
              preview={preview}
              letters={letters}
              busy={busy}
              onChoice={chooseSource}
              onRead={readData}
              onSample={insertSample}
              onNext={() => go("columns")}
            />
          )}
          {step === "columns" && preview && (
            <ColumnsStep
              t={t}
              preview={preview}
              letters={letters}
              mapping={mapping}
              origin={origin}
              onMap={mapRole}
              onBack={() => go("data")}
              onNext={() => go("options")}
            />
          )}
          {step === "options" && <OptionsStep t={t} form={form} onChange={setForm} onBack={() => go("columns")} onRun={run} />}
          {step === "running" && <RunPanel t={t} progress={progress} cancelling={cancelling} onCancel={cancel} />}
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
        </main>
      </div>
    </FluentProvider>
  );
}
