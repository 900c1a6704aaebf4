// "Understood as" in the reader's words. The engine names the kind of answer asked ("who"), its
// arithmetic ("leader: ...") or a document field ("author") by internal codes, and a comparison by
// document ids: each goes through i18n.json (so it follows the language switch) or a title.
const ASKED = new Set(["how_many", "when", "where", "who", "definition", "reason", "which", "passage"]);
const OPERATIONS = new Set(["leader", "gap", "highest", "lowest", "ranking", "sum"]);
const FIELDS = new Set(["author", "publisher", "date", "title", "source_url"]);
const CODE = /^[a-z]+(_[a-z]+)*$/;

function titles(citations) {
  return [...new Set(citations.map((c) => c.title || c.document).filter(Boolean))].join("; ");
}

/** What to show after "Understood as:", built with label(key) for the page's own words; null for nothing. */
export function understoodParts(interpretation, citations, label) {
  const raw = interpretation && interpretation.understood_as;
  if (typeof raw !== "string" || !raw) return null;
  const { route, operation } = interpretation;
  const slots = interpretation.slots || {};
  if (route === "passage" || ASKED.has(raw)) return ASKED.has(raw) ? [label(`asked_${raw}`)] : null;
  if (slots.metadata && FIELDS.has(raw)) return [label(`field_${raw}`)];
  if (operation === "compare") return [label("operation_compare"), `: ${titles(citations)}`];
  if (OPERATIONS.has(operation) && raw.startsWith(`${operation}: `)) {
    return [label(`operation_${operation}`), `: ${raw.slice(operation.length + 2)}`];
  }
  return CODE.test(raw) && raw.includes("_") ? null : [raw];   // an unknown code says nothing to a reader
}
