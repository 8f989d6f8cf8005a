"""Catalog queries that build a SchemaSnapshot of the exposed schemas."""

from __future__ import annotations

import asyncpg

from .schema_model import Column, ForeignKey, Function, FunctionArg, Relation, SchemaSnapshot

__all__ = ["introspect"]

_RELATIONS = """
SELECT c.oid, n.nspname AS schema, c.relname AS name, c.relkind::text AS kind,
       obj_description(c.oid, 'pg_class') AS description,
       pg_relation_is_updatable(c.oid, true) AS updatable_mask
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'v', 'm', 'f', 'p') AND n.nspname = ANY($1::text[])
"""

_COLUMNS = """
SELECT a.attrelid AS relid, a.attname AS name, format_type(a.atttypid, NULL) AS type_sql,
       t.typname AS type_name, t.typcategory::text AS category, NOT a.attnotnull AS nullable,
       pg_get_expr(d.adbin, d.adrelid) AS default_expr, a.attidentity <> '' AS identity,
       a.attgenerated <> '' AS generated, col_description(a.attrelid, a.attnum) AS description,
       CASE WHEN a.atttypid IN (1042, 1043) AND a.atttypmod > 4 THEN a.atttypmod - 4 END AS max_length,
       (SELECT array_agg(e.enumlabel ORDER BY e.enumsortorder) FROM pg_enum e
         WHERE e.enumtypid = a.atttypid) AS enum_labels,
       element.typcategory::text AS element_category
FROM pg_attribute a
JOIN pg_type t ON t.oid = a.atttypid
LEFT JOIN pg_type element ON element.oid = t.typelem AND t.typcategory = 'A'
LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
WHERE a.attrelid = ANY($1::oid[]) AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY a.attrelid, a.attnum
"""

_CONSTRAINTS = """
SELECT con.conname AS name, con.contype::text AS kind, con.conrelid AS relid, con.confrelid AS ref_relid,
       ARRAY(SELECT a.attname FROM unnest(con.conkey) WITH ORDINALITY AS k(num, i)
             JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.num ORDER BY k.i) AS columns,
       ARRAY(SELECT a.attname FROM unnest(con.confkey) WITH ORDINALITY AS k(num, i)
             JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.num ORDER BY k.i)
         AS ref_columns
FROM pg_constraint con
WHERE con.contype IN ('p', 'u', 'f') AND con.conrelid = ANY($1::oid[])
ORDER BY con.conname
"""

_FUNCTIONS = """
SELECT n.nspname AS schema, p.proname AS name, p.provolatile::text AS volatility, p.proretset AS returns_set,
       format_type(p.prorettype, NULL) AS return_type_sql, rt.typtype::text AS return_typtype,
       rt.typrelid AS return_relid, p.pronargs AS nargs, p.pronargdefaults AS ndefaults,
       p.proargnames AS arg_names, p.proargmodes::text[] AS arg_modes,
       ARRAY(SELECT format_type(x, NULL) FROM unnest(coalesce(p.proallargtypes, p.proargtypes::oid[]))
             WITH ORDINALITY AS u(x, i) ORDER BY i) AS arg_types,
       ARRAY(SELECT ty.typname::text || ':' || ty.typcategory::text
             FROM unnest(coalesce(p.proallargtypes, p.proargtypes::oid[])) WITH ORDINALITY AS u(x, i)
             JOIN pg_type ty ON ty.oid = u.x ORDER BY i) AS arg_type_info,
       obj_description(p.oid, 'pg_proc') AS description
FROM pg_proc p
JOIN pg_namespace n ON n.oid = p.pronamespace
JOIN pg_type rt ON rt.oid = p.prorettype
WHERE n.nspname = ANY($1::text[]) AND p.prokind = 'f'
"""


