import { existsSync, readFileSync } from "fs";
import { join } from "path";
import { labelText, labelColor, textColorOn, labelSet } from "../../../src/core/report/labels";
import bundled from "../../../src/core/report/labels.json";

const SHARED_LABELS = join(__dirname, "..", "..", "..", "..", "shared", "labels.json");

describe("labels", () => {
  // The workspace (and CI) has the specification beside the project; a clone without it says so
  // by skipping, never by passing without a check.
  const withSpec = existsSync(SHARED_LABELS) || process.env.CI ? it : it.skip;
  withSpec("bundled labels.json is identical to the shared specification's", () => {
    expect(bundled).toEqual(JSON.parse(readFileSync(SHARED_LABELS, "utf8")));
  });

  it("gives zh, en and zh-en text and the Appendix B colour", () => {
    expect(labelText("W11", "CHAMPIONS", "zh")).toBe("冠军客户");
    expect(labelText("W11", "CHAMPIONS", "en")).toBe("Champions");
    expect(labelText("CN8", "CN_IMP_VALUE", "zh-en")).toBe("重要价值客户 Important value");
    expect(labelColor("W11", "LOST")).toBe("#616161");
  });

  it("splits the pyramid's CN|METAL variants", () => {
    expect(labelText("PYRAMID", "T1", "zh", 0)).toBe("VIP客户");
    expect(labelText("PYRAMID", "T1", "zh", 1)).toBe("铂金客户");
    expect(labelText("PYRAMID", "T4", "en", 1)).toBe("Lead");
  });

  it("chooses black text on light fills and white on dark ones", () => {
    expect(textColorOn("#1B5E20")).toBe("#FFFFFF");
    expect(textColorOn("#FBC02D")).toBe("#000000");
    expect(textColorOn("#EEEEEE")).toBe("#000000");
    expect(labelSet("W11")).toHaveLength(11);
  });
});
