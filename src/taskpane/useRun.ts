/**
 * One run at a time for every job: remember the settings, show progress with Cancel, and say how a
 * run that did not finish ended.
 */
import { useRef, useState } from "react";
import type { Progress, SavedSettings } from "../excel/types";
import { isAbort } from "./model";
import type { Notify } from "./useNotice";

export type StartRun<R> = (onProgress: (p: Progress) => void, signal: AbortSignal) => Promise<R>;

/** `tooLate`: for a job whose cancel can come too late, after which the run still resolves. */
export interface RunTexts {
  cancelled: string;
  failed: string;
  tooLate?: string;
}

/** Resolves to the report, or undefined when the run failed or was cancelled (the notice says which). */
export type Execute = <R>(settings: SavedSettings, start: StartRun<R>, texts: RunTexts) => Promise<R | undefined>;

export function useRun(remember: (settings: SavedSettings) => void, notify: Notify) {
  const [progress, setProgress] = useState<Progress>({ stage: "read", fraction: 0 });
  const [cancelling, setCancelling] = useState(false);
  const abortRef = useRef<AbortController | null>(null);

  const execute: Execute = async (settings, start, texts) => {
    const controller = new AbortController();
    abortRef.current = controller;
    remember(settings);
    notify.show(null);
    setCancelling(false);
    setProgress({ stage: "read", fraction: 0 });
    try {
      const report = await start(setProgress, controller.signal);
      if (controller.signal.aborted && texts.tooLate) notify.show({ intent: "info", text: texts.tooLate });
      return report;
    } catch (error) {
      if (isAbort(error, controller.signal)) notify.show({ intent: "info", text: texts.cancelled });
      else notify.fail(texts.failed, error);
      return undefined;
    } finally {
      abortRef.current = null;
      setCancelling(false);
    }
  };

  const cancel = () => {
    setCancelling(true);
    abortRef.current?.abort();
  };

  return { progress, cancelling, execute, cancel };
}

export type Run = ReturnType<typeof useRun>;
