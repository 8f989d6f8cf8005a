"""Resolution of an embed name (plus ``!hint``) to one foreign-key relationship."""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import ApiError
from ..schema_model import ForeignKey, Relation, SchemaSnapshot

__all__ = ["Relationship", "resolve_relationship"]


@dataclass(frozen=True)
class Relationship:
    """Foreign-key path from a parent relation to an embedded one.

    ``kind`` is ``many-to-one``, ``one-to-one``, ``one-to-many`` or ``many-to-many``. For
    many-to-many, ``foreign_key`` goes from the junction to the parent and ``junction_key`` from
    the junction to the target.
    """

    kind: str
    target: Relation
    foreign_key: ForeignKey
    junction: Relation | None = None
    junction_key: ForeignKey | None = None

    @property
    def to_one(self) -> bool:
        """Whether the embed yields one object (or null) instead of an array."""
        return self.kind in ("many-to-one", "one-to-one")

    def describe(self, parent: Relation) -> dict[str, str]:
        """Return the PGRST201 ``details`` entry for this relationship."""
        key = self.foreign_key
        if self.junction is not None and self.junction_key is not None:
            text = (f"{self.junction.qualified} using {key.name}({', '.join(key.columns)}) and "
                    f"{self.junction_key.name}({', '.join(self.junction_key.columns)})")
        else:
            text = (f"{key.name} using {key.schema}.{key.table}({', '.join(key.columns)}) and "
                    f"{key.ref_schema}.{key.ref_table}({', '.join(key.ref_columns)})")
        return {"cardinality": self.kind, "embedding": f"{parent.name} with {self.target.name}",
                "relationship": text}

    def hint_name(self) -> str:
        """Return the ``!hint`` that selects this relationship."""
        return self.junction.name if self.junction is not None else self.foreign_key.name


def resolve_relationship(snapshot: SchemaSnapshot, parent: Relation, name: str,
                         hints: list[str]) -> Relationship:
    """Return the single relationship from ``parent`` to embed ``name`` that matches ``hints``.

    Raises:
        ApiError: 400 PGRST200 when none matches, 300 PGRST201 when several match.
    """
    candidates = [rel for rel in _relationships(snapshot, parent) if _name_matches(rel, name)]
    for hint in hints:
        candidates = [rel for rel in candidates if _hint_matches(rel, hint)]

    if not candidates:
        hint_text = f"!{'!'.join(hints)}" if hints else ""
        raise ApiError(
            400, "PGRST200",
            f"Could not find a relationship between '{parent.name}' and '{name}{hint_text}' in the schema cache",
            f"Searched for a foreign key relationship between '{parent.name}' and '{name}{hint_text}' "
            f"in the schema '{parent.schema}', but no matches were found.",
            None,
        )
    if len(candidates) > 1:
        options = ", ".join(f"'{name}!{rel.hint_name()}'" for rel in candidates)
        raise ApiError(
            300, "PGRST201",
            f"Could not embed because more than one relationship was found for '{parent.name}' and '{name}'",
            [rel.describe(parent) for rel in candidates],
            f"Try changing '{name}' to one of the following: {options}. "
            "Find the desired relationship in the 'details' key.",
        )
    return candidates[0]


def _relationships(snapshot: SchemaSnapshot, parent: Relation) -> list[Relationship]:
    # NOTE: only foreign keys declared on tables count. PostgREST also lets views inherit the
    # keys of their base tables and treats row-type functions as computed relationships.
    found: list[Relationship] = []
    keys = snapshot.foreign_keys
    for key in keys:
        if (key.schema, key.table) == (parent.schema, parent.name):
            target = snapshot.relations[(key.ref_schema, key.ref_table)]
            found.append(Relationship("many-to-one", target, key))
        if (key.ref_schema, key.ref_table) == (parent.schema, parent.name):
            child = snapshot.relations[(key.schema, key.table)]
            unique = any(set(columns) == set(key.columns) for columns in child.unique_keys)
            found.append(Relationship("one-to-one" if unique else "one-to-many", child, key))

    for junction in snapshot.relations.values():
        pk = set(junction.primary_key)
        if not pk:
            continue
        to_parent = [key for key in keys if (key.schema, key.table) == (junction.schema, junction.name)
                     and (key.ref_schema, key.ref_table) == (parent.schema, parent.name)
                     and set(key.columns) <= pk]
        for parent_key in to_parent:
            for target_key in keys:
                if target_key is parent_key or (target_key.schema, target_key.table) != (junction.schema, junction.name):
                    continue
                if not set(target_key.columns) <= pk:
                    continue
                target = snapshot.relations[(target_key.ref_schema, target_key.ref_table)]
                found.append(Relationship("many-to-many", target, parent_key, junction, target_key))
    return found


def _name_matches(relationship: Relationship, name: str) -> bool:
    if relationship.target.name == name:
        return True
    key = relationship.foreign_key
    if relationship.kind == "many-to-one":
        return key.name == name or key.columns == [name]
    return False


def _hint_matches(relationship: Relationship, hint: str) -> bool:
    key = relationship.foreign_key
    if hint == key.name or hint in key.columns:
        return True
    if relationship.junction is not None and relationship.junction_key is not None:
        return hint in (relationship.junction.name, relationship.junction_key.name)
    return False
