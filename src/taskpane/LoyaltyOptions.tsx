/**
 * Options of the loyalty index builder: the indicators (core measures and numeric source columns),
 * each one's direction, the AHP pairwise editor (upper triangle typed, reciprocals filled in, live
 * λmax, CI, CR and the least consistent judgement) and the optional relative-preference column.
 * A CR ≥ 0.10 warns but does not block the run: METHODS §10 still returns the weights then, and the
 * weights sheet records CR and Consistent = FALSE beside them for whoever reads the workbook.
 */
import {
  Caption1,
  Checkbox,
  Dropdown,
  Field,
  Label,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Option,
  Select,
  makeStyles,
  mergeClasses,
  tokens,
} from "@fluentui/react-components";
import { loyaltyMeasureName, type LoyaltyMeasure } from "../core/methods/loyalty-builder";
import type { ColumnMapping } from "../core/types";
import type { SourcePreview } from "../excel/types";
import type { UiLang } from "./i18n";
import { LOYALTY_STRINGS } from "./i18n-loyalty";
import {
  MAX_INDICATORS,
  MIN_INDICATORS,
  columnKey,
  directionOf,
  editorState,
  formatJudgement,
  indicatorOf,
  judgementText,
  measureKeys,
  numericColumns,
  setJudgement,
  type IndicatorKey,
  type LoyaltyForm,
} from "./loyalty-form";
import { useStyles } from "./styles";

