/**
 * The CLV results' model checks: the calibration advice (with a button to use the suggested dates)
 * and warnings, all transaction models compared with the recommended one marked, and the interval
 * of the total expected purchases.
 */
import {
  Badge,
  Button,
  Caption1,
  makeStyles,
  MessageBar,
  MessageBarBody,
  MessageBarGroup,
  Subtitle2,
  tokens,
} from "@fluentui/react-components";
import { formatDay } from "../core/ingest/dates";
import type { ClvModelReport } from "../excel/types";
import type { Strings } from "./i18n";
import { calibrationWarningText } from "./i18n-clv";
import { useStyles } from "./styles";

const useLocal = makeStyles({
  /** Five columns in a 360 px pane: the caption size keeps the figures on one line. */
  compare: {
    width: "100%",
    borderCollapse: "collapse",
    fontSize: tokens.fontSizeBase200,
    lineHeight: tokens.lineHeightBase200,
    "& th, & td": {
      padding: `${tokens.spacingVerticalXXS} 0 ${tokens.spacingVerticalXXS} ${tokens.spacingHorizontalS}`,
      fontWeight: tokens.fontWeightRegular,
      textAlign: "end",
      whiteSpace: "nowrap",
    },
    "& th:first-child": { textAlign: "start", whiteSpace: "normal", paddingLeft: 0 },
    "& thead th": {
      color: tokens.colorNeutralForeground2,
      borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
      whiteSpace: "normal",
      verticalAlign: "bottom",
    },
  },
  picked: { fontWeight: tokens.fontWeightSemibold },
  nowrap: { whiteSpace: "nowrap" },
});

/** Dates in running text kept on one line (a narrow pane would break 1997-12-30 at a hyphen). */
function NoBreakDates({ text }: { text: string }) {
  const l = useLocal();
  return (
    <>
      {text.split(/(\d{4}-\d{2}-\d{2})/).map((part, i) =>
        i % 2 === 1 ? (
          <span key={i} className={l.nowrap}>
            {part}
          </span>
        ) : (
          part
        ),
      )}
    </>
  );
}

export function ClvAdvice({
  t,
  report,
  onUseAdvice,
}: {
  t: Strings;
  report: ClvModelReport;
  onUseAdvice(calibrationEnd: string, holdoutEnd: string): void;
}) {
  const s = useStyles();
  const { advice, calibrationWarnings } = report;
  if (!advice && calibrationWarnings.length === 0) return null;
  const [first, last, end] = advice ? [advice.firstDay, advice.lastDay, advice.suggestedEnd].map(formatDay) : [];
  return (
    <section className={s.section} aria-labelledby="advice-heading" data-testid="advice">
      <Subtitle2 as="h3" id="advice-heading" className={s.heading}>
        {t.clv.adviceHeading}
      </Subtitle2>
      {advice && (
        <Caption1>
          <NoBreakDates text={t.clv.advice(first, last, end)} />
        </Caption1>
      )}
      {calibrationWarnings.length > 0 && (
        <MessageBarGroup>
          {calibrationWarnings.map((w) => (
            <MessageBar key={w.kind} intent="warning" data-code={w.kind}>
              <MessageBarBody>{calibrationWarningText(t.clv, w)}</MessageBarBody>
            </MessageBar>
          ))}
        </MessageBarGroup>
      )}
      {advice && (
        <div>
          <Button onClick={() => onUseAdvice(end, last)}>{t.clv.useAdvice}</Button>
        </div>
      )}
    </section>
  );
}

