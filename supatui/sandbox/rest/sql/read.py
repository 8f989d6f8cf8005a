"""SQL for the shape of a response: select list, embeds (LEFT JOIN LATERAL), filters, order."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import ApiError, column_not_found
from ..parser.model import (
    ColumnItem,
    Condition,
    EmbedItem,
    EmbedOptions,
    Field,
    Filter,
    LogicTree,
    OrderTerm,
    SelectItem,
    StarItem,
)
from ..schema_model import Column, Relation, SchemaSnapshot
from .conditions import condition_sql
from .ident import Params, quote_ident, quote_qualified, render_cast_type
from .relationships import Relationship, resolve_relationship

__all__ = ["ROOT_ALIAS", "Level", "LevelSql", "ShapeBuilder"]

#: Alias of the root relation in every statement.
ROOT_ALIAS = "pgrst_source"


@dataclass
class Level:
    """One relation in the query tree: its SQL alias, columns and (for tables) the relation."""

    alias: str
    columns: dict[str, Column]
    label: str
    relation: Relation | None = None


@dataclass
class _Embed:
    item: EmbedItem
    relationship: Relationship
    alias: str
    keys: list[str]
    lateral: str = ""


@dataclass
class LevelSql:
    """SQL pieces of one level; ``joins`` already includes the lateral subqueries of its embeds."""

    select: list[tuple[str, str]] = field(default_factory=list)
    joins: list[str] = field(default_factory=list)
    where: list[str] = field(default_factory=list)
    order: list[str] = field(default_factory=list)

    @property
    def keys(self) -> list[str]:
        """Output keys of each row, in order."""
        return [key for _expr, key in self.select]

    def select_sql(self) -> str:
        """Return the select list (possibly empty, which PostgreSQL accepts)."""
        return ", ".join(f"{expr} AS {quote_ident(key)}" for expr, key in self.select)

    def where_sql(self) -> str:
        """Return ``WHERE ...`` or an empty string."""
        return f" WHERE {' AND '.join(self.where)}" if self.where else ""

    def order_sql(self) -> str:
        """Return ``ORDER BY ...`` or an empty string."""
        return f" ORDER BY {', '.join(self.order)}" if self.order else ""


class ShapeBuilder:
    """Builds the SQL of one request's select tree into shared bind parameters.

    Args:
        snapshot: Schema cache used to resolve embeds.
        params: Bind parameters of the statement being built.
        options: Filters, order and windows by embed path (``()`` is the root).
    """

    def __init__(self, snapshot: SchemaSnapshot, params: Params,
                 options: dict[tuple[str, ...], EmbedOptions]) -> None:
        self.snapshot = snapshot
        self.params = params
        self.options = options
        self.visited: set[tuple[str, ...]] = set()
        self._counter = 0

    def new_alias(self) -> str:
        """Return a fresh table alias."""
        self._counter += 1
        return f"pgrst_{self._counter}"

    def build(self, level: Level, items: list[SelectItem], path: tuple[str, ...] = (),
              apply_options: bool = True) -> LevelSql:
        """Return the SQL pieces for ``items`` at ``level``, recursing into embeds.

        Raises:
            ApiError: 42703 for unknown columns, PGRST200/201 for embeds, PGRST108/118/120.
        """
        self.visited.add(path)
        result = LevelSql()
        embeds: dict[str, _Embed] = {}

        for item in items:
            if isinstance(item, StarItem):
                for column in level.columns.values():
                    result.select.append((self.column_ref(level, column.name), column.name))
            elif isinstance(item, ColumnItem):
                result.select.append(self._column_item(level, item))
            else:
                embed = self._embed(level, item, path + (item.output_name,))
                embeds[item.output_name] = embed
                result.joins.append(embed.lateral)
                self._add_embed_output(result, embed)

        options = self.options.get(path, EmbedOptions()) if apply_options else EmbedOptions()
        for filter_ in options.filters:
            result.where.append(self.filter_sql(level, filter_, embeds))
        for embed in embeds.values():
            if embed.item.join == "inner":
                result.where.append(f"{quote_ident(embed.alias)}.body IS NOT NULL")
        for term in options.order:
            result.order.append(self._order_sql(level, term, embeds))
        return result

    def column_ref(self, level: Level, name: str) -> str:
        """Return ``alias."name"`` after checking the column exists."""
        if name not in level.columns:
            raise column_not_found(level.label, name)
        return f"{quote_ident(level.alias)}.{quote_ident(name)}"

    def field_sql(self, level: Level, field_: Field) -> tuple[str, str]:
        """Return the SQL and the type of a column with its JSON path."""
        sql = self.column_ref(level, field_.name)
        column = level.columns[field_.name]
        type_sql = column.type_sql
        json_type = "json" if column.type_name == "json" else "jsonb"
        for arrow, key in field_.path:
            if key.lstrip("-").isdigit():
                placeholder = f"{self.params.add(int(key))}::int"
            else:
                placeholder = self.params.text(key)
            sql = f"({sql}{arrow}{placeholder})"
            type_sql = "text" if arrow == "->>" else json_type
        return sql, type_sql

    def filter_sql(self, level: Level, filter_: Filter, embeds: dict[str, _Embed]) -> str:
        """Return the SQL of a filter or logic tree at ``level``."""
        if isinstance(filter_, LogicTree):
            joiner = " AND " if filter_.operator == "and" else " OR "
            inner = joiner.join(self.filter_sql(level, child, embeds) for child in filter_.children)
            return f"NOT ({inner})" if filter_.negated else f"({inner})"

        name = filter_.field.name
        if name in embeds and not filter_.field.path and name not in level.columns:
            return self._embed_null_test(filter_, embeds[name])
        lhs, type_sql = self.field_sql(level, filter_.field)
        return condition_sql(filter_, lhs, type_sql, self.params)

    def _embed_null_test(self, condition: Condition, embed: _Embed) -> str:
        if condition.operator != "is" or condition.value not in ("null", "not_null"):
            raise ApiError(400, "PGRST120",
                           "Only is null or not is null filters are allowed on embedded resources",
                           f"'{condition.field.name}' is an embedded resource; filter one of its columns instead")
        is_null = (condition.value == "null") != condition.negated
        return f"{quote_ident(embed.alias)}.body IS {'NULL' if is_null else 'NOT NULL'}"

    def _column_item(self, level: Level, item: ColumnItem) -> tuple[str, str]:
        if item.aggregate:
            raise ApiError(400, "PGRST123", "Use of aggregate functions is not allowed",
                           "aggregates are disabled, as on Supabase by default")
        if _is_legacy_count(level, item.field):
            sql = "count(*)"
        else:
            sql, _type = self.field_sql(level, item.field)
        if item.cast:
            sql = f"CAST({sql} AS {render_cast_type(item.cast)})"
        return sql, item.output_name

    def _order_sql(self, level: Level, term: OrderTerm, embeds: dict[str, _Embed]) -> str:
        if term.embed is not None:
            embed = embeds.get(term.embed)
            if embed is None:
                raise ApiError(400, "PGRST108", f"'{term.embed}' is not an embedded resource in this request",
                               None, f"Verify that '{term.embed}' is included in the 'select' query parameter.")
            if not embed.relationship.to_one:
                raise ApiError(400, "PGRST118", f"A related order on '{term.embed}' is not possible",
                               f"'{level.label}' and '{term.embed}' do not form a many-to-one or one-to-one relationship")
            sql = f"({quote_ident(embed.alias)}.body::jsonb -> {self.params.text(term.field.name)})"
        else:
            sql, _type = self.field_sql(level, term.field)
        direction = " DESC" if term.descending else " ASC"
        nulls = f" NULLS {term.nulls.upper()}" if term.nulls else ""
        return f"{sql}{direction}{nulls}"

    def _embed(self, parent: Level, item: EmbedItem, path: tuple[str, ...]) -> _Embed:
        if parent.relation is None:
            raise ApiError(400, "PGRST200", f"Could not find a relationship between '{parent.label}' and "
                           f"'{item.relation}' in the schema cache", "embedding needs a table or view")
        relationship = resolve_relationship(self.snapshot, parent.relation, item.relation, item.hints)
        target = relationship.target
        child = Level(self.new_alias(), target.columns, target.name, target)
        child_sql = self.build(child, item.children, path)
        options = self.options.get(path, EmbedOptions())

        joins = list(child_sql.joins)
        where = self._join_conditions(parent, child, relationship, joins) + child_sql.where
        window = ""
        if options.limit is not None:
            window += f" LIMIT {self.params.add(options.limit)}::bigint"
        if options.offset:
            window += f" OFFSET {self.params.add(options.offset)}::bigint"

        rows_alias = quote_ident(f"{child.alias}_rows")
        inner = (f"SELECT {child_sql.select_sql()} FROM {quote_qualified(target.schema, target.name)} "
                 f"AS {quote_ident(child.alias)} {' '.join(joins)}"
                 f" WHERE {' AND '.join(where)}{child_sql.order_sql()}{window}")
        aggregate = f"row_to_json({rows_alias})" if relationship.to_one else f"json_agg({rows_alias})"
        lateral = (f"LEFT JOIN LATERAL (SELECT {aggregate} AS body FROM ({inner}) AS {rows_alias}) "
                   f"AS {quote_ident(child.alias)} ON TRUE")
        return _Embed(item, relationship, child.alias, child_sql.keys, lateral)

    def _join_conditions(self, parent: Level, child: Level, relationship: Relationship,
                         joins: list[str]) -> list[str]:
        key = relationship.foreign_key
        parent_alias = quote_ident(parent.alias)
        child_alias = quote_ident(child.alias)
        if relationship.kind == "many-to-one":
            return [f"{child_alias}.{quote_ident(ref)} = {parent_alias}.{quote_ident(col)}"
                    for col, ref in zip(key.columns, key.ref_columns)]
        if relationship.kind in ("one-to-many", "one-to-one"):
            return [f"{child_alias}.{quote_ident(col)} = {parent_alias}.{quote_ident(ref)}"
                    for col, ref in zip(key.columns, key.ref_columns)]

        assert relationship.junction is not None and relationship.junction_key is not None
        junction_alias = quote_ident(self.new_alias())
        target_key = relationship.junction_key
        on = " AND ".join(f"{junction_alias}.{quote_ident(col)} = {child_alias}.{quote_ident(ref)}"
                          for col, ref in zip(target_key.columns, target_key.ref_columns))
        joins.insert(0, f"JOIN {quote_qualified(relationship.junction.schema, relationship.junction.name)} "
                        f"AS {junction_alias} ON {on}")
        return [f"{junction_alias}.{quote_ident(col)} = {parent_alias}.{quote_ident(ref)}"
                for col, ref in zip(key.columns, key.ref_columns)]

    def _add_embed_output(self, result: LevelSql, embed: _Embed) -> None:
        alias = quote_ident(embed.alias)
        if embed.item.spread:
            if not embed.relationship.to_one:
                raise ApiError(400, "PGRST100", "Spreading a to-many embed is not supported by this server",
                               f"'{embed.item.relation}' is {embed.relationship.kind}; embed it without '...'")
            for key in embed.keys:
                result.select.append((f"({alias}.body -> {self.params.text(key)})", key))
            return
        if not embed.item.children:
            return
        body = f"{alias}.body" if embed.relationship.to_one else f"COALESCE({alias}.body, '[]'::json)"
        result.select.append((body, embed.item.output_name))


def _is_legacy_count(level: Level, field_: Field) -> bool:
    """Return whether ``field_`` is the legacy ``count`` column, as in ``select=*,todos(count)``.

    PostgreSQL reads ``todos.count`` as ``count(todos)`` when the relation has no ``count``
    column, so PostgREST serves it as a row count even with aggregates disabled. A real column
    named ``count`` wins, as it does in PostgreSQL.
    """
    return field_.name == "count" and not field_.path and "count" not in level.columns
