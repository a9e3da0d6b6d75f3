/** Every string the task pane shows, in English and Chinese, by language. */
import { en, type Strings, type UiLang } from "./i18n-en";
import { zh } from "./i18n-zh";

export { MAPPED_ROLES, type Job, type SheetKind, type Strings, type UiLang } from "./i18n-en";

export const STRINGS: Record<UiLang, Strings> = { en, zh };
