/** After a run: segments with colour, counts and shares, warnings, rejected rows, and links to sheets. */
import {
  Body1,
  Button,
  Caption1,
  Link,
  MessageBar,
  MessageBarBody,
  MessageBarGroup,
  Subtitle2,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
} from "@fluentui/react-components";
import { labelText } from "../core/report/labels";
import type { Scheme } from "../core/types";
import type { RunReport, SegmentSummaryRow } from "../excel/types";
import type { SheetKind, Strings, UiLang } from "./i18n";
import { useStyles } from "./styles";

const ISSUE_ROWS = 5;
const SHEET_KINDS: SheetKind[] = ["customers", "summary", "issues"];

export interface ResultsViewProps {
  t: Strings;
  lang: UiLang;
  report: RunReport;
  scheme: Scheme;
  onOpenSheet(name: string): void;
  onChangeOptions(): void;
  onNewRun(): void;
}

/** The label in the pane's current language (the report carries the run's language). */
function segmentLabel(row: SegmentSummaryRow, scheme: Scheme, lang: UiLang): string {
  for (const set of [scheme === "CN8" ? "CN8" : "W11", "STATUS"] as const) {
    try {
      return labelText(set, row.code, lang);
    } catch {
      // Not in this set; try the next one.
    }
  }
  return row.label;
}

export function ResultsView({ t, lang, report, scheme, onOpenSheet, onChangeOptions, onNewRun }: ResultsViewProps) {
  const s = useStyles();
  const pct = new Intl.NumberFormat(t.locale, { style: "percent", minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const count = new Intl.NumberFormat(t.locale);
  const share = (x: number) => (Number.isFinite(x) ? pct.format(x) : "—");
  const segmentTotal = report.segments.reduce((sum, r) => sum + r.customers, 0);
  const otherSheets = SHEET_KINDS.flatMap((kind) => report.sheets.filter((sh) => sh.key === kind).map((sh) => ({ kind, name: sh.name })));

  return (
    <section className={s.section} aria-labelledby="results-heading">
      <Subtitle2 as="h2" id="results-heading" className={s.stepHeading} tabIndex={-1}>
        {t.resultsHeading}
      </Subtitle2>
      <Body1>{t.resultsSummary(report.customers, report.rows)}</Body1>

      <Table size="extra-small" className={s.autoTable} aria-labelledby="results-heading" data-testid="segments">
        <TableHeader>
          <TableRow>
            <TableHeaderCell>{t.colSegment}</TableHeaderCell>
            <TableHeaderCell className={s.numCell}>{t.colCustomers}</TableHeaderCell>
            <TableHeaderCell className={s.numCell}>{t.colShareCustomers}</TableHeaderCell>
            <TableHeaderCell className={s.numCell}>{t.colShareRevenue}</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {report.segments.map((row) => {
            const label = segmentLabel(row, scheme, lang);
            return (
              <TableRow key={row.code} data-code={row.code}>
                <TableCell className={s.labelCell}>
                  <span className={s.chipCell}>
                    <span className={s.chip} style={{ backgroundColor: row.color }} aria-hidden="true" />
                    {/* The label doubles as the link to the segment's sheet, when one was written. */}
                    {row.sheetName ? (
                      <Link as="button" onClick={() => onOpenSheet(row.sheetName!)} title={t.openSheetAria(row.sheetName)}>
                        {label}
                      </Link>
                    ) : (
                      <span>{label}</span>
                    )}
                  </span>
                </TableCell>
                <TableCell className={s.numCell} data-col="customers">
                  {count.format(row.customers)}
                </TableCell>
                <TableCell className={s.numCell}>{share(row.customerShare)}</TableCell>
                <TableCell className={s.numCell}>{share(row.valueShare)}</TableCell>
              </TableRow>
            );
          })}
          <TableRow>
            <TableCell>
              <Text weight="semibold">{t.total}</Text>
            </TableCell>
            <TableCell className={s.numCell}>
              <Text weight="semibold">{count.format(segmentTotal)}</Text>
            </TableCell>
            <TableCell />
            <TableCell />
          </TableRow>
        </TableBody>
      </Table>

      {report.warnings.length > 0 && (
        <section className={s.section} aria-labelledby="warnings-heading">
          <Subtitle2 as="h3" id="warnings-heading" className={s.heading}>
            {t.warningsHeading}
          </Subtitle2>
          <MessageBarGroup>
            {report.warnings.map((w) => (
              <MessageBar key={w.code} intent="warning" data-code={w.code}>
                <MessageBarBody>{t.warningText(w)}</MessageBarBody>
              </MessageBar>
            ))}
          </MessageBarGroup>
        </section>
      )}

      <section className={s.section} aria-labelledby="issues-heading" data-testid="issues">
        <Subtitle2 as="h3" id="issues-heading" className={s.heading}>
          {t.issuesHeading}
        </Subtitle2>
        {report.rejected.count === 0 ? (
          <Body1>{t.issuesNone}</Body1>
        ) : (
          <>
            <Body1>{t.issuesCount(report.rejected.count)}</Body1>
            <Caption1>{t.issuesFirst(Math.min(ISSUE_ROWS, report.rejected.first.length))}</Caption1>
            <Table size="extra-small" className={s.autoTable} aria-labelledby="issues-heading">
              <TableHeader>
                <TableRow>
                  <TableHeaderCell style={{ width: "64px" }}>{t.colRow}</TableHeaderCell>
                  <TableHeaderCell>{t.colReason}</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {report.rejected.first.slice(0, ISSUE_ROWS).map((r) => (
                  <TableRow key={r.row}>
                    <TableCell className={s.tabular}>{r.row}</TableCell>
                    <TableCell title={r.message}>{t.reasons[r.reason] ?? r.message}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
            {report.rejected.sheetName && (
              <Link as="button" onClick={() => onOpenSheet(report.rejected.sheetName!)}>
                {t.openIssues}
              </Link>
            )}
          </>
        )}
      </section>

      {otherSheets.length > 0 && (
        <section className={s.section} aria-labelledby="sheets-heading">
          <Subtitle2 as="h3" id="sheets-heading" className={s.heading}>
            {t.sheetsHeading}
          </Subtitle2>
          <ul className={s.linkList}>
            {otherSheets.map((sh) => (
              <li key={sh.kind}>
                {/* Name the kind too when the sheet's own name does not say it. */}
                {t.sheetKinds[sh.kind] !== sh.name && (
                  <span>
                    {t.sheetKinds[sh.kind]}
                    {t.colon}
                  </span>
                )}
                <Link as="button" onClick={() => onOpenSheet(sh.name)}>
                  {sh.name}
                </Link>
              </li>
            ))}
          </ul>
        </section>
      )}

      <div className={s.actions}>
        <Button onClick={onChangeOptions}>{t.changeOptions}</Button>
        <Button appearance="primary" onClick={onNewRun}>
          {t.newRun}
        </Button>
      </div>
    </section>
  );
}
