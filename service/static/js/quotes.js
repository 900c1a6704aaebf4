// Quoted source text as a reader sees it, with the answering span marked: shared by the
// citation list and the [n] previews.
import { h } from "./dom.js";

// The source's footnote markers, footnote links and Markdown escapes, which a reader should not
// see (the same patterns as service/qa/quotes.py). The text is split at the highlight's source
// offsets first, then each part is cleaned, so the highlight stays on the answering words.
const MARKUP = /\[<sup>[^<\n]{0,12}<\/sup>\]\([^)\s]{0,80}\)|<sup>[^<\n]{0,12}<\/sup>|<[^>\n]{1,40}>/g;

export function readable(text) {
  return text.replace(MARKUP, "").replace(/\\\$/g, "$").replace(/\*/g, "");
}

function validSpan(citation) {
  const { text, start, highlight_start: hs, highlight_end: he } = citation;
  if (typeof text !== "string" || typeof hs !== "number" || typeof he !== "number") return null;
  const from = hs - start;
  const to = he - start;
  return from >= 0 && from < to && to <= text.length ? [from, to] : null;
}

/** The cleaned quote as [before, <mark>span</mark>, after], or [whole] without a valid span. */
export function quoteParts(citation) {
  const text = typeof citation.text === "string" ? citation.text : "";
  const span = validSpan(citation);
  if (!span) return [readable(text)];
  return [readable(text.slice(0, span[0])), h("mark", {}, readable(text.slice(span[0], span[1]))),
    readable(text.slice(span[1]))];
}

// A preview shows the span with some context, cut at word boundaries: enough to judge the source.
function head(text, size) {
  const flat = text.replace(/\s+/g, " ");
  if (flat.length <= size) return flat;
  const cut = flat.lastIndexOf(" ", size);
  return `${flat.slice(0, cut > size / 2 ? cut : size)}…`;
}

function tail(text, size) {
  const flat = text.replace(/\s+/g, " ");
  if (flat.length <= size) return flat;
  const cut = flat.indexOf(" ", flat.length - size);
  return `…${flat.slice(cut >= 0 && cut < flat.length - size / 2 ? cut + 1 : flat.length - size)}`;
}

/** The quote shortened around its answering span, for a preview. */
export function excerptParts(citation, size = 320) {
  const parts = quoteParts(citation);
  if (parts.length === 1) return [head(parts[0], size)];
  const [before, mark, after] = parts;
  const room = Math.max(40, size - mark.textContent.length) / 2;
  return [tail(before, room), mark, head(after, room)];
}
