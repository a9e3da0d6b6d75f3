/** Step 1: where the sales data are, plus the sample-data shortcut for a first try. */
import { Button, Caption1, Dropdown, Field, Option, Radio, RadioGroup, Spinner, Subtitle2, Text } from "@fluentui/react-components";
import type { SourceChoice, SourcePreview } from "../excel/types";
import type { Strings } from "./i18n";
import { useStyles } from "./styles";

export interface DataStepProps {
  t: Strings;
  choice: SourceChoice;
  tables: string[];
  preview: SourcePreview | null;
  letters: string[];
  busy: boolean;
  onChoice(choice: SourceChoice): void;
  onRead(): void;
  onSample(): void;
  onNext(): void;
}

export function DataStep({ t, choice, tables, preview, letters, busy, onChoice, onRead, onSample, onNext }: DataStepProps) {
  const s = useStyles();
  const tableName = choice.kind === "table" ? choice.tableName : "";
  const canRead = !busy && (choice.kind !== "table" || tableName !== "");
  return (
    <section className={s.section} aria-labelledby="data-heading">
      <Subtitle2 as="h2" id="data-heading" className={s.stepHeading} tabIndex={-1}>
        {t.dataHeading}
      </Subtitle2>
      <Field label={t.sourceLabel}>
        <RadioGroup
          value={choice.kind}
          onChange={(_, d) => {
            if (d.value === "table") onChoice({ kind: "table", tableName: tables[0] ?? "" });
            else onChoice({ kind: d.value as "region" | "used" });
          }}
        >
          <Radio value="region" label={t.sourceRegion} />
          <Radio value="table" label={t.sourceTable} />
          <Radio value="used" label={t.sourceUsed} />
        </RadioGroup>
      </Field>
      {choice.kind === "table" && (
        <Field label={t.tableLabel} validationMessage={tables.length === 0 ? t.noTables : undefined} validationState="warning">
          <Dropdown
            className={s.full}
            placeholder={t.tablePlaceholder}
            value={tableName}
            selectedOptions={tableName ? [tableName] : []}
            disabled={tables.length === 0}
            onOptionSelect={(_, d) => d.optionValue && onChoice({ kind: "table", tableName: d.optionValue })}
          >
            {tables.map((name) => (
              <Option key={name} value={name}>
                {name}
              </Option>
            ))}
          </Dropdown>
        </Field>
      )}
      <div className={s.actions} style={{ justifyContent: "flex-start" }}>
        <Button appearance={preview ? "secondary" : "primary"} disabled={!canRead} onClick={onRead}>
          {t.readData}
        </Button>
        {busy && <Spinner size="tiny" label={t.loading} />}
      </div>
      {preview && (
        <div className={s.card}>
          <Text weight="semibold">{t.sourceSummary(preview.address, preview.totalRows)}</Text>
          <Caption1>
            {/* Without a header row src/excel names the columns by their letters. */}
            {preview.header.every((h, i) => h === letters[i])
              ? t.noHeader
              : `${t.headerDetected} ${preview.header.filter(Boolean).join(" · ")}`}
          </Caption1>
        </div>
      )}
      <div className={s.card}>
        <Caption1>{t.sampleHint}</Caption1>
        <div>
          <Button disabled={busy} onClick={onSample}>
            {t.insertSample}
          </Button>
        </div>
      </div>
      <div className={s.actions}>
        <Button appearance="primary" disabled={!preview || busy} onClick={onNext}>
          {t.next}
        </Button>
      </div>
    </section>
  );
}
