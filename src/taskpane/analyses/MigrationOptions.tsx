/** Options and results of the migration and event CLV analysis (METHODS §7.7, §7.8) in the Analyses tab. */
import { Caption1, Field, Input, Link, Radio, RadioGroup } from "@fluentui/react-components";
import type { AnalysisReport } from "../../excel/types";
import type { Strings } from "../i18n";
import { useStyles } from "../styles";
import type { MigrationPeriod } from "./i18n-migration";
import { migrationProblems, type MigrationField, type MigrationForm } from "./migration-form";

const PERIODS: MigrationPeriod[] = ["MONTH", "QUARTER", "YEAR"];

export function MigrationOptions({ t, form, onChange }: { t: Strings; form: MigrationForm; onChange(p: Partial<MigrationForm>): void }) {
  const s = useStyles();
  const m = t.an.mig;
  const problems = migrationProblems(form, m);
  const text = (field: MigrationField, label: string, hint?: string) => (
    <Field label={label} hint={hint} validationMessage={problems[field]} validationState={problems[field] ? "error" : "none"}>
      <Input
        className={s.full}
        inputMode={field === "probs" ? "text" : "decimal"}
        value={form[field]}
        onChange={(_, d) => onChange({ [field]: d.value })}
      />
    </Field>
  );
  return (
    <>
      <Field label={m.period}>
        <RadioGroup layout="horizontal" value={form.period} onChange={(_, d) => onChange({ period: d.value as MigrationPeriod })}>
          {PERIODS.map((p) => (
            <Radio key={p} value={p} label={m.periods[p]} />
          ))}
        </RadioGroup>
      </Field>
      <Field label={m.probsSource}>
        <RadioGroup value={form.probsSource} onChange={(_, d) => onChange({ probsSource: d.value as MigrationForm["probsSource"] })}>
          <Radio value="estimate" label={m.probsSources.estimate} />
          <Radio value="typed" label={m.probsSources.typed} />
        </RadioGroup>
      </Field>
      {form.probsSource === "estimate" ? text("states", m.states, m.statesHint) : text("probs", m.probs, m.probsHint)}
      <Field label={m.marginSource}>
        <RadioGroup value={form.marginSource} onChange={(_, d) => onChange({ marginSource: d.value as MigrationForm["marginSource"] })}>
          <Radio value="data" label={m.marginSources.data} />
          <Radio value="typed" label={m.marginSources.typed} />
        </RadioGroup>
      </Field>
      {form.marginSource === "data" ? text("marginPct", m.marginPct) : text("margin", m.margin)}
      {text("contactCost", m.contactCost)}
      {text("rate", m.rate)}
      {text("horizon", m.horizon, m.horizonHint)}
    </>
  );
}

/** Links to both sheets and what the V_k beside the states in the results table are. */
export function MigrationResults({ t, report, onOpenSheet }: { t: Strings; report: AnalysisReport; onOpenSheet(name: string): void }) {
  const m = t.an.mig;
  const events = report.sheets.find((x) => x.key === "events")?.name;
  return (
    <>
      {report.summarySheet && (
        <Link as="button" onClick={() => onOpenSheet(report.summarySheet!)}>
          {m.openModel}
        </Link>
      )}
      {events && (
        <Link as="button" onClick={() => onOpenSheet(events)}>
          {m.openEvents}
        </Link>
      )}
      <Caption1>{m.valuesNote}</Caption1>
    </>
  );
}
