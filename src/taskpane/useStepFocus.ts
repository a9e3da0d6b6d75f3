import { useEffect, useRef } from "react";

/**
 * A new step replaces the control that had focus: start the keyboard user at its heading (at Cancel
 * while running), not back at the top of the page. Not on first render, and not on a tab switch,
 * which changes no step and leaves focus on the tab.
 */
export function useStepFocus(step: string): void {
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    document.getElementById(step === "running" ? "run-cancel" : `${step}-heading`)?.focus();
  }, [step]);
}
