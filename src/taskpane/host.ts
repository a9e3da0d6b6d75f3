/** What the pane learns from its host: Office theme and display language, with browser fallbacks. */
import { webDarkTheme, webLightTheme, type Theme } from "@fluentui/react-components";
import { luminance } from "./model";

/** Fluent's font stack names Western fonts only; Chinese UI fonts go right after Segoe UI. */
const CJK_FONTS = "'Microsoft YaHei UI', 'Microsoft YaHei', 'PingFang SC', 'Noto Sans CJK SC', ";

function withCjk(theme: Theme): Theme {
  return { ...theme, fontFamilyBase: theme.fontFamilyBase.replace("'Segoe UI', ", `'Segoe UI', ${CJK_FONTS}`) };
}

export const LIGHT_THEME = withCjk(webLightTheme);
export const DARK_THEME = withCjk(webDarkTheme);

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
