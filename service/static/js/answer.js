// One answer as a card: the text with footnote markers, the figure and its
// provenance, a chart, the quoted evidence, suggestions and a copy button.
import { barChart } from "./chart.js";
import { h, localUrl } from "./dom.js";
import { feedbackControls } from "./feedback.js";
import { formatNumber } from "./format.js";
import { attachPreview, previewTip } from "./preview.js";
import { quoteParts } from "./quotes.js";
import { understoodParts } from "./understood.js";

const GROUP_SEPARATOR = " > ";   // how the index joins a column group and its label into a key

function label(key, t) {
  return h("span", { "data-i18n": key }, t(key));
}

function quote(citation, t) {
  const parts = quoteParts(citation);
  const kind = citation.kind === "table-row" ? " is-table-row" : "";
  // A long quote or a wide table row scrolls in its box: focusable and named, so a keyboard scrolls it too.
  return h("blockquote", {
    class: `quote${kind}`, tabindex: "0", "aria-label": t("quote_label"), "data-i18n-aria-label": "quote_label",
  }, h("p", {}, parts));
}

/** Long quotes scroll inside their box: bring the answering span into view when opened. */
function revealHighlight(event) {
  const details = event.currentTarget;
  const box = details.querySelector(".quote");
  const mark = box && box.querySelector("mark");
  if (!details.open || !mark) return;
  box.scrollTop = Math.max(0, mark.offsetTop - box.clientHeight / 3);
  box.scrollLeft = Math.max(0, mark.offsetLeft - 24);
}

function citationItem(citation, number, ids, ctx) {
  const { t } = ctx.i18n;
  const href = localUrl(citation.viewer_url, { lang: ctx.i18n.lang });
  const details = h("details", { ontoggle: revealHighlight },
    h("summary", {},
      h("span", { class: "cite-num" }, String(number)),
      h("span", { class: "cite-head" },
        h("span", { class: "cite-title" }, citation.title || citation.document || ""),
        citation.section ? h("span", { class: "cite-section" }, citation.section) : null)),
    h("div", { class: "cite-body" },
      quote(citation, t),
      h("p", { class: "cite-meta" },
        typeof citation.line === "number" ? [label("line", t), ` ${citation.line}`] : null),
      href ? h("a", { class: "viewer-link", href }, label("open_in_document", t), " →") : null));
  return h("li", { class: "citation", id: ids(number) }, details);
}

function openCitation(id) {
  const item = document.getElementById(id);
  if (!item) return;
  const details = item.querySelector("details");
  details.open = true;
  item.querySelector("summary").focus();
  item.scrollIntoView({ block: "nearest" });
}

/** The [n] markers after the answer, each with its preview (the tips go at the card's end). */
function markers(citations, ids, t, tips) {
  return h("span", { class: "markers" }, citations.map((citation, i) => {
    const open = () => openCitation(ids(i + 1));
    const tip = previewTip(citation, i + 1, `${ids(i + 1)}-preview`, open);
    const marker = h("a", { class: "cite-marker", href: `#${ids(i + 1)}`, "aria-label": `${t("sources")} ${i + 1}` },
      `[${i + 1}]`);
    attachPreview(marker, tip, open);
    tips.push(tip);
    return marker;
  }));
}

function columnKey(figure) {
  return figure.column_group ? `${figure.column_group}${GROUP_SEPARATOR}${figure.column}` : figure.column;
}

/** The viewer link of the figure's own table row, with its cell named. */
function cellLink(figure, citations, lang) {
  const sameTable = citations.filter((c) => c.table_id && c.table_id === figure.table_id);
  const row = sameTable.find((c) => c.line === figure.line) || sameTable[0];
  return row ? localUrl(row.viewer_url, { column: columnKey(figure), lang }) : null;
}

function provenanceRow(key, value, t) {
  if (value === null || value === undefined || value === "") return null;
  return h("div", {}, h("dt", {}, label(key, t)), h("dd", {}, String(value)));
}

