/** Options of the profitability cascade (§11): discount column, cost to serve (a column or a driver and a total), matrix scheme. */
import { Dropdown, Field, Input, Option, Radio, RadioGroup } from "@fluentui/react-components";
import type { ColumnMapping } from "../../core/types";
import type { SourcePreview } from "../../excel/types";
import type { Strings } from "../i18n";
import { columnLetters } from "../model";
import { useStyles } from "../styles";
import { cascadeProblems, type CascadeField, type CascadeForm } from "./cascade-form";
import type { CtsMode } from "./i18n-cascade";

const NONE = "none";
const MODES: CtsMode[] = ["NONE", "COLUMN", "ORDERS", "LINES", "REVENUE"];

export interface CascadeOptionsProps {
  t: Strings;
  form: CascadeForm;
  preview: SourcePreview | null;
  mapping: ColumnMapping;
  onChange(p: Partial<CascadeForm>): void;
}

export function CascadeOptions({ t, form, preview, mapping, onChange }: CascadeOptionsProps) {
  const s = useStyles();
  const c = t.an.cascade;
  const problems = cascadeProblems(form, mapping, c, t.an.needsCost);
  const validation = (field: CascadeField) => ({
    validationMessage: problems[field],
    validationState: problems[field] ? ("error" as const) : ("none" as const),
  });
  const header = preview?.header ?? [];
  const letters = preview ? columnLetters(preview.address, header.length) : [];
  const text = (col: string) => (col === "" ? c.none : t.columnOption(letters[Number(col)], header[Number(col)]));
  const column = (label: string, value: string, onPick: (col: string) => void, hint?: string, field?: CascadeField) => (
    <Field label={label} hint={hint} {...(field ? validation(field) : {})}>
      <Dropdown
        className={s.full}
        value={text(value)}
        selectedOptions={[value === "" ? NONE : value]}
        onOptionSelect={(_, d) => onPick(d.optionValue === NONE || !d.optionValue ? "" : d.optionValue)}
      >
        <Option value={NONE}>{c.none}</Option>
        {header.map((_, k) => (
          <Option key={k} value={String(k)}>
            {t.columnOption(letters[k], header[k])}
          </Option>
        ))}
      </Dropdown>
    </Field>
  );
  return (
    <>
      {problems.cost && (
        <Field validationMessage={problems.cost} validationState="error">
          <span />
        </Field>
      )}
      {column(c.discount, form.discount, (discount) => onChange({ discount }), c.discountHint)}
      <Field label={c.cts}>
        <RadioGroup value={form.ctsMode} onChange={(_, d) => onChange({ ctsMode: d.value as CtsMode })}>
          {MODES.map((mode) => (
            <Radio key={mode} value={mode} label={c.ctsModes[mode]} />
          ))}
        </RadioGroup>
      </Field>
      {form.ctsMode === "COLUMN" && column(c.ctsColumn, form.ctsColumn, (ctsColumn) => onChange({ ctsColumn }), undefined, "ctsColumn")}
      {form.ctsMode !== "NONE" && form.ctsMode !== "COLUMN" && (
        <Field label={c.ctsTotal} {...validation("ctsTotal")}>
          <Input className={s.full} inputMode="decimal" value={form.ctsTotal} onChange={(_, d) => onChange({ ctsTotal: d.value })} />
        </Field>
      )}
      {form.ctsMode !== "NONE" && (
        <Field label={c.scheme}>
          <RadioGroup value={form.profitScheme} onChange={(_, d) => onChange({ profitScheme: d.value as CascadeForm["profitScheme"] })}>
            {(["PROFIT", "SHAPIRO"] as const).map((scheme) => (
              <Radio key={scheme} value={scheme} label={c.schemes[scheme]} />
            ))}
          </RadioGroup>
        </Field>
      )}
    </>
  );
}
