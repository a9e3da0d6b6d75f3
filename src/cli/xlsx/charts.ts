/**
 * DrawingML chart and drawing parts: clustered columns, lines, and their combination with series on
 * a secondary axis (the ABC Pareto: columns of value and the cumulative share as a line on a
 * 0–100 % axis), and horizontal bars. Each series refers to its cells and carries a cache of their values, so a reader
 * draws the chart before (or without) recalculating.
 */
import { esc, XML_HEAD } from "./xml";

export interface ChartSeries {
  name: string;
  /** Cell holding the series name, e.g. 'Summary'!$B$3. */
  nameRef: string;
  valuesRef: string;
  values: (number | null)[];
  kind: "column" | "line";
  secondary?: boolean;
  /** Hex colour without "#". */
  color: string;
  /** A line's point markers (default on); off for long series such as weeks. */
  markers?: boolean;
}

export interface ChartPart {
  title: string;
  categoriesRef: string;
  categories: (string | number | null)[];
  series: ChartSeries[];
  /** Secondary value axis bounds and format (the Pareto's 0–100 %). */
  secondaryAxis?: { min?: number; max?: number; numFmt?: string };
  /** Number format of the primary value axis. */
  numFmt?: string;
  /** Horizontal bars with the first category on top (the category axis runs top-down). */
  horizontal?: boolean;
}

/** 0-based top-left cell and size in cells, as the spec's ChartBlock has them. */
export interface ChartPlace {
  anchor: { row: number; col: number };
  size: { rows: number; cols: number };
}

const NS_C = "http://schemas.openxmlformats.org/drawingml/2006/chart";
const NS_A = "http://schemas.openxmlformats.org/drawingml/2006/main";
const NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const NS_XDR = "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing";

/** Axis ids: primary category/value, secondary category/value. */
const AX = { cat: 50010, val: 50020, cat2: 50030, val2: 50040 };

function strCache(values: (string | number | null)[]): string {
  const pts = values.map((v, i) => (v === null ? "" : `<c:pt idx="${i}"><c:v>${esc(String(v))}</c:v></c:pt>`)).join("");
  return `<c:strCache><c:ptCount val="${values.length}"/>${pts}</c:strCache>`;
}

function numCache(values: (number | null)[]): string {
  const pts = values.map((v, i) => (v === null || !Number.isFinite(v) ? "" : `<c:pt idx="${i}"><c:v>${v}</c:v></c:pt>`)).join("");
  return `<c:numCache><c:formatCode>General</c:formatCode><c:ptCount val="${values.length}"/>${pts}</c:numCache>`;
}

function categoriesXml(chart: ChartPart): string {
  const numeric = chart.categories.every((v) => typeof v === "number" || v === null);
  return numeric
    ? `<c:cat><c:numRef><c:f>${esc(chart.categoriesRef)}</c:f>${numCache(chart.categories as (number | null)[])}</c:numRef></c:cat>`
    : `<c:cat><c:strRef><c:f>${esc(chart.categoriesRef)}</c:f>${strCache(chart.categories)}</c:strRef></c:cat>`;
}

function seriesXml(chart: ChartPart, s: ChartSeries, index: number): string {
  const look =
    s.kind === "line"
      ? `<c:spPr><a:ln w="28575" cap="rnd"><a:solidFill><a:srgbClr val="${s.color}"/></a:solidFill><a:round/></a:ln></c:spPr>` +
        (s.markers === false
          ? `<c:marker><c:symbol val="none"/></c:marker>`
          : `<c:marker><c:symbol val="circle"/><c:size val="6"/><c:spPr><a:solidFill><a:srgbClr val="${s.color}"/></a:solidFill></c:spPr></c:marker>`)
      : `<c:spPr><a:solidFill><a:srgbClr val="${s.color}"/></a:solidFill></c:spPr><c:invertIfNegative val="0"/>`;
  return (
    `<c:ser><c:idx val="${index}"/><c:order val="${index}"/>` +
    `<c:tx><c:strRef><c:f>${esc(s.nameRef)}</c:f>${strCache([s.name])}</c:strRef></c:tx>` +
    look +
    categoriesXml(chart) +
    `<c:val><c:numRef><c:f>${esc(s.valuesRef)}</c:f>${numCache(s.values)}</c:numRef></c:val>` +
    (s.kind === "line" ? `<c:smooth val="0"/>` : "") +
    `</c:ser>`
  );
}

