/** The pane's one message bar: each job reports through `Notify`; a step change clears it. */
import { useState } from "react";
import type { Strings } from "./i18n";
import { errorText } from "./model";

export interface Notice {
  intent: "error" | "warning" | "success" | "info";
  title?: string;
  text: string;
}

export interface Notify {
  show(notice: Notice | null): void;
  fail(title: string, error: unknown): void;
}

export function useNotice(t: Strings): { notice: Notice | null; notify: Notify } {
  const [notice, setNotice] = useState<Notice | null>(null);
  const notify: Notify = {
    show: setNotice,
    fail: (title, error) => setNotice({ intent: "error", title, text: errorText(error, t) }),
  };
  return { notice, notify };
}