const useLoyaltyStyles = makeStyles({
  group: {
    display: "flex",
    flexDirection: "column",
    border: "none",
    margin: 0,
    padding: 0,
    minWidth: 0,
  },
  legendText: { padding: 0, marginBottom: tokens.spacingVerticalXXS },
  subhead: {
    marginTop: tokens.spacingVerticalS,
    color: tokens.colorNeutralForeground3,
    fontWeight: tokens.fontWeightSemibold,
  },
  directionRow: {
    display: "flex",
    alignItems: "center",
    gap: tokens.spacingHorizontalS,
    minWidth: 0,
  },
  directionName: { flex: "1 1 0", minWidth: 0, overflowWrap: "anywhere" },
  /** Wide enough for "Higher is better" / "Lower is better"; the name wraps beside it. */
  directionSelect: { flex: "0 0 auto", width: "11.5em" },
  /** The grid scrolls inside its own box when nine indicators are wider than the pane. */
  gridBox: {
    overflowX: "auto",
    maxWidth: "100%",
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  grid: { borderCollapse: "collapse", fontVariantNumeric: "tabular-nums" },
  head: {
    padding: `${tokens.spacingVerticalXXS} ${tokens.spacingHorizontalXS}`,
    color: tokens.colorNeutralForeground3,
    fontWeight: tokens.fontWeightSemibold,
    textAlign: "center",
  },
  cell: {
    padding: "2px",
    textAlign: "center",
    minWidth: "3.2em",
    borderTop: `1px solid ${tokens.colorNeutralStroke3}`,
  },
  fixed: { color: tokens.colorNeutralForeground3 },
  input: {
    width: "3.2em",
    boxSizing: "border-box",
    padding: "3px 2px",
    textAlign: "center",
    font: "inherit",
    color: tokens.colorNeutralForeground1,
    backgroundColor: tokens.colorNeutralBackground1,
    border: `1px solid ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusSmall,
    ":focus-visible": {
      outline: `2px solid ${tokens.colorStrokeFocus2}`,
      outlineOffset: "1px",
    },
  },
  invalid: { border: `2px solid ${tokens.colorPaletteRedBorder2}` },
  legend: {
    margin: 0,
    paddingLeft: tokens.spacingHorizontalXL,
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalXXS,
  },
  legendItem: { overflowWrap: "anywhere" },
  /** λmax, CI and CR on a line of their own. */
  nowrapStats: { display: "block", whiteSpace: "nowrap" },
});

export interface LoyaltyOptionsProps {
  lang: UiLang;
  form: LoyaltyForm;
  preview: SourcePreview | null;
  mapping: ColumnMapping;
  onChange(form: LoyaltyForm): void;
}

export function LoyaltyOptions({ lang, form, preview, mapping, onChange }: LoyaltyOptionsProps) {
  const s = useStyles();
  const ls = useLoyaltyStyles();
  const L = LOYALTY_STRINGS[lang];
  const columns = preview ? numericColumns(preview.header, preview.rows, mapping) : [];
  const nameOf = (key: IndicatorKey): string => {
    const ind = indicatorOf(key);
    return ind.kind === "measure"
      ? loyaltyMeasureName(ind.measure as LoyaltyMeasure, lang)
      : preview?.header[ind.column] || `#${ind.column + 1}`;
  };
  const keys = form.indicators;
  const names = keys.map(nameOf);
  const state = editorState(form);
  const n = keys.length;
  const countProblem = n < MIN_INDICATORS || n > MAX_INDICATORS ? L.countProblem(n) : undefined;
  const toggle = (key: IndicatorKey, on: boolean) =>
    onChange({
      ...form,
      indicators: on ? [...keys, key] : keys.filter((k) => k !== key),
    });
  const checkbox = (key: IndicatorKey) => (
    <Checkbox
      key={key}
      label={nameOf(key)}
      checked={keys.includes(key)}
      disabled={!keys.includes(key) && n >= MAX_INDICATORS}
      onChange={(_, d) => toggle(key, d.checked === true)}
    />
  );
  const result = state.result;
  const fixed4 = (v: number) => v.toFixed(4);

  return (
    <>
      {/* Not a Field: a Field gives its one control its id, and these are several checkboxes. */}
      <fieldset className={ls.group} aria-describedby="loyalty-indicators-hint">
        <legend className={ls.legendText}>
          <Label weight="semibold">{L.indicators}</Label>
        </legend>
        <Caption1 id="loyalty-indicators-hint" className={s.muted}>
          {L.indicatorsHint}
        </Caption1>
        <div role="group" aria-label={L.derived} className={ls.group}>
          <Caption1 className={ls.subhead}>{L.derived}</Caption1>
          {measureKeys().map(checkbox)}
        </div>
        <div role="group" aria-label={L.columns} className={ls.group}>
          <Caption1 className={ls.subhead}>{L.columns}</Caption1>
          {columns.length === 0 ? <Caption1 className={s.muted}>{L.noColumns}</Caption1> : columns.map((c) => checkbox(columnKey(c)))}
        </div>
        {countProblem && (
          <Caption1 role="alert" className={s.error}>
            {countProblem}
          </Caption1>
        )}
      </fieldset>

      {keys.map((key, i) => (
        <div key={key} className={ls.directionRow}>
          <span className={ls.directionName} id={`loyalty-dir-${i}`}>
            {i + 1}. {names[i]}
          </span>
          <Select
            className={ls.directionSelect}
            aria-label={L.direction(names[i])}
            value={String(directionOf(form, key))}
            onChange={(_, d) =>
              onChange({
                ...form,
                directions: {
                  ...form.directions,
                  [key]: d.value === "-1" ? -1 : 1,
                },
              })
            }
          >
            <option value="1">{L.higher}</option>
            <option value="-1">{L.lower}</option>
          </Select>
        </div>
      ))}

      {n >= MIN_INDICATORS && (
        <section aria-labelledby="loyalty-ahp-heading" className={s.section}>
          <Field label={{ children: L.matrix, id: "loyalty-ahp-heading" }} hint={L.matrixHint}>
            <div className={ls.gridBox}>
              <table className={ls.grid}>
                <thead>
                  <tr>
                    <td />
                    {keys.map((key, j) => (
                      <th key={key} scope="col" className={ls.head} title={names[j]}>
                        {j + 1}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {keys.map((a, i) => (
                    <tr key={a}>
                      <th scope="row" className={ls.head} title={names[i]}>
                        {i + 1}
                      </th>
                      {keys.map((b, j) => {
                        if (j <= i) {
                          const v = state.matrix[i][j];
                          return (
                            <td key={b} className={mergeClasses(ls.cell, ls.fixed)}>
                              {i === j ? "1" : v === null ? "–" : formatJudgement(v)}
                            </td>
                          );
                        }
                        const bad = state.invalid.some((c) => c.i === i && c.j === j);
                        return (
                          <td key={b} className={ls.cell}>
                            <input
                              className={mergeClasses(ls.input, bad && ls.invalid)}
                              aria-label={L.cellLabel(names[i], names[j])}
                              aria-invalid={bad}
                              inputMode="decimal"
                              value={judgementText(form, a, b)}
                              onChange={(e) => onChange(setJudgement(form, a, b, e.target.value))}
                            />
                          </td>
                        );
                      })}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </Field>
          <ol className={ls.legend} aria-label={L.legend}>
            {names.map((name, i) => (
              <li key={keys[i]} className={ls.legendItem}>
                {name}
                {result && (
                  <span className={s.muted}>
                    {" · "}
                    {L.weight} {fixed4(result.weights[i])}
                  </span>
                )}
              </li>
            ))}
          </ol>
          <div aria-live="polite">
            {state.invalid.length > 0 ? (
              <MessageBar intent="error">
                <MessageBarBody>
                  {L.invalidCount(state.invalid.length)} {L.invalidCell}
                </MessageBarBody>
              </MessageBar>
            ) : result && result.consistent ? (
              <MessageBar intent="success">
                <MessageBarBody>
                  <MessageBarTitle>{L.consistent}</MessageBarTitle>
                  <span className={ls.nowrapStats}>{L.resultsAhp(fixed4(result.lambdaMax), fixed4(result.ci), fixed4(result.cr))}</span>
                </MessageBarBody>
              </MessageBar>
            ) : result ? (
              <MessageBar intent="warning">
                <MessageBarBody>
                  <MessageBarTitle>{L.inconsistentTitle}</MessageBarTitle>
                  <span className={ls.nowrapStats}>
                    {L.resultsAhp(fixed4(result.lambdaMax), fixed4(result.ci), fixed4(result.cr))}
                  </span>{" "}
                  {result.worstJudgement &&
                    L.inconsistent(
                      names[result.worstJudgement.i],
                      names[result.worstJudgement.j],
                      formatJudgement(result.worstJudgement.given),
                      result.worstJudgement.implied.toFixed(2),
                    )}
                </MessageBarBody>
              </MessageBar>
            ) : null}
          </div>
        </section>
      )}

      <Field label={L.attitude} hint={L.attitudeHint}>
        <Dropdown
          className={s.full}
          value={form.attitude === "" ? L.none : nameOf(columnKey(Number(form.attitude)))}
          selectedOptions={[form.attitude]}
          onOptionSelect={(_, d) => onChange({ ...form, attitude: d.optionValue ?? "" })}
        >
          <Option value="">{L.none}</Option>
          {columns.map((c) => (
            <Option key={c} value={String(c)}>
              {nameOf(columnKey(c))}
            </Option>
          ))}
        </Dropdown>
      </Field>
    </>
  );
}
