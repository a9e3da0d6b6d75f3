/** CLV step 3: calibration and holdout dates, time unit, margin, discount rate and horizon. */
import { Body1, Button, Checkbox, Field, Input, Radio, RadioGroup, Subtitle2 } from "@fluentui/react-components";
import { useState } from "react";
import type { ClvTimeUnit } from "../excel/types";
import type { Strings } from "./i18n";
import { clvProblems, type ClvField, type ClvForm } from "./model";
import { useStyles } from "./styles";

const UNITS: ClvTimeUnit[] = ["day", "week", "month"];

export interface ClvAssumptionsStepProps {
  t: Strings;
  form: ClvForm;
  onChange(form: ClvForm): void;
  onBack(): void;
  onRun(): void;
}

export function ClvAssumptionsStep({ t, form, onChange, onBack, onRun }: ClvAssumptionsStepProps) {
  const s = useStyles();
  // An empty required date is not an error until the user has been in the field.
  const [visited, setVisited] = useState(false);
  const problems = clvProblems(form, t);
  const set = (patch: Partial<ClvForm>) => onChange({ ...form, ...patch });
  const shown = (field: ClvField) =>
    field === "calibrationEnd" && !visited && form.calibrationEnd.trim() === "" ? undefined : problems[field];
  const validation = (field: ClvField) => ({
    validationMessage: shown(field),
    validationState: shown(field) ? ("error" as const) : ("none" as const),
  });
  const text = (field: Exclude<ClvField, "calibrationEnd" | "holdoutEnd" | "level">, hint: string, inputMode: "decimal" | "numeric") => (
    <Field label={t[field]} hint={hint} {...validation(field)}>
      <Input className={s.full} inputMode={inputMode} value={form[field]} onChange={(_, d) => set({ [field]: d.value })} />
    </Field>
  );

  return (
    <section className={s.section} aria-labelledby="assumptions-heading">
      <Subtitle2 as="h2" id="assumptions-heading" className={s.stepHeading} tabIndex={-1}>
        {t.assumptionsHeading}
      </Subtitle2>
      <Body1>{t.assumptionsIntro}</Body1>

      {/* Typed dates, as the as-of date: a picker's format follows the browser, not the pane's language. */}
      <Field label={t.calibrationEnd} hint={t.calibrationEndHint} required {...validation("calibrationEnd")}>
        <Input
          className={s.full}
          placeholder={t.asOfPlaceholder}
          value={form.calibrationEnd}
          onChange={(_, d) => set({ calibrationEnd: d.value })}
          onBlur={() => setVisited(true)}
        />
      </Field>
      <Field label={t.holdoutEnd} hint={t.holdoutEndHint} {...validation("holdoutEnd")}>
        <Input
          className={s.full}
          placeholder={t.asOfPlaceholder}
          value={form.holdoutEnd}
          onChange={(_, d) => set({ holdoutEnd: d.value })}
        />
      </Field>

      <Field label={t.unit}>
        <RadioGroup layout="horizontal" value={form.unit} onChange={(_, d) => set({ unit: d.value as ClvTimeUnit })}>
          {UNITS.map((unit) => (
            <Radio key={unit} value={unit} label={t.units[unit]} />
          ))}
        </RadioGroup>
      </Field>

      {text("margin", t.marginHint, "decimal")}
      {text("rate", t.rateHint, "decimal")}
      {text("horizon", t.horizonHint, "numeric")}

      <Field hint={t.clv.intervalsHint}>
        <Checkbox checked={form.intervals} label={t.clv.intervals} onChange={(_, d) => set({ intervals: d.checked === true })} />
      </Field>
      {form.intervals && (
        <Field label={t.clv.level} {...validation("level")}>
          <Input className={s.full} inputMode="decimal" value={form.level} onChange={(_, d) => set({ level: d.value })} />
        </Field>
      )}

      <div className={s.actions}>
        <Button onClick={onBack}>{t.back}</Button>
        {/* The calibration end may still be blank and untouched: Run stays off until it is given. */}
        <Button appearance="primary" disabled={Object.keys(problems).length > 0} onClick={onRun}>
          {t.buildModel}
        </Button>
      </div>
    </section>
  );
}