function figureCard(figure, citations, ctx) {
  const t = ctx.i18n.t;
  // A computed value has no cell of its own; its operands' cards link to theirs.
  const href = figure.computed ? null : cellLink(figure, citations, ctx.i18n.lang);
  const tableLink = typeof figure.table_id === "string" && figure.table_id
    ? localUrl(`/tables/${encodeURIComponent(figure.table_id)}`, { lang: ctx.i18n.lang }) : null;
  return h("section", { class: "figure-card" },
    h("p", { class: "figure-value", "data-value": String(figure.value) },
      h("span", { class: "figure-number" }, formatNumber(figure.value, figure.unit)),
      figure.unit ? h("span", { class: "figure-unit" }, figure.unit) : null),
    h("p", { class: "figure-what" }, [figure.row, figure.column].filter(Boolean).join(" · ")),
    figure.computed ? h("p", { class: "figure-computed" }, label("computed", t), ": ", figure.computed) : null,
    h("dl", { class: "provenance", "aria-label": t("provenance"), "data-i18n-aria-label": "provenance" },
      provenanceRow("table", figure.table, t),
      provenanceRow("row", figure.row, t),
      provenanceRow("parent_row", figure.parent_row, t),
      provenanceRow("column", figure.column, t),
      provenanceRow("column_group", figure.column_group, t),
      provenanceRow("line", figure.line, t)),
    href ? h("a", { class: "cell-link", href }, label("open_cell", t), " →") : null,
    tableLink ? h("a", { class: "table-link", href: tableLink }, label("open_table", t), " →") : null);
}

function copyableText(response) {
  const sources = (response.citations || []).map((c, i) => {
    const where = [c.title, c.section].filter(Boolean).join(" — ");
    const url = localUrl(c.viewer_url);
    return `[${i + 1}] ${where}${url ? ` ${window.location.origin}${url}` : ""}`;
  });
  return [response.answer || "", sources.join("\n")].filter(Boolean).join("\n\n");
}

/**
 * The answer card. ctx: {i18n, id (unique per message), chartWidth, onAsk(question), onCopy(text, button)}.
 */
export function renderAnswer(response, ctx) {
  const t = ctx.i18n.t;
  const citations = Array.isArray(response.citations) ? response.citations : [];
  const figures = Array.isArray(response.figures) ? response.figures : [];
  const charts = Array.isArray(response.charts) ? response.charts : [];
  const suggestions = Array.isArray(response.suggestions) ? response.suggestions.filter((s) => typeof s === "string") : [];
  const ids = (n) => `cite-${ctx.id}-${n}`;
  const none = response.answer_type === "none" || !response.answer;
  const understood = understoodParts(response.interpretation, citations, (key) => label(key, t));
  const tips = [];
  const chart = charts.length ? barChart(charts[0], t, ctx.chartWidth) : null;

  const card = h("article", { class: `answer-card${none ? " is-none" : ""}`, "data-answer-type": response.answer_type || "none" },
    h("p", { class: "msg-author" }, label("assistant", t)),
    h("p", { class: "answer-text", lang: response.language || null },
      response.answer || t("no_answer"),
      citations.length ? [" ", markers(citations, ids, t, tips)] : null),
    understood ? h("p", { class: "understood" }, label("understood_as", t), ": ", h("span", {}, understood)) : null,
    figures.length ? h("div", { class: `figures${figures.length % 2 ? " odd" : ""}` },
      figures.map((figure) => figureCard(figure, citations, ctx))) : null,
    chart,
    citations.length ? h("section", { class: "sources" },
      h("h2", { class: "eyebrow" }, label("sources", t)),
      h("ol", { class: "citation-list" }, citations.map((c, i) => citationItem(c, i + 1, ids, ctx)))) : null,
    h("div", { class: "answer-actions" },
      feedbackControls(response, t, ctx.id),
      none ? null : h("button", {
        type: "button", class: "ghost-button copy-button",
        onclick: (event) => ctx.onCopy(copyableText(response), event.currentTarget),
      }, label("copy", t))),
    tips);

  const next = suggestions.length ? h("div", { class: "suggestions" },
    h("p", { class: "eyebrow" }, label("suggestions", t)),
    h("ul", { class: "chips" }, suggestions.map((question) => h("li", {},
      h("button", { type: "button", class: "chip", onclick: () => ctx.onAsk(question) }, question))))) : null;

  return h("li", { class: "msg msg-answer" }, card, next);
}
