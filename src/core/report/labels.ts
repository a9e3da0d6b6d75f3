/**
 * Class labels in Chinese and English with their fill colours (METHODS.md §1.5, Appendices B and C).
 * labels.json is a copy of ../shared/labels.json; a test keeps the two identical.
 */
import labelData from "./labels.json";
import type { Lang } from "../types";

export interface LabelEntry {
  code: string;
  zh: string;
  en: string;
  color: string;
}

export type LabelSet = keyof typeof labelData;

const bySetAndCode = new Map<string, LabelEntry>();
for (const [set, entries] of Object.entries(labelData) as [string, LabelEntry[]][]) {
  for (const entry of entries) bySetAndCode.set(`${set}/${entry.code}`, entry);
}

export function labelEntry(set: LabelSet, code: string): LabelEntry {
  const entry = bySetAndCode.get(`${set}/${code}`);
  if (!entry) throw new Error(`Unknown label ${set}/${code}`);
  return entry;
}

export function labelSet(set: LabelSet): readonly LabelEntry[] {
  return labelData[set] as LabelEntry[];
}

/**
 * Text of a label. Pyramid labels hold two variants separated by "|" (CN|METAL); `variant` picks one.
 */
export function labelText(set: LabelSet, code: string, lang: Lang, variant = 0): string {
  const entry = labelEntry(set, code);
  const pick = (text: string) => {
    const parts = text.split("|");
    return parts[Math.min(variant, parts.length - 1)];
  };
  if (lang === "zh") return pick(entry.zh);
  if (lang === "en") return pick(entry.en);
  return `${pick(entry.zh)} ${pick(entry.en)}`;
}

export function labelColor(set: LabelSet, code: string): string {
  return labelEntry(set, code).color;
}

/** Black text on light fills, white on dark (Appendix B: luma > 0.5 is light; Rec. 601 weights). */
export function textColorOn(fill: string): "#000000" | "#FFFFFF" {
  const hex = fill.replace("#", "");
  const channel = (i: number) => parseInt(hex.slice(i, i + 2), 16) / 255;
  const luma = 0.299 * channel(0) + 0.587 * channel(2) + 0.114 * channel(4);
  return luma > 0.5 ? "#000000" : "#FFFFFF";
}
