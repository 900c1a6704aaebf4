"""Which rows of a poll table are nested under another row.

Polls print the answers of a sub-question under the row they break down: the
certainty of each candidate's voters under the candidate, the two sides of a
runoff scenario under its heading. The printed table has no indentation to
show it, so nesting is read from the values.
"""
from __future__ import annotations

# Children of a parent row are shares of it: each column of a child block sums to about 100.
CHILD_BLOCK_TOTAL, CHILD_BLOCK_TOLERANCE = 100.0, 1.5


def nested_parents(labels: list[str], frame_values: list[list[float | None]],
                   blank: list[bool] | None = None) -> list[int | None]:
    """For each row, the index of its parent row, or None.

    Rows under a row whose cells are all blank (``blank``) are its children. Otherwise, a block of
    consecutive rows whose labels recur as a block elsewhere in the table, and
    whose values sum to about 100 in every column, are the shares of the row
    just above the block.
    """
    parents: list[int | None] = [None] * len(labels)
    # A row with no values heads the rows below it, up to the next such row ("Torres vs. Rojas"
    # over its two candidates).
    head = None
    for i, is_blank in enumerate(blank or [False] * len(labels)):
        if is_blank:
            head = i if i + 1 < len(labels) and not blank[i + 1] else None
        elif head is not None:
            parents[i] = head
    if any(p is not None for p in parents):
        return parents
    counts: dict[str, int] = {}
    for label in labels:
        counts[label] = counts.get(label, 0) + 1
    i = 0
    while i < len(labels):
        j = i
        while j < len(labels) and counts[labels[j]] > 1:
            j += 1
        if j > i and i > 0 and parents[i - 1] is None and _block_sums_to_whole(frame_values[i:j]):
            for k in range(i, j):
                parents[k] = i - 1
            i = j
        else:
            i += 1
    return parents


def _block_sums_to_whole(block: list[list[float | None]]) -> bool:
    if len(block) < 2:
        return False
    for column in zip(*block):
        values = [v for v in column if v is not None]
        if values and abs(sum(values) - CHILD_BLOCK_TOTAL) > CHILD_BLOCK_TOLERANCE:
            return False
    return True