async def introspect(connection: asyncpg.Connection, schemas: tuple[str, ...]) -> SchemaSnapshot:
    """Read relations, columns, keys and functions of ``schemas`` from pg_catalog.

    Types are printed with ``search_path = pg_catalog`` so every non-catalog type name comes
    out schema-qualified and can be written after ``::`` whatever the request's search path.
    """
    snapshot = SchemaSnapshot()
    async with connection.transaction(readonly=True):
        await connection.execute("SET LOCAL search_path = pg_catalog")
        relation_rows = await connection.fetch(_RELATIONS, list(schemas))
        function_rows = await connection.fetch(_FUNCTIONS, list(schemas))
        relids = [row["oid"] for row in relation_rows]
        relids += [row["return_relid"] for row in function_rows if row["return_relid"]]
        column_rows = await connection.fetch(_COLUMNS, relids)
        constraint_rows = await connection.fetch(_CONSTRAINTS, relids)
        role_rows = await connection.fetch(
            "SELECT r.rolname FROM pg_roles r, pg_roles a WHERE a.rolname = 'authenticator' "
            "AND pg_has_role(a.oid, r.oid, 'MEMBER') AND r.rolname <> 'authenticator'"
        )
        all_role_rows = await connection.fetch("SELECT rolname FROM pg_roles")
        existing_roles = frozenset(row["rolname"] for row in all_role_rows)
        comment_rows = await connection.fetch(
            "SELECT nspname, obj_description(oid, 'pg_namespace') AS description "
            "FROM pg_namespace WHERE nspname = ANY($1::text[])",
            list(schemas),
        )

    columns_by_relid: dict[int, dict[str, Column]] = {}
    for row in column_rows:
        columns_by_relid.setdefault(row["relid"], {})[row["name"]] = _column(row)

    by_oid: dict[int, Relation] = {}
    for row in relation_rows:
        mask = row["updatable_mask"] or 0
        plain_table = row["kind"] in ("r", "p")
        relation = Relation(
            schema=row["schema"],
            name=row["name"],
            kind=row["kind"],
            columns=columns_by_relid.get(row["oid"], {}),
            description=row["description"],
            insertable=plain_table or bool(mask & 8),
            updatable=plain_table or bool(mask & 4),
            deletable=plain_table or bool(mask & 16),
        )
        by_oid[row["oid"]] = relation
        snapshot.relations[(relation.schema, relation.name)] = relation

    for row in constraint_rows:
        relation = by_oid.get(row["relid"])
        if relation is None:
            continue
        if row["kind"] == "p":
            relation.primary_key = list(row["columns"])
            relation.unique_keys.append(list(row["columns"]))
        elif row["kind"] == "u":
            relation.unique_keys.append(list(row["columns"]))
        elif row["kind"] == "f" and row["ref_relid"] in by_oid:
            target = by_oid[row["ref_relid"]]
            snapshot.foreign_keys.append(ForeignKey(
                row["name"], relation.schema, relation.name, list(row["columns"]),
                target.schema, target.name, list(row["ref_columns"]),
            ))

    for row in function_rows:
        function = _function(row, columns_by_relid)
        snapshot.functions.setdefault((function.schema, function.name), []).append(function)

    snapshot.schema_comments = {row["nspname"]: row["description"] for row in comment_rows}
    snapshot.existing_roles = existing_roles
    if "authenticator" in existing_roles:
        snapshot.assumable_roles = frozenset(row["rolname"] for row in role_rows)
    return snapshot


def _column(row: asyncpg.Record) -> Column:
    return Column(
        name=row["name"],
        type_sql=row["type_sql"],
        type_name=row["type_name"],
        type_category=row["category"],
        nullable=row["nullable"],
        default=row["default_expr"],
        max_length=row["max_length"],
        enum=list(row["enum_labels"]) if row["enum_labels"] else None,
        description=row["description"],
        element_category=row["element_category"],
        identity=row["identity"],
        generated=row["generated"],
    )


def _function(row: asyncpg.Record, columns_by_relid: dict[int, dict[str, Column]]) -> Function:
    names = list(row["arg_names"] or [])
    modes = list(row["arg_modes"] or [])
    types = list(row["arg_types"])
    infos = list(row["arg_type_info"])
    if not modes:
        modes = ["i"] * len(types)

    args: list[FunctionArg] = []
    result_columns: dict[str, Column] = {}
    input_positions = [i for i, mode in enumerate(modes) if mode in ("i", "b", "v")]
    first_default = len(input_positions) - (row["ndefaults"] or 0)
    for index, mode in enumerate(modes):
        name = names[index] if index < len(names) else ""
        type_name, _, category = infos[index].rpartition(":")
        if mode in ("i", "b", "v"):
            position = input_positions.index(index)
            args.append(FunctionArg(name, types[index], type_name, category, position >= first_default))
        if mode in ("o", "b", "t") and name:
            result_columns[name] = Column(name, types[index], type_name, category, True)

    if not result_columns and row["return_relid"]:
        result_columns = dict(columns_by_relid.get(row["return_relid"], {}))

    return Function(
        schema=row["schema"],
        name=row["name"],
        args=args,
        volatility=row["volatility"],
        returns_set=row["returns_set"],
        return_type_sql=row["return_type_sql"],
        return_kind="composite" if result_columns else "scalar",
        result_columns=result_columns,
        description=row["description"],
    )
