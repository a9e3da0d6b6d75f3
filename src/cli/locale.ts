import type { OutputLang } from "../core/types";
/** The command line's default language, from the user's locale: Chinese for zh locales, English otherwise. */

/** The locale settings the default comes from: the POSIX variables, then the runtime's own locale. */
export interface LocaleEnv {
  LC_ALL?: string;
  LC_MESSAGES?: string;
  LANG?: string;
  /** Intl's locale (e.g. "zh-CN"), used when none of the variables is set. */
  intl?: string;
}

export function processLocale(): LocaleEnv {
  const { LC_ALL, LC_MESSAGES, LANG } = process.env;
  return { LC_ALL, LC_MESSAGES, LANG, intl: Intl.DateTimeFormat().resolvedOptions().locale };
}

/** LC_ALL, then LC_MESSAGES, then LANG (the first one set, as POSIX reads them), then Intl. C and POSIX are English. */
export function langFromLocale(env: LocaleEnv): OutputLang {
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || env.intl || "";
  return /^zh(?:[_.@-]|$)/i.test(locale) ? "zh" : "en";
}
