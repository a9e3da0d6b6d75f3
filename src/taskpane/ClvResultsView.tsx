/**
 * After a CLV model run: the two fits with standard errors and convergence, who is in the model and
 * who was left out, the calibration-vs-holdout check, warnings, and the link to the model sheet.
 */
import {
  Body1,
  Button,
  Caption1,
  Link,
  MessageBar,
  MessageBarBody,
  MessageBarGroup,
  MessageBarTitle,
  Subtitle2,
  Text,
} from "@fluentui/react-components";
import type { FitResult } from "../core/btyd";
import type { ClvModelReport, ClvTimeUnit } from "../excel/types";
import { ClvAdvice, ClvComparison, ClvIntervals } from "./ClvModelChoice";
import type { Strings } from "./i18n";
import { useStyles } from "./styles";

/** Shown at their model's table, so left out of the general warnings. */
const CONVERGENCE = { bgnbd: "BGNBD_NOT_CONVERGED", gammaGamma: "GAMMA_GAMMA_NOT_CONVERGED" } as const;

/** Parameter symbols as the literature (and the model sheet) write them. */
const SYMBOLS: Record<string, string> = { alpha: "α", gamma: "γ" };

export interface ClvResultsViewProps {
  t: Strings;
  report: ClvModelReport;
  unit: ClvTimeUnit;
  onOpenSheet(name: string): void;
  onChangeAssumptions(): void;
  onNewModel(): void;
  /** Back to the assumptions with the suggested calibration and holdout ends filled in. */
  onUseAdvice(calibrationEnd: string, holdoutEnd: string): void;
}

