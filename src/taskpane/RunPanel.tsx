/** The running state: a determinate progress bar with stage and percent, and Cancel. */
import { Button, Field, ProgressBar } from "@fluentui/react-components";
import type { Progress, RunStage } from "../excel/types";
import type { Strings } from "./i18n";
import { useStyles } from "./styles";

export interface RunPanelProps {
  t: Strings;
  /** What is running, e.g. t.progressLabel; its stages in words. */
  label: string;
  stages: Record<RunStage, string>;
  progress: Progress;
  cancelling: boolean;
  onCancel(): void;
}

export function RunPanel({ t, label, stages, progress, cancelling, onCancel }: RunPanelProps) {
  const s = useStyles();
  const percent = Math.round(Math.min(1, Math.max(0, progress.fraction)) * 100);
  const text = cancelling ? t.cancelling : t.progressText(stages[progress.stage], percent);
  return (
    <section className={s.section} aria-label={label}>
      <Field label={label} hint={text}>
        <ProgressBar value={percent / 100} max={1} thickness="large" aria-valuetext={text} />
      </Field>
      {/* Announce the stage and every tenth percent, not each tick. */}
      <div aria-live="polite" className={s.visuallyHidden}>
        {cancelling ? t.cancelling : t.progressText(stages[progress.stage], Math.floor(percent / 10) * 10)}
      </div>
      <div className={s.actions}>
        <Button id="run-cancel" onClick={onCancel} disabledFocusable={cancelling}>
          {t.cancel}
        </Button>
      </div>
    </section>
  );
}
