/**
 * Offline checks of manifest.xml (the online validator cannot run here; ENGINEERING.md "Testing
 * without Excel"): well-formed XML, every resid resolves to a resource of the right kind, namespace
 * CRM, SharedRuntime 1.1, zh-cn overrides, one origin for every URL, and every file it names present
 * in the built dist/. Also: the icons are the ones scripts/make-icons.ts draws.
 */
import { existsSync, readFileSync, readdirSync } from "fs";
import { createRequire } from "module";
import { join } from "path";
import { SaxesParser } from "saxes";
import { inflateSync } from "zlib";
import { ICON_SIZES, drawIcon } from "../scripts/make-icons";
import { builtDist } from "./functions/build-dist";

const ROOT = join(__dirname, "..");
const SOURCE = readFileSync(join(ROOT, "manifest.xml"), "utf8");
const NS = {
  app: "http://schemas.microsoft.com/office/appforoffice/1.1",
  bt: "http://schemas.microsoft.com/office/officeappbasictypes/1.0",
  ov: "http://schemas.microsoft.com/office/taskpaneappversionoverrides",
  xsi: "http://www.w3.org/2001/XMLSchema-instance",
};

interface Element {
  uri: string;
  local: string;
  attrs: Record<string, string>;
  children: Element[];
  parent?: Element;
}

/** A namespace-aware element tree; saxes throws on anything that is not well-formed XML. */
function parse(xml: string): Element {
  const parser = new SaxesParser({ xmlns: true });
  const root: Element = { uri: "", local: "#document", attrs: {}, children: [] };
  let current = root;
  parser.on("error", (e) => {
    throw e;
  });
  parser.on("opentag", (tag) => {
    const attrs: Record<string, string> = {};
    for (const a of Object.values(tag.attributes)) {
      // Namespace declarations are not data.
      if (a.prefix === "xmlns" || a.name === "xmlns") continue;
      attrs[a.uri ? `{${a.uri}}${a.local}` : a.local] = a.value;
    }
    const el: Element = { uri: tag.uri, local: tag.local, attrs, children: [], parent: current };
    current.children.push(el);
    current = el;
  });
  parser.on("closetag", () => {
    current = current.parent!;
  });
  parser.write(xml).close();
  return root.children[0];
}

function all(el: Element, local?: string, uri?: string): Element[] {
  const found: Element[] = [];
  const visit = (e: Element) => {
    for (const c of e.children) {
      if ((local === undefined || c.local === local) && (uri === undefined || c.uri === uri)) found.push(c);
      visit(c);
    }
  };
  visit(el);
  return found;
}

function one(el: Element, local: string, uri?: string): Element {
  const found = all(el, local, uri);
  if (found.length !== 1) throw new Error(`expected one <${local}>, found ${found.length}`);
  return found[0];
}

const xsiType = (el: Element) => el.attrs[`{${NS.xsi}}type`];

/** Resources by kind: Images, Urls, ShortStrings, LongStrings → id → element. */
function resources(root: Element): Record<string, Map<string, Element>> {
  const res = one(root, "Resources", NS.ov);
  const kinds: Record<string, Map<string, Element>> = {};
  for (const group of res.children) {
    const map = new Map<string, Element>();
    for (const item of group.children) {
      expect(map.has(item.attrs.id)).toBe(false);
      map.set(item.attrs.id, item);
    }
    kinds[group.local] = map;
  }
  return kinds;
}

