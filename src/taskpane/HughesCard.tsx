/** The Hughes cohort lifetime-value template: pick a published example, insert it, go to its sheet. */
import {
  Button,
  Caption1,
  Dropdown,
  Field,
  Link,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Option,
  Spinner,
  Subtitle2,
} from "@fluentui/react-components";
import { useState } from "react";
import type { HughesExample } from "../excel/types";
import type { Strings } from "./i18n";
import { errorText } from "./model";
import { useStyles } from "./styles";

const EXAMPLES: HughesExample[] = ["weldon", "special"];

export interface HughesCardProps {
  t: Strings;
  onInsert(example: HughesExample): Promise<{ sheetName: string }>;
  onOpenSheet(name: string): void;
}

type Outcome = { ok: true; sheetName: string } | { ok: false; error: unknown };

export function HughesCard({ t, onInsert, onOpenSheet }: HughesCardProps) {
  const s = useStyles();
  const [example, setExample] = useState<HughesExample>("weldon");
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  /** Never rejects: a failure becomes the outcome shown under the button. */
  const insert = async () => {
    setBusy(true);
    setOutcome(null);
    try {
      setOutcome({ ok: true, sheetName: (await onInsert(example)).sheetName });
    } catch (error) {
      setOutcome({ ok: false, error });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className={s.card} aria-labelledby="hughes-heading" data-testid="hughes">
      <Subtitle2 as="h2" id="hughes-heading" className={s.heading}>
        {t.hughesHeading}
      </Subtitle2>
      <Caption1>{t.hughesIntro}</Caption1>
      <Field label={t.hughesExample}>
        <Dropdown
          className={s.full}
          value={t.hughesExamples[example]}
          selectedOptions={[example]}
          onOptionSelect={(_, d) => d.optionValue && setExample(d.optionValue as HughesExample)}
        >
          {EXAMPLES.map((key) => (
            <Option key={key} value={key}>
              {t.hughesExamples[key]}
            </Option>
          ))}
        </Dropdown>
      </Field>
      <div className={s.actions} style={{ justifyContent: "flex-start" }}>
        <Button disabled={busy} onClick={() => void insert()}>
          {t.insertHughes}
        </Button>
        {busy && <Spinner size="tiny" label={t.inserting} />}
      </div>
      {outcome?.ok === true && (
        <MessageBar intent="success">
          <MessageBarBody>
            {t.hughesInserted(outcome.sheetName)}{" "}
            <Link as="button" inline onClick={() => onOpenSheet(outcome.sheetName)}>
              {t.openSheetAria(outcome.sheetName)}
            </Link>
          </MessageBarBody>
        </MessageBar>
      )}
      {outcome?.ok === false && (
        <MessageBar intent="error">
          <MessageBarBody>
            <MessageBarTitle>{t.hughesFailed}</MessageBarTitle>
            {errorText(outcome.error, t)}
          </MessageBarBody>
        </MessageBar>
      )}
    </section>
  );
}
