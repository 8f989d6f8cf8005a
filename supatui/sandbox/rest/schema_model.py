"""In-memory description of the exposed schemas: relations, columns, keys and functions."""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["Column", "ForeignKey", "Function", "FunctionArg", "Relation", "SchemaSnapshot"]


@dataclass
class Column:
    """One column; ``type_sql`` is a schema-qualified type name safe to write after ``::``."""

    name: str
    type_sql: str
    type_name: str
    type_category: str
    nullable: bool
    default: str | None = None
    max_length: int | None = None
    enum: list[str] | None = None
    description: str | None = None
    element_category: str | None = None
    identity: bool = False
    generated: bool = False


@dataclass
class ForeignKey:
    """A foreign-key constraint from ``schema.table(columns)`` to ``ref_schema.ref_table(ref_columns)``."""

    name: str
    schema: str
    table: str
    columns: list[str]
    ref_schema: str
    ref_table: str
    ref_columns: list[str]


@dataclass
class Relation:
    """A table, view, materialized view or foreign table."""

    schema: str
    name: str
    kind: str
    columns: dict[str, Column] = field(default_factory=dict)
    primary_key: list[str] = field(default_factory=list)
    unique_keys: list[list[str]] = field(default_factory=list)
    description: str | None = None
    insertable: bool = False
    updatable: bool = False
    deletable: bool = False

    @property
    def qualified(self) -> str:
        """``schema.name`` as PostgREST writes it in messages."""
        return f"{self.schema}.{self.name}"


@dataclass
class FunctionArg:
    """An input argument of a function."""

    name: str
    type_sql: str
    type_name: str
    type_category: str
    has_default: bool


@dataclass
class Function:
    """A function callable through ``/rpc/name``."""

    schema: str
    name: str
    args: list[FunctionArg]
    volatility: str
    returns_set: bool
    return_type_sql: str
    return_kind: str
    result_columns: dict[str, Column] = field(default_factory=dict)
    description: str | None = None

    @property
    def is_void(self) -> bool:
        """Whether the function returns ``void``."""
        return self.return_type_sql == "void"

    @property
    def read_only(self) -> bool:
        """Whether the function is STABLE or IMMUTABLE, so it runs in a read-only transaction."""
        return self.volatility in ("s", "i")


@dataclass
class SchemaSnapshot:
    """Everything introspected at one point in time."""

    relations: dict[tuple[str, str], Relation] = field(default_factory=dict)
    foreign_keys: list[ForeignKey] = field(default_factory=list)
    functions: dict[tuple[str, str], list[Function]] = field(default_factory=dict)
    schema_comments: dict[str, str | None] = field(default_factory=dict)
    existing_roles: frozenset[str] = frozenset()
    assumable_roles: frozenset[str] | None = None
    """Roles the ``authenticator`` role may switch to, or None when that role does not exist."""
