// A horizontal bar chart of one table row (or two, for comparisons) across the
// table's columns, drawn as SVG from the answer's chart data.
import { h, svg } from "./dom.js";
import { formatValue } from "./format.js";

const DEFAULT_WIDTH = 400;
const MIN_WIDTH = 280;
const LABEL_WIDTH = 132;
const VALUE_WIDTH = 44;
const GAP = 8;
const GROUP_HEIGHT = 22;
const MAX_LABEL_CHARS = 21;

let chartCount = 0;

function truncate(text) {
  return text.length > MAX_LABEL_CHARS ? `${text.slice(0, MAX_LABEL_CHARS - 1)}…` : text;
}

function numeric(bar) {
  return bar && typeof bar.value === "number" && Number.isFinite(bar.value);
}

function drawBars(series, index, top, rowHeight, scale, unit, missingLabel) {
  const count = series.length;
  const barHeight = count === 1 ? 14 : 10;
  const stack = count * barHeight + (count - 1) * 2;
  const shapes = [];
  series.forEach((one, k) => {
    const bar = one.bars[index];
    const y = top + (rowHeight - stack) / 2 + k * (barHeight + 2);
    const emphasis = bar && bar.emphasised ? " is-emphasised" : "";
    if (!numeric(bar)) {
      shapes.push(svg("text", { x: LABEL_WIDTH + GAP, y: y + barHeight - 2, class: "chart-value is-missing" }, `— ${missingLabel}`));
      return;
    }
    const width = Math.max(1.5, Math.max(0, bar.value) * scale);
    const value = formatValue(bar.value, unit);
    shapes.push(svg("rect", {
      x: LABEL_WIDTH + GAP, y, width, height: barHeight, rx: 2, class: `bar series-${k}${emphasis}`,
    }, svg("title", {}, `${one.name} · ${bar.label}: ${value}`)));
    shapes.push(svg("text", {
      x: LABEL_WIDTH + GAP + width + 4, y: y + barHeight - 2, class: `chart-value${emphasis}`,
    }, value));
  });
  return shapes;
}

/**
 * A <figure> with the chart; `t` translates the page's own words. Drawn at the
 * pixel width it will be shown at, so its text stays legible on a phone.
 */
export function barChart(chart, t, width = DEFAULT_WIDTH) {
  const fullWidth = Math.max(MIN_WIDTH, Math.round(width));
  const series = (chart.series || []).filter((one) => Array.isArray(one.bars)).slice(0, 2);
  if (!series.length || !series[0].bars.length) return null;
  chartCount += 1;
  const titleId = `chart-title-${chartCount}`;
  const descId = `chart-desc-${chartCount}`;
  const values = series.flatMap((one) => one.bars.filter(numeric).map((bar) => bar.value));
  const max = Math.max(0, ...values) || 1;
  const scale = (fullWidth - LABEL_WIDTH - GAP - VALUE_WIDTH) / max;
  const rowHeight = series.length === 1 ? 24 : 28;

  const shapes = [];
  const description = [];
  let y = 4;
  let group = null;
  series[0].bars.forEach((bar, index) => {
    if (bar.group && bar.group !== group) {
      shapes.push(svg("text", { x: 0, y: y + 15, class: "chart-group" }, bar.group));
      y += GROUP_HEIGHT;
    }
    group = bar.group || null;
    const label = String(bar.label ?? "");
    const emphasis = series.some((one) => one.bars[index] && one.bars[index].emphasised) ? " is-emphasised" : "";
    const text = svg("text", {
      x: LABEL_WIDTH, y: y + rowHeight / 2 + 4, "text-anchor": "end", class: `chart-label${emphasis}`,
    }, truncate(label));
    if (label.length > MAX_LABEL_CHARS) text.append(svg("title", {}, label));
    shapes.push(text);
    shapes.push(...drawBars(series, index, y, rowHeight, scale, chart.unit, t("chart_missing")));
    description.push(`${label}: ${series.map((one) => formatValue(one.bars[index]?.value, chart.unit)).join(" / ")}`);
    y += rowHeight;
  });
  const height = y + 4;

  const picture = svg("svg", {
    class: "chart-svg", viewBox: `0 0 ${fullWidth} ${height}`, width: fullWidth, height, role: "img",
    "aria-labelledby": titleId, "aria-describedby": descId, preserveAspectRatio: "xMinYMin meet",
  },
  svg("title", { id: titleId }, chart.title || ""),
  svg("desc", { id: descId }, description.join("; ")),
  svg("line", { x1: LABEL_WIDTH + GAP, x2: LABEL_WIDTH + GAP, y1: 0, y2: height, class: "chart-axis" }),
  shapes);

  const legend = series.length > 1
    ? h("ul", { class: "chart-legend" }, series.map((one, k) => h("li", {},
      h("span", { class: `swatch series-${k}`, "aria-hidden": "true" }), one.name)))
    : h("p", { class: "chart-legend single" }, series[0].name);
  const caption = series.length > 1 ? "chart_caption_rows" : "chart_caption";
  return h("figure", { class: "chart" },
    h("figcaption", {},
      h("span", { class: "chart-caption", "data-i18n": caption }, t(caption)),
      h("span", { class: "chart-title" }, chart.title || ""),
      legend),
    picture);
}