export function ClvComparison({ t, report }: { t: Strings; report: ClvModelReport }) {
  const s = useStyles();
  const l = useLocal();
  const comparison = report.comparison;
  if (!comparison) return null;
  const one = new Intl.NumberFormat(t.locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  // Whole numbers for AIC and BIC: the five columns fit 360 px, and differences under 1 decide nothing.
  const whole = new Intl.NumberFormat(t.locale, { maximumFractionDigits: 0 });
  const four = new Intl.NumberFormat(t.locale, { minimumFractionDigits: 3, maximumFractionDigits: 3 });
  const shown = (x: number | undefined, f: Intl.NumberFormat) => (x !== undefined && Number.isFinite(x) ? f.format(x) : "—");
  const holdout = comparison.scores.some((m) => m.holdoutMae !== undefined);
  const picked = comparison.scores.find((m) => m.model === comparison.recommended)!;
  const figure =
    comparison.basis === "holdout" || comparison.basis === "holdoutTie" ? shown(picked.holdoutMae, four) : shown(picked.bic, whole);
  return (
    <section className={s.section} aria-labelledby="compare-heading" data-testid="comparison" data-recommended={comparison.recommended}>
      <Subtitle2 as="h3" id="compare-heading" className={s.heading}>
        {t.clv.compareHeading}
      </Subtitle2>
      <Caption1>{t.clv.compareIntro}</Caption1>
      <table className={l.compare} aria-labelledby="compare-heading">
        <thead>
          <tr>
            <th scope="col">{t.clv.colModel}</th>
            <th scope="col">{t.clv.colLogLik}</th>
            <th scope="col">AIC</th>
            <th scope="col">BIC</th>
            {holdout && <th scope="col">{t.clv.colMae}</th>}
          </tr>
        </thead>
        <tbody>
          {comparison.scores.map((m) => (
            <tr key={m.model} data-model={m.model} className={m.model === comparison.recommended ? l.picked : undefined}>
              <th scope="row" className={m.model === comparison.recommended ? l.picked : undefined}>
                {m.title}
                {m.model === comparison.recommended && (
                  <>
                    {" "}
                    <Badge size="small" appearance="tint" color="success">
                      {t.clv.recommendedTag}
                    </Badge>
                  </>
                )}
              </th>
              <td>{shown(m.logLikelihood, one)}</td>
              <td>{shown(m.aic, whole)}</td>
              <td>{shown(m.bic, whole)}</td>
              {holdout && <td>{shown(m.holdoutMae, four)}</td>}
            </tr>
          ))}
        </tbody>
      </table>
      <MessageBar intent="success" data-testid="recommendation">
        <MessageBarBody>
          <strong>{t.clv.recommended(picked.title)}</strong> {t.clv.basis[comparison.basis](figure)}
        </MessageBarBody>
      </MessageBar>
      {comparison.scores
        .filter((m) => m.problem)
        .map((m) => (
          <MessageBar key={m.model} intent={m.problem === "noDropout" ? "info" : "warning"} data-problem={m.problem} data-model={m.model}>
            <MessageBarBody title={m.problemText}>{t.clv.problems[m.problem!](m.title)}</MessageBarBody>
          </MessageBar>
        ))}
      {comparison.recommended !== "bgnbd" && <Caption1>{t.clv.sheetModelNote(picked.title)}</Caption1>}
    </section>
  );
}

export function ClvIntervals({ t, report }: { t: Strings; report: ClvModelReport }) {
  const s = useStyles();
  const total = report.totalExpected;
  if (report.intervalsUnavailable) {
    return (
      <MessageBar intent="warning" data-testid="intervals">
        <MessageBarBody>{t.clv.noIntervals}</MessageBarBody>
      </MessageBar>
    );
  }
  if (!total) return null;
  const one = new Intl.NumberFormat(t.locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  return (
    <section className={s.section} aria-labelledby="intervals-heading" data-testid="intervals">
      <Subtitle2 as="h3" id="intervals-heading" className={s.heading}>
        {t.clv.intervalsHeading}
      </Subtitle2>
      <dl className={s.facts}>
        <dt>{t.clv.totalExpected(report.assumptions.horizonMonths)}</dt>
        <dd className={s.numCell} data-fact="totalExpected" data-low={total.low} data-high={total.high} data-estimate={total.estimate}>
          {one.format(total.estimate)}
        </dd>
        <dt>{t.clv.totalRange(total.level)}</dt>
        <dd className={s.numCell} data-fact="totalRange">{`${one.format(total.low)} – ${one.format(total.high)}`}</dd>
      </dl>
      <Caption1>{t.clv.intervalNote(total.level, total.draws)}</Caption1>
    </section>
  );
}
