// The table page: a column's button sorts the rows by it (pressed again, the other way). Nested rows
// move with their parent and are sorted among themselves; aria-sort and a status line say the order.
const table = document.getElementById("data-table");
const body = table.tBodies[0];
const status = document.getElementById("sort-status");
const collator = new Intl.Collator(table.lang || undefined, { numeric: true, sensitivity: "base" });

/** The rows as the source nests them: each top-level row with the rows under it, in source order. */
function sourceTree() {
  const top = [];
  for (const row of body.rows) {
    const parent = row.dataset.parent === undefined ? null
      : top.findLast((group) => group.row.dataset.label === row.dataset.parent);
    if (parent) parent.children.push(row);
    else top.push({ row, children: [] });
  }
  return top;
}

const tree = sourceTree();

function sortKey(row, column) {
  if (column === 0) return row.dataset.label;
  const value = row.cells[column] && row.cells[column].dataset.value;
  return value === undefined ? null : Number(value);
}

/** Rows by one column; a row without a value goes last either way, ties keep the source order. */
function byColumn(column, direction) {
  return (a, b) => {
    const x = sortKey(a, column);
    const y = sortKey(b, column);
    if (x === null || y === null) return (x === null) - (y === null);
    const order = column === 0 ? collator.compare(x, y) : x - y;
    return direction === "ascending" ? order : -order;
  };
}

function sort(button) {
  const column = Number(button.dataset.column);
  const header = button.closest("th");
  const current = header.getAttribute("aria-sort");
  // Labels read A to Z first, figures largest first: what a reader of a poll looks for.
  let direction = column === 0 ? "ascending" : "descending";
  if (current) direction = current === "ascending" ? "descending" : "ascending";
  table.querySelectorAll("th[aria-sort]").forEach((th) => th.removeAttribute("aria-sort"));
  header.setAttribute("aria-sort", direction);
  const compare = byColumn(column, direction);
  body.append(...[...tree].sort((a, b) => compare(a.row, b.row))
    .flatMap((group) => [group.row, ...[...group.children].sort(compare)]));
  status.textContent = status.dataset[direction].replace("{column}", button.textContent.trim());
}

table.tHead.addEventListener("click", (event) => {
  const button = event.target.closest("button.sort-button");
  if (button) sort(button);
});
