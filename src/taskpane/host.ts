/** What the pane learns from its host: Office theme and display language, with browser fallbacks. */
import { webDarkTheme, webLightTheme, type Theme } from "@fluentui/react-components";
import type { UiLang } from "./i18n";
import { luminance } from "./model";

/**
 * Fluent's font stack names Western fonts only. Chinese UI fonts go right after Segoe UI for a
 * Chinese pane, and just before the generic family otherwise (for Chinese headers and data).
 */
const CJK_FONTS = "'Microsoft YaHei UI', 'Microsoft YaHei', 'PingFang SC', 'Noto Sans CJK SC'";

export function paneTheme(dark: boolean, lang: UiLang): Theme {
  const theme = dark ? webDarkTheme : webLightTheme;
  const fontFamilyBase =
    lang === "zh"
      ? theme.fontFamilyBase.replace("'Segoe UI', ", `'Segoe UI', ${CJK_FONTS}, `)
      : theme.fontFamilyBase.replace(/, sans-serif$/, `, ${CJK_FONTS}, sans-serif`);
  return { ...theme, fontFamilyBase };
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
