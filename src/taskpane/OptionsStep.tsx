/** Step 3: scheme, scoring, as-of date, ABC and pyramid cuts, and what to write. */
import { Button, Caption1, Checkbox, Field, Input, Label, Radio, RadioGroup, Subtitle2, Text, useId } from "@fluentui/react-components";
import type { Scheme } from "../core/types";
import type { OutputChoice } from "../excel/types";
import type { Strings } from "./i18n";
import { abcCutsValid, anyOutput, asOfValid, optionsValid, pyramidCutsValid, type OptionsForm } from "./model";
import { useStyles } from "./styles";

const SCHEMES: Scheme[] = ["W11", "W10", "CN8"];
const OUTPUTS: (keyof OutputChoice)[] = ["tierColumns", "customers", "segmentSheets", "summary", "issues"];

export interface OptionsStepProps {
  t: Strings;
  form: OptionsForm;
  onChange(form: OptionsForm): void;
  onBack(): void;
  onRun(): void;
}

export function OptionsStep({ t, form, onChange, onBack, onRun }: OptionsStepProps) {
  const s = useStyles();
  const ids = { abc: useId("abc"), abcError: useId("abc-error"), pyr: useId("pyr"), pyrError: useId("pyr-error"), out: useId("out") };
  const set = (patch: Partial<OptionsForm>) => onChange({ ...form, ...patch });
  const asOfOk = asOfValid(form.asOf);
  const abcOk = abcCutsValid(form.abc);
  const pyramidOk = pyramidCutsValid(form.pyramid);
  const outputsOk = anyOutput(form.outputs);

  return (
    <section className={s.section} aria-labelledby="options-heading">
      <Subtitle2 as="h2" id="options-heading" className={s.stepHeading} tabIndex={-1}>
        {t.optionsHeading}
      </Subtitle2>

      <Field label={t.scheme}>
        <RadioGroup value={form.scheme} onChange={(_, d) => set({ scheme: d.value as Scheme })}>
          {SCHEMES.map((code) => (
            <Radio
              key={code}
              value={code}
              label={
                <span className={s.radioLabel}>
                  <Text weight="semibold">{t.schemes[code].name}</Text>
                  <Caption1 className={s.muted}>{t.schemes[code].desc}</Caption1>
                </span>
              }
            />
          ))}
        </RadioGroup>
      </Field>

      {form.scheme === "CN8" && (
        <Field label={t.center}>
          <RadioGroup value={form.center} onChange={(_, d) => set({ center: d.value as OptionsForm["center"] })}>
            <Radio value="MEAN" label={t.centerMean} />
            <Radio value="MEDIAN" label={t.centerMedian} />
          </RadioGroup>
        </Field>
      )}

      <Field
        label={t.method}
        validationMessage={form.method === "NTILE" ? t.ntileHint : undefined}
        validationState={form.method === "NTILE" ? "warning" : "none"}
      >
        <RadioGroup value={form.method} onChange={(_, d) => set({ method: d.value as OptionsForm["method"] })}>
          <Radio value="QUANTILE" label={t.methodQuantile} />
          <Radio value="NTILE" label={t.methodNtile} />
        </RadioGroup>
      </Field>

      {/* Plain text rather than a date picker, whose format follows the browser, not the pane's language. */}
      <Field
        label={t.asOf}
        hint={t.asOfHint}
        validationMessage={asOfOk ? undefined : t.asOfError}
        validationState={asOfOk ? "none" : "error"}
      >
        <Input className={s.full} placeholder={t.asOfPlaceholder} value={form.asOf} onChange={(_, d) => set({ asOf: d.value })} />
      </Field>

      <div role="group" aria-labelledby={ids.abc} className={s.section}>
        <Label id={ids.abc} weight="semibold">
          {t.abcCuts}
        </Label>
        <div className={s.row}>
          {([0, 1] as const).map((i) => (
            <Field key={i} className={s.grow} label={i === 0 ? t.abcA : t.abcB}>
              <Input
                className={s.full}
                inputMode="decimal"
                value={form.abc[i]}
                aria-invalid={!abcOk}
                aria-describedby={abcOk ? undefined : ids.abcError}
                onChange={(_, d) => set({ abc: i === 0 ? [d.value, form.abc[1]] : [form.abc[0], d.value] })}
              />
            </Field>
          ))}
        </div>
        {!abcOk && (
          <Text id={ids.abcError} size={200} className={s.error}>
            {t.abcError}
          </Text>
        )}
      </div>

      <div role="group" aria-labelledby={ids.pyr} className={s.section}>
        <Label id={ids.pyr} weight="semibold">
          {t.pyramidCuts}
        </Label>
        <div className={s.row}>
          {([0, 1, 2] as const).map((i) => (
            <Field key={i} className={s.grow} label={t.pyramidTier(i + 1)}>
              <Input
                className={s.full}
                inputMode="decimal"
                value={form.pyramid[i]}
                aria-invalid={!pyramidOk}
                aria-describedby={pyramidOk ? undefined : ids.pyrError}
                onChange={(_, d) => {
                  const next = [...form.pyramid] as OptionsForm["pyramid"];
                  next[i] = d.value;
                  set({ pyramid: next });
                }}
              />
            </Field>
          ))}
        </div>
        {!pyramidOk && (
          <Text id={ids.pyrError} size={200} className={s.error}>
            {t.pyramidError}
          </Text>
        )}
      </div>

      <div role="group" aria-labelledby={ids.out} className={s.section} style={{ gap: 0 }}>
        <Label id={ids.out} weight="semibold">
          {t.outputs}
        </Label>
        {OUTPUTS.map((key) => (
          <Checkbox
            key={key}
            label={t.outputNames[key]}
            checked={form.outputs[key]}
            onChange={(_, d) => set({ outputs: { ...form.outputs, [key]: d.checked === true } })}
          />
        ))}
        {!outputsOk && (
          <Text size={200} className={s.error}>
            {t.noOutputs}
          </Text>
        )}
      </div>

      <div className={s.actions}>
        <Button onClick={onBack}>{t.back}</Button>
        <Button appearance="primary" disabled={!optionsValid(form)} onClick={onRun}>
          {t.run}
        </Button>
      </div>
    </section>
  );
}
