// A preview of the quoted passage on each [n] marker, so a reader can check a source without
// leaving the answer: on hover, on keyboard focus and on a first tap (a second tap, a click or
// Enter opens the source in the list). The preview is the marker's description (role=tooltip,
// aria-describedby), so it is announced with it; it stays while the pointer moves onto it and
// closes with Escape (WCAG 1.4.13).
import { h } from "./dom.js";
import { excerptParts } from "./quotes.js";

const HIDE_DELAY_MS = 250;
const GAP_PX = 6;
let shown = null;          // { marker, tip } of the open preview
let hideTimer = 0;

function place(marker, tip) {
  const card = tip.offsetParent || tip.parentElement;
  const box = card.getBoundingClientRect();
  const at = marker.getBoundingClientRect();
  // Positions go through the CSSOM, which the page's CSP allows (no style attribute in markup).
  // Below the marker, unless the composer at the foot of the page would cover it and there is room above.
  const composer = document.querySelector(".composer");
  const floor = window.innerHeight - (composer ? composer.offsetHeight : 0);
  const above = at.bottom + GAP_PX + tip.offsetHeight > floor && at.top - GAP_PX - tip.offsetHeight > 0;
  tip.style.top = `${above ? at.top - box.top - GAP_PX - tip.offsetHeight : at.bottom - box.top + GAP_PX}px`;
  const left = Math.min(at.left - box.left - 12, box.width - tip.offsetWidth - 8);
  tip.style.left = `${Math.max(8, left)}px`;
}

export function hidePreview() {
  window.clearTimeout(hideTimer);
  if (!shown) return;
  shown.tip.hidden = true;
  shown.marker.classList.remove("is-previewing");
  shown = null;
}

export function showPreview(marker, tip) {
  window.clearTimeout(hideTimer);
  if (shown && shown.tip === tip) return;
  hidePreview();
  tip.hidden = false;
  place(marker, tip);
  marker.classList.add("is-previewing");
  shown = { marker, tip };
}

function hideSoon() {
  window.clearTimeout(hideTimer);
  hideTimer = window.setTimeout(hidePreview, HIDE_DELAY_MS);
}

export function isPreviewing(tip) {
  return Boolean(shown && shown.tip === tip);
}

/** The tooltip of one citation: its title and the quote around the answering span. */
export function previewTip(citation, number, id, onOpen) {
  const tip = h("div", { class: "cite-preview", role: "tooltip", id, hidden: true },
    h("p", { class: "cite-preview-title" }, `[${number}] `, citation.title || citation.document || ""),
    h("p", { class: "cite-preview-quote" }, excerptParts(citation)));
  tip.addEventListener("mouseenter", () => window.clearTimeout(hideTimer));
  tip.addEventListener("mouseleave", hideSoon);
  tip.addEventListener("click", onOpen);   // a tap on the preview opens the source too
  return tip;
}

/** Wire a marker to its tip: hover and focus show it; the first tap on a touch screen only shows it. */
export function attachPreview(marker, tip, onOpen) {
  let tapWasOpen = true;
  marker.setAttribute("aria-describedby", tip.id);
  marker.addEventListener("mouseenter", () => showPreview(marker, tip));
  marker.addEventListener("mouseleave", hideSoon);
  marker.addEventListener("focus", () => showPreview(marker, tip));
  marker.addEventListener("blur", hideSoon);
  // Read before focus opens the preview: was it open already when the finger came down?
  marker.addEventListener("pointerdown", (event) => {
    tapWasOpen = event.pointerType !== "touch" || isPreviewing(tip);
  });
  marker.addEventListener("click", (event) => {
    event.preventDefault();
    if (!tapWasOpen) {
      tapWasOpen = true;
      showPreview(marker, tip);
      return;
    }
    hidePreview();
    onOpen();
  });
}

document.addEventListener("keydown", (event) => {
  if (event.key === "Escape" && shown) hidePreview();
});
// A tap or click elsewhere closes the preview, as on any popup.
document.addEventListener("pointerdown", (event) => {
  if (shown && !shown.marker.contains(event.target) && !shown.tip.contains(event.target)) hidePreview();
});
window.addEventListener("resize", () => { if (shown) place(shown.marker, shown.tip); });