/** Every URL the manifest names: attribute values that are absolute http(s) URLs. */
function urls(root: Element): string[] {
  const found: string[] = [root, ...all(root)].flatMap((el) => Object.values(el.attrs).filter((v) => /^https?:\/\//.test(v)));
  return [...new Set(found)];
}

const manifest = parse(SOURCE);

describe("manifest.xml", () => {
  it("is a task pane add-in-only manifest for Excel with ReadWriteDocument", () => {
    expect(manifest.uri).toBe(NS.app);
    expect(manifest.local).toBe("OfficeApp");
    expect(xsiType(manifest)).toBe("TaskPaneApp");
    expect(SOURCE).toMatch(/<Id>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}<\/Id>/);
    expect(all(manifest, "Host", NS.app).map((h) => h.attrs.Name)).toEqual(["Workbook"]);
    expect(SOURCE).toContain("<Permissions>ReadWriteDocument</Permissions>");
  });

  it("requires SharedRuntime 1.1 and runs the task pane page as a long-lived shared runtime", () => {
    const sets = all(one(manifest, "Requirements"), "Set").map((s) => [s.attrs.Name, s.attrs.MinVersion]);
    expect(sets).toContainEqual(["SharedRuntime", "1.1"]);
    const runtime = one(manifest, "Runtime", NS.ov);
    expect(runtime.attrs.lifetime).toBe("long");
    const functionsPoint = all(manifest, "ExtensionPoint", NS.ov).find((e) => xsiType(e) === "CustomFunctions")!;
    const page = one(one(functionsPoint, "Page", NS.ov), "SourceLocation", NS.ov);
    const functionFile = one(manifest, "FunctionFile", NS.ov);
    expect(page.attrs.resid).toBe(runtime.attrs.resid);
    expect(functionFile.attrs.resid).toBe(runtime.attrs.resid);
    expect(resources(manifest).Urls.get(runtime.attrs.resid)!.attrs.DefaultValue).toMatch(/\/taskpane\.html$/);
    expect(one(manifest, "SourceLocation", NS.app).attrs.DefaultValue).toMatch(/\/taskpane\.html$/);
  });

  it("declares the custom functions in the CRM namespace with English and zh-cn metadata", () => {
    const res = resources(manifest);
    const functionsPoint = all(manifest, "ExtensionPoint", NS.ov).find((e) => xsiType(e) === "CustomFunctions")!;
    const namespace = one(functionsPoint, "Namespace", NS.ov).attrs.resid;
    expect(res.ShortStrings.get(namespace)!.attrs.DefaultValue).toBe("CRM");
    expect(all(res.ShortStrings.get(namespace)!, "Override")).toEqual([]);
    const script = one(one(functionsPoint, "Script", NS.ov), "SourceLocation", NS.ov).attrs.resid;
    expect(res.Urls.get(script)!.attrs.DefaultValue).toMatch(/\/functions\.js$/);
    const metadata = res.Urls.get(one(one(functionsPoint, "Metadata", NS.ov), "SourceLocation", NS.ov).attrs.resid)!;
    expect(metadata.attrs.DefaultValue).toMatch(/\/functions\.json$/);
    const overrides = all(metadata, "Override", NS.bt);
    expect(overrides.map((o) => [o.attrs.Locale, o.attrs.Value.replace(/^.*\//, "")])).toEqual([["zh-cn", "functions.zh-cn.json"]]);
  });

  it("has a Home-tab button that opens the task pane", () => {
    const ribbon = all(manifest, "ExtensionPoint", NS.ov).find((e) => xsiType(e) === "PrimaryCommandSurface")!;
    expect(one(ribbon, "OfficeTab", NS.ov).attrs.id).toBe("TabHome");
    const button = one(ribbon, "Control", NS.ov);
    expect(xsiType(button)).toBe("Button");
    const action = one(button, "Action", NS.ov);
    expect(xsiType(action)).toBe("ShowTaskpane");
    expect(one(action, "SourceLocation", NS.ov).attrs.resid).toBe(one(manifest, "Runtime", NS.ov).attrs.resid);
  });

  it("resolves every resid to a resource of the kind its element needs", () => {
    const res = resources(manifest);
    const withResid = all(manifest).filter((el) => el.attrs.resid !== undefined);
    expect(withResid.length).toBeGreaterThan(10);
    for (const el of withResid) {
      const parent = el.parent!.local;
      const kind =
        el.local === "Image"
          ? ["Images"]
          : ["SourceLocation", "Runtime", "FunctionFile", "LearnMoreUrl"].includes(el.local)
            ? ["Urls"]
            : el.local === "Description" && parent === "Supertip"
              ? ["LongStrings"]
              : ["ShortStrings"];
      expect({ resid: el.attrs.resid, found: kind.some((k) => res[k]?.has(el.attrs.resid)) }).toEqual({
        resid: el.attrs.resid,
        found: true,
      });
    }
  });

  it("translates the name, description, group, button and tooltip into zh-cn", () => {
    const res = resources(manifest);
    const zh = (el: Element) =>
      all(el, "Override")
        .filter((o) => o.attrs.Locale === "zh-cn")
        .map((o) => o.attrs.Value);
    const cjk = /[\u4e00-\u9fff]/;
    const ribbon = all(manifest, "ExtensionPoint", NS.ov).find((e) => xsiType(e) === "PrimaryCommandSurface")!;
    const group = one(ribbon, "Group", NS.ov);
    const button = one(group, "Control", NS.ov);
    const strings = [
      one(manifest, "DisplayName", NS.app),
      one(manifest, "Description", NS.app),
      res.ShortStrings.get(group.children.find((c) => c.local === "Label")!.attrs.resid)!,
      res.ShortStrings.get(button.children.find((c) => c.local === "Label")!.attrs.resid)!,
      res.LongStrings.get(one(one(button, "Supertip", NS.ov), "Description", NS.ov).attrs.resid)!,
    ];
    for (const el of strings) {
      expect(el.attrs.DefaultValue).toBeTruthy();
      expect(zh(el)).toHaveLength(1);
      expect(zh(el)[0]).toMatch(cjk);
    }
    // Manifest limits: short strings ≤ 125 characters, long strings ≤ 250.
    for (const s of res.ShortStrings.values()) for (const v of [s.attrs.DefaultValue, ...zh(s)]) expect(v.length).toBeLessThanOrEqual(125);
    for (const s of res.LongStrings.values()) for (const v of [s.attrs.DefaultValue, ...zh(s)]) expect(v.length).toBeLessThanOrEqual(250);
  });

  it("names one origin, https://localhost:3000, for every URL", () => {
    const found = urls(manifest);
    expect(found.length).toBeGreaterThan(5);
    expect(new Set(found.map((u) => new URL(u).origin))).toEqual(new Set(["https://localhost:3000"]));
  });

  it("points every URL at ADDIN_BASE_URL in the built copy when it is set", async () => {
    const saved = process.env.ADDIN_BASE_URL;
    process.env.ADDIN_BASE_URL = "https://crm.example.com/addin/";
    try {
      const webpackConfig = createRequire(__filename)("../webpack.config.js");
      const config = await webpackConfig({}, { mode: "production" });
      const copy = config.plugins.find((p: any) => p.constructor.name === "CopyPlugin");
      const pattern = copy.patterns.find((p: any) => p.from === "manifest.xml");
      const rewritten = parse(String(await pattern.transform(Buffer.from(SOURCE), "manifest.xml")));
      const found = urls(rewritten);
      expect(found.length).toBe(urls(manifest).length);
      for (const u of found) expect(u.startsWith("https://crm.example.com/addin/")).toBe(true);
      expect(found).toContain("https://crm.example.com/addin/functions.zh-cn.json");
    } finally {
      if (saved === undefined) delete process.env.ADDIN_BASE_URL;
      else process.env.ADDIN_BASE_URL = saved;
    }
  });
});

describe("built dist/", () => {
  let dist: string;
  beforeAll(async () => {
    dist = await builtDist();
  });

  it("holds every file the built manifest names", () => {
    const built = parse(readFileSync(join(dist, "manifest.xml"), "utf8"));
    const origin = "https://localhost:3000";
    for (const url of urls(built)) {
      expect(url.startsWith(`${origin}/`)).toBe(true);
      const file = join(dist, new URL(url).pathname);
      expect({ url, exists: existsSync(file) }).toEqual({ url, exists: true });
    }
    expect(readdirSync(join(dist, "assets")).sort()).toEqual(ICON_SIZES.map((s) => `icon-${s}.png`).sort());
  });

  it("serves taskpane.html with Office.js from the CDN, then the functions bundle, then the task pane", () => {
    const html = readFileSync(join(dist, "taskpane.html"), "utf8");
    const scripts = [...html.matchAll(/<script[^>]*\bsrc=["']?([^"' >]+)/g)].map((m) => m[1]);
    expect(scripts).toEqual(["https://appsforoffice.microsoft.com/lib/1/hosted/office.js", "functions.js", "taskpane.js"]);
  });
});

/** Width, height and RGBA pixels of an 8-bit RGBA PNG whose rows all use filter type 0. */
function decodePng(png: Buffer): { width: number; height: number; pixels: Buffer } {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  let offset = 8;
  let width = 0;
  let height = 0;
  const idat: Buffer[] = [];
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString("ascii", offset + 4, offset + 8);
    const data = png.subarray(offset + 8, offset + 8 + length);
    if (type === "IHDR") {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      expect([data[8], data[9]]).toEqual([8, 6]);
    }
    if (type === "IDAT") idat.push(data);
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const rows: Buffer[] = [];
  for (let y = 0; y < height; y++) {
    const start = y * (width * 4 + 1);
    expect(raw[start]).toBe(0);
    rows.push(raw.subarray(start + 1, start + 1 + width * 4));
  }
  return { width, height, pixels: Buffer.concat(rows) };
}

describe("icons", () => {
  it("match the sizes the manifest declares", () => {
    const res = resources(manifest);
    for (const [id, el] of res.Images) {
      const size = Number(/(\d+)x\1$/.exec(id)![1]);
      const { width, height } = decodePng(readFileSync(join(ROOT, new URL(el.attrs.DefaultValue).pathname)));
      expect([id, width, height]).toEqual([id, size, size]);
    }
    expect(one(manifest, "IconUrl").attrs.DefaultValue).toMatch(/icon-32\.png$/);
    expect(one(manifest, "HighResolutionIconUrl").attrs.DefaultValue).toMatch(/icon-64\.png$/);
  });

  it("are exactly what scripts/make-icons.ts draws (regenerate with npm run icons)", () => {
    for (const size of ICON_SIZES) {
      const { width, pixels } = decodePng(readFileSync(join(ROOT, "assets", `icon-${size}.png`)));
      expect(width).toBe(size);
      expect(pixels.equals(Buffer.from(drawIcon(size)))).toBe(true);
    }
  });
});
