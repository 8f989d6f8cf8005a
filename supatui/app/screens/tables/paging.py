"""Page arithmetic for the grid: which rows to request and how to label them."""

from __future__ import annotations

from dataclasses import dataclass, replace

__all__ = ["Pager"]


@dataclass(frozen=True, slots=True)
class Pager:
    """A window of ``page_size`` rows starting at ``offset`` in a relation of about ``total`` rows.

    ``total`` is PostgREST's ``count=estimated`` figure (exact up to
    db-max-rows, the planner's estimate above it) while ``total_is_estimate``
    is True, a ``count=exact`` figure when it is False, or None when unknown.
    """

    offset: int = 0
    page_size: int = 50
    total: int | None = None
    total_is_estimate: bool = True

    def __post_init__(self) -> None:
        if self.page_size < 1:
            raise ValueError(f"page_size is {self.page_size}; pass 1 or more")
        if self.offset < 0:
            raise ValueError(f"offset is {self.offset}; pass 0 or more")

    @property
    def range(self) -> tuple[int, int]:
        """The inclusive ``(start, end)`` pair passed to ``query.range``."""
        return self.offset, self.offset + self.page_size - 1

    @property
    def exact_total(self) -> int | None:
        """The total when it was counted exactly (``count=exact``), else None."""
        return None if self.total_is_estimate else self.total

    def first(self) -> Pager:
        return replace(self, offset=0)

    def next(self) -> Pager:
        """Return the following page, or this one when an exact total shows there is none.

        An estimated total is not trusted here: with a filter the planner's
        estimate can be far below the real count, so the caller decides by
        whether the current page came back full.
        """
        exact = self.exact_total
        if exact is not None and self.offset + self.page_size >= exact:
            return self
        return replace(self, offset=self.offset + self.page_size)

    def previous(self) -> Pager:
        return replace(self, offset=max(0, self.offset - self.page_size))

    def last(self) -> Pager:
        """Return the page ending at the last row: ``offset = total - page_size`` (needs a total)."""
        if self.total is None:
            return self
        return replace(self, offset=max(0, self.total - self.page_size))

    def jump_to_row(self, row_number: int) -> Pager:
        """Return the page whose first row is the 1-based ``row_number``.

        With an exact total the page is clamped so that it ends at the last row;
        an estimated total is not used, because rows may exist past it.
        """
        offset = max(0, row_number - 1)
        exact = self.exact_total
        if exact is not None and exact > 0:
            offset = min(offset, max(0, exact - self.page_size))
        return replace(self, offset=offset)

    def resized(self, page_size: int) -> Pager:
        return replace(self, page_size=max(1, page_size))

    def counted(self, total: int | None, *, estimate: bool = True) -> Pager:
        return replace(self, total=total, total_is_estimate=estimate)

    def label(self, rows_shown: int) -> str:
        """Return e.g. ``rows 51–100 of ~12,000`` for a page that returned ``rows_shown`` rows.

        An estimate below the rows already seen is replaced by what the page
        shows: ``1,236+`` after a full page, or the real total after a short one.
        """
        seen = self.offset + rows_shown
        if self.total is None:
            total = "?"
        elif self.total_is_estimate and rows_shown and self.total < seen:
            total = f"{seen:,}+" if rows_shown == self.page_size else f"{seen:,}"
        else:
            prefix = "~" if self.total_is_estimate else ""
            total = f"{prefix}{self.total:,}"
        if rows_shown == 0:
            return f"no rows (offset {self.offset:,}) of {total}"
        return f"rows {self.offset + 1:,}–{seen:,} of {total}"