export function ClvResultsView({ t, report, unit, onOpenSheet, onChangeAssumptions, onNewModel, onUseAdvice }: ClvResultsViewProps) {
  const s = useStyles();
  const count = new Intl.NumberFormat(t.locale);
  const fixed = (digits: number) => new Intl.NumberFormat(t.locale, { minimumFractionDigits: digits, maximumFractionDigits: digits });
  const shown = (x: number, format: Intl.NumberFormat) => (Number.isFinite(x) ? format.format(x) : "—");
  const { tracking, excluded } = report;
  const difference = tracking.actual > 0 ? (tracking.predicted - tracking.actual) / tracking.actual : NaN;
  const signedPct = new Intl.NumberFormat(t.locale, {
    style: "percent",
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
    signDisplay: "exceptZero",
  });
  const holdout = tracking.weeks > tracking.calibrationWeeks;
  const warnings = report.warnings.filter((w) => w.code !== CONVERGENCE.bgnbd && w.code !== CONVERGENCE.gammaGamma);

  /** One model's parameters (the sheet's precision: 3 decimals for BG/NBD, 2 for Gamma-Gamma), fit statistics and convergence. */
  const fitTable = (id: string, heading: string, model: string, fit: FitResult, digits: number, extra: [string, number, string][]) => (
    <section className={s.section} aria-labelledby={`${id}-heading`} data-testid={id}>
      <Subtitle2 as="h3" id={`${id}-heading`} className={s.heading}>
        {heading}
      </Subtitle2>
      {!fit.converged && (
        <MessageBar intent="warning" data-code={id === "bgnbd" ? CONVERGENCE.bgnbd : CONVERGENCE.gammaGamma}>
          <MessageBarBody>
            <MessageBarTitle>{t.notConverged(model)}</MessageBarTitle>
            {t.notConvergedText}
          </MessageBarBody>
        </MessageBar>
      )}
      <table className={s.paramTable} aria-labelledby={`${id}-heading`}>
        <thead>
          <tr>
            <th scope="col">{t.colParameter}</th>
            <th scope="col" className={s.numCell}>
              {t.colEstimate}
            </th>
            <th scope="col" className={s.numCell}>
              {t.colStdError}
            </th>
          </tr>
        </thead>
        <tbody>
          {Object.entries(fit.params).map(([name, value]) => (
            <tr key={name} data-param={name}>
              <th scope="row" className={s.symbolCell}>
                {SYMBOLS[name] ?? name}
              </th>
              <td className={s.numCell}>{shown(value, fixed(digits))}</td>
              <td className={s.numCell}>{shown(fit.stdErrors[name], fixed(digits))}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <dl className={s.facts}>
        <dt>{t.logLikelihood}</dt>
        <dd className={s.numCell} data-fact="logLikelihood">
          {shown(fit.logLikelihood, fixed(1))}
        </dd>
        <dt>{t.converged}</dt>
        <dd className={s.numCell} title={fit.message}>
          {fit.converged ? t.yes : <Text className={s.error}>{t.no}</Text>}
        </dd>
        {extra.map(([label, value, name]) => (
          <Fact key={name} label={label} value={count.format(value)} name={name} />
        ))}
      </dl>
    </section>
  );

  return (
    <section className={s.section} aria-labelledby="results-heading">
      <Subtitle2 as="h2" id="results-heading" className={s.stepHeading} tabIndex={-1}>
        {t.clvResultsHeading}
      </Subtitle2>
      <Body1>{t.clvSummary(report.customers, report.rows, unit)}</Body1>

      {fitTable("bgnbd", t.bgnbdHeading, "BG/NBD", report.bgnbd, 3, [])}
      {fitTable("gammaGamma", t.ggHeading, "Gamma-Gamma", report.gammaGamma, 2, [
        [t.ggCustomers, report.gammaGamma.customers, "ggCustomers"],
        [t.noRepeat, report.gammaGamma.excluded.noRepeatPurchase ?? 0, "noRepeat"],
        [t.nonPositive, report.gammaGamma.excluded.nonPositiveSpend ?? 0, "nonPositive"],
      ])}

      <section className={s.section} aria-labelledby="customers-heading" data-testid="customers">
        <Subtitle2 as="h3" id="customers-heading" className={s.heading}>
          {t.customersHeading}
        </Subtitle2>
        <dl className={s.facts}>
          <Fact label={t.inModel} value={count.format(report.customers)} name="inModel" />
          <Fact label={t.rejectedRows} value={count.format(excluded.rejectedRows)} name="rejectedRows" />
          <Fact label={t.rowsAfterEnd} value={count.format(excluded.rowsAfterEnd)} name="rowsAfterEnd" />
          <Fact label={t.firstAfterCalibration} value={count.format(excluded.firstAfterCalibration)} name="firstAfterCalibration" />
          {excluded.returnDays > 0 && <Fact label={t.returnDays} value={count.format(excluded.returnDays)} name="returnDays" />}
          {excluded.onlyReturns > 0 && <Fact label={t.onlyReturns} value={count.format(excluded.onlyReturns)} name="onlyReturns" />}
        </dl>
      </section>

      <section className={s.section} aria-labelledby="check-heading" data-testid="check">
        <Subtitle2 as="h3" id="check-heading" className={s.heading}>
          {t.checkHeading}
        </Subtitle2>
        <Caption1>{t.checkIntro(tracking.weeks, tracking.calibrationWeeks)}</Caption1>
        {!holdout && <Caption1>{t.checkCalibrationOnly}</Caption1>}
        <dl className={s.facts}>
          <Fact label={t.actual} value={count.format(tracking.actual)} name="actual" />
          <Fact label={t.predicted} value={fixed(1).format(tracking.predicted)} name="predicted" />
          <Fact label={t.difference} value={shown(difference, signedPct)} name="difference" />
        </dl>
      </section>

      <ClvComparison t={t} report={report} />
      <ClvIntervals t={t} report={report} />
      <ClvAdvice t={t} report={report} onUseAdvice={onUseAdvice} />

      {warnings.length > 0 && (
        <section className={s.section} aria-labelledby="warnings-heading">
          <Subtitle2 as="h3" id="warnings-heading" className={s.heading}>
            {t.warningsHeading}
          </Subtitle2>
          <MessageBarGroup>
            {warnings.map((w) => (
              <MessageBar key={w.code} intent="warning" data-code={w.code}>
                <MessageBarBody>{t.warningText(w)}</MessageBarBody>
              </MessageBar>
            ))}
          </MessageBarGroup>
        </section>
      )}

      <section className={s.section} aria-labelledby="sheet-heading">
        <Subtitle2 as="h3" id="sheet-heading" className={s.heading}>
          {t.modelSheetHeading}
        </Subtitle2>
        <Caption1>{t.modelSheetText}</Caption1>
        <div>
          <Link as="button" onClick={() => onOpenSheet(report.sheetName)}>
            {t.openModelSheet(report.sheetName)}
          </Link>
        </div>
      </section>

      <div className={s.actions}>
        <Button onClick={onChangeAssumptions}>{t.changeAssumptions}</Button>
        <Button appearance="primary" onClick={onNewModel}>
          {t.newModel}
        </Button>
      </div>
    </section>
  );
}

/** A label and its number, as one row of a description list. */
function Fact({ label, value, name }: { label: string; value: string; name?: string }) {
  const s = useStyles();
  return (
    <>
      <dt>{label}</dt>
      <dd className={s.numCell} data-fact={name}>
        {value}
      </dd>
    </>
  );
}