function axesXml(secondary: boolean, chart: ChartPart): string {
  // Horizontal bars: categories down the left from the top, so the value axis crosses at the
  // last category (the bottom) rather than the first (the top).
  const down = chart.horizontal === true;
  const catAx = (id: number, cross: number, hidden: boolean) =>
    `<c:catAx><c:axId val="${id}"/><c:scaling><c:orientation val="${down ? "maxMin" : "minMax"}"/></c:scaling><c:delete val="${hidden ? 1 : 0}"/>` +
    `<c:axPos val="${down ? "l" : "b"}"/><c:numFmt formatCode="General" sourceLinked="1"/><c:majorTickMark val="out"/><c:minorTickMark val="none"/>` +
    `<c:tickLblPos val="nextTo"/><c:crossAx val="${cross}"/><c:crosses val="autoZero"/><c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/></c:catAx>`;
  const valAx = (id: number, cross: number, right: boolean, bounds?: ChartPart["secondaryAxis"], numFmt?: string) =>
    `<c:valAx><c:axId val="${id}"/><c:scaling><c:orientation val="minMax"/>` +
    (bounds?.max !== undefined ? `<c:max val="${bounds.max}"/>` : "") +
    (bounds?.min !== undefined ? `<c:min val="${bounds.min}"/>` : "") +
    `</c:scaling><c:delete val="0"/><c:axPos val="${right ? "r" : down ? "b" : "l"}"/>` +
    (right ? "" : "<c:majorGridlines/>") +
    `<c:numFmt formatCode="${esc(numFmt ?? "General")}" sourceLinked="${numFmt ? 0 : 1}"/><c:majorTickMark val="out"/><c:minorTickMark val="none"/>` +
    `<c:tickLblPos val="nextTo"/><c:crossAx val="${cross}"/><c:crosses val="${right || down ? "max" : "autoZero"}"/><c:crossBetween val="between"/></c:valAx>`;
  let xml = catAx(AX.cat, AX.val, false) + valAx(AX.val, AX.cat, false, undefined, chart.numFmt);
  if (secondary) xml += catAx(AX.cat2, AX.val2, true) + valAx(AX.val2, AX.cat2, true, chart.secondaryAxis, chart.secondaryAxis?.numFmt);
  return xml;
}

/** The chart part (xl/charts/chartN.xml). */
export function chartXml(chart: ChartPart): string {
  const groups: string[] = [];
  const secondary = chart.series.some((s) => s.secondary);
  for (const onSecondary of [false, true]) {
    const axIds = onSecondary
      ? `<c:axId val="${AX.cat2}"/><c:axId val="${AX.val2}"/>`
      : `<c:axId val="${AX.cat}"/><c:axId val="${AX.val}"/>`;
    const pick = (kind: ChartSeries["kind"]) =>
      chart.series.map((s, i) => ({ s, i })).filter(({ s }) => s.kind === kind && !!s.secondary === onSecondary);
    const columns = pick("column");
    // Columns on the secondary axis stand narrower in front of the primary ones, so both show.
    if (columns.length > 0) {
      groups.push(
        `<c:barChart><c:barDir val="${chart.horizontal ? "bar" : "col"}"/><c:grouping val="clustered"/><c:varyColors val="0"/>` +
          columns.map(({ s, i }) => seriesXml(chart, s, i)).join("") +
          `<c:gapWidth val="${onSecondary ? 300 : 60}"/>${axIds}</c:barChart>`,
      );
    }
    const lines = pick("line");
    if (lines.length > 0) {
      groups.push(
        `<c:lineChart><c:grouping val="standard"/><c:varyColors val="0"/>` +
          lines.map(({ s, i }) => seriesXml(chart, s, i)).join("") +
          `<c:marker val="1"/>${axIds}</c:lineChart>`,
      );
    }
  }
  const title =
    `<c:title><c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="1400" b="1"/></a:pPr>` +
    `<a:r><a:rPr sz="1400" b="1"/><a:t>${esc(chart.title)}</a:t></a:r></a:p></c:rich></c:tx><c:overlay val="0"/></c:title>`;
  return (
    XML_HEAD +
    `<c:chartSpace xmlns:c="${NS_C}" xmlns:a="${NS_A}" xmlns:r="${NS_R}"><c:roundedCorners val="0"/>` +
    `<c:chart>${title}<c:autoTitleDeleted val="0"/><c:plotArea><c:layout/>${groups.join("")}${axesXml(secondary, chart)}</c:plotArea>` +
    `<c:legend><c:legendPos val="b"/><c:overlay val="0"/></c:legend><c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart>` +
    `</c:chartSpace>`
  );
}

/** The drawing part holding one chart frame per place; chart k refers to relationship rId{k+1}. */
export function drawingXml(places: ChartPlace[]): string {
  const frames = places.map((p, k) => {
    const corner = (row: number, col: number) =>
      `<xdr:col>${col}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>${row}</xdr:row><xdr:rowOff>0</xdr:rowOff>`;
    return (
      `<xdr:twoCellAnchor editAs="oneCell"><xdr:from>${corner(p.anchor.row, p.anchor.col)}</xdr:from>` +
      `<xdr:to>${corner(p.anchor.row + p.size.rows, p.anchor.col + p.size.cols)}</xdr:to>` +
      `<xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="${k + 2}" name="Chart ${k + 1}"/><xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr>` +
      `<xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm><a:graphic><a:graphicData uri="${NS_C}">` +
      `<c:chart xmlns:c="${NS_C}" xmlns:r="${NS_R}" r:id="rId${k + 1}"/></a:graphicData></a:graphic></xdr:graphicFrame><xdr:clientData/></xdr:twoCellAnchor>`
    );
  });
  return XML_HEAD + `<xdr:wsDr xmlns:xdr="${NS_XDR}" xmlns:a="${NS_A}">${frames.join("")}</xdr:wsDr>`;
}
