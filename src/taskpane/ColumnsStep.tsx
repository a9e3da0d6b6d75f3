/** Step 2: which column plays which role, with where each guess came from and the first rows. */
import {
  Body1,
  Button,
  Caption1,
  Dropdown,
  Field,
  MessageBar,
  MessageBarBody,
  Option,
  Subtitle2,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
} from "@fluentui/react-components";
import type { ColumnMapping, ColumnRole } from "../core/types";
import type { SourcePreview } from "../excel/types";
import { MAPPED_ROLES, type Strings } from "./i18n";
import { mappingProblems, pickRoles, previewText, type RoleOrigin } from "./model";
import { useStyles } from "./styles";

const PREVIEW_ROWS = 5;
const NONE = "none";

export interface ColumnsStepProps {
  t: Strings;
  preview: SourcePreview;
  letters: string[];
  mapping: ColumnMapping;
  origin: Partial<Record<ColumnRole, RoleOrigin>>;
  /** Roles offered, in display order; default all. The others are neither shown nor checked. */
  roles?: readonly ColumnRole[];
  onMap(role: ColumnRole, column: number | undefined): void;
  onBack(): void;
  onNext(): void;
}

export function ColumnsStep({ t, preview, letters, mapping, origin, roles = MAPPED_ROLES, onMap, onBack, onNext }: ColumnsStepProps) {
  const s = useStyles();
  const problems = mappingProblems(pickRoles(mapping, roles), letters, t);
  const columnText = (c: number) => t.columnOption(letters[c], preview.header[c]);
  const roleOf = new Map<number, ColumnRole>();
  for (const role of roles) if (mapping[role] !== undefined) roleOf.set(mapping[role], role);
  const rows = preview.rows.slice(0, PREVIEW_ROWS);

  return (
    <section className={s.section} aria-labelledby="columns-heading">
      <Subtitle2 as="h2" id="columns-heading" className={s.stepHeading} tabIndex={-1}>
        {t.columnsHeading}
      </Subtitle2>
      <Body1>{t.columnsIntro}</Body1>
      <div className={s.mappingGrid}>
        {roles.map((role) => {
          const column = mapping[role];
          return (
            <Field key={role} label={t.roles[role]} hint={t.origin[column === undefined ? "none" : (origin[role] ?? "user")]}>
              <Dropdown
                className={s.full}
                value={column === undefined ? t.notUsed : columnText(column)}
                selectedOptions={[column === undefined ? NONE : String(column)]}
                onOptionSelect={(_, d) =>
                  onMap(role, d.optionValue === NONE || d.optionValue === undefined ? undefined : Number(d.optionValue))
                }
              >
                <Option value={NONE}>{t.notUsed}</Option>
                {preview.header.map((_, c) => (
                  <Option key={c} value={String(c)}>
                    {columnText(c)}
                  </Option>
                ))}
              </Dropdown>
            </Field>
          );
        })}
      </div>
      {problems.length > 0 && (
        <MessageBar intent="warning">
          <MessageBarBody>
            {problems.map((p) => (
              <div key={p}>{p}</div>
            ))}
          </MessageBarBody>
        </MessageBar>
      )}
      <Subtitle2 as="h3" className={s.heading}>
        {t.previewHeading}
      </Subtitle2>
      <Caption1 id="preview-caption">{t.previewCaption(rows.length, preview.totalRows)}</Caption1>
      {/* Focusable so keyboard users can scroll a wide preview sideways. */}
      <div className={s.scrollX} tabIndex={0} role="region" aria-labelledby="preview-caption">
        <Table size="extra-small" className={s.previewTable} aria-labelledby="preview-caption">
          <TableHeader>
            <TableRow>
              {preview.header.map((h, c) => (
                <TableHeaderCell key={c} className={s.nowrap}>
                  <span>
                    {t.columnOption(letters[c], h)}
                    {roleOf.has(c) && <span className={s.roleTag}>{t.roles[roleOf.get(c)!]}</span>}
                  </span>
                </TableHeaderCell>
              ))}
            </TableRow>
          </TableHeader>
          <TableBody>
            {rows.map((row, r) => (
              <TableRow key={r}>
                {preview.header.map((_, c) => (
                  <TableCell key={c} className={s.nowrap}>
                    {previewText(row[c], mapping.date === c, t.locale)}
                  </TableCell>
                ))}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
      <div className={s.actions}>
        <Button onClick={onBack}>{t.back}</Button>
        <Button appearance="primary" disabled={problems.length > 0} onClick={onNext}>
          {t.next}
        </Button>
      </div>
    </section>
  );
}
