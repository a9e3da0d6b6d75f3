import { readFileSync } from "fs";
import { join } from "path";
import { labelText, labelColor, textColorOn, labelSet } from "../src/core/labels";
import bundled from "../src/core/labels.json";

describe("labels", () => {
  it("bundled labels.json is identical to the shared specification's", () => {
    const shared = join(__dirname, "..", "..", "shared", "labels.json");
    let spec: unknown;
    try {
      spec = JSON.parse(readFileSync(shared, "utf8"));
    } catch {
      return; // outside the workspace (e.g. an installed package) the shared copy is absent
    }
    expect(bundled).toEqual(spec);
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
