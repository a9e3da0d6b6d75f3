/** What the pane learns from its host: Office theme and display language, with browser fallbacks. */
import { webDarkTheme, webLightTheme, type Theme } from "@fluentui/react-components";
import type { UiLang } from "./i18n";
import { luminance } from "./model";

/**
 * Fluent's font stack names Western fonts only. A Chinese pane puts Chinese UI fonts right after
 * Segoe UI; an English one keeps the stack, since a CJK font listed there would also draw the Latin
 * text wherever Segoe UI is missing (Chinese data values still get a system fallback font).
 */
const CJK_FONTS = "'Microsoft YaHei UI', 'Microsoft YaHei', 'PingFang SC', 'Noto Sans CJK SC'";

export function paneTheme(dark: boolean, lang: UiLang): Theme {
  const theme = dark ? webDarkTheme : webLightTheme;
  if (lang === "en") return theme;
  return { ...theme, fontFamilyBase: theme.fontFamilyBase.replace("'Segoe UI', ", `'Segoe UI', ${CJK_FONTS}, `) };
}

/** Dark when Office's body background is dark; outside Office (or on hosts without a theme) the OS preference decides. */
export function prefersDark(): boolean {
  const background = typeof Office !== "undefined" ? Office.context?.officeTheme?.bodyBackgroundColor : undefined;
  const lum = background ? luminance(background) : null;
  if (lum !== null) return lum < 0.5;
  return typeof window.matchMedia === "function" && window.matchMedia("(prefers-color-scheme: dark)").matches;
}

export function displayLanguage(): string | undefined {
  return typeof Office !== "undefined" ? Office.context?.displayLanguage : undefined;
}
