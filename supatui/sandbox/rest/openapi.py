"""OpenAPI 2.0 (Swagger) description of one exposed schema, shaped like PostgREST's root document."""

from __future__ import annotations

import re
from typing import Any

from .schema_model import Column, Function, FunctionArg, Relation, SchemaSnapshot

__all__ = ["openapi_document"]

_MEDIA = ["application/json", "application/vnd.pgrst.object+json;nulls=stripped",
          "application/vnd.pgrst.object+json", "text/csv"]
_VERSION = "12.2.12"


def openapi_document(snapshot: SchemaSnapshot, schema: str) -> dict[str, Any]:
    """Return the Swagger 2.0 document for ``schema``: definitions, paths and parameters."""
    comment = snapshot.schema_comments.get(schema)
    title, _, description = (comment or "").partition("\n")
    relations = sorted((r for r in snapshot.relations.values() if r.schema == schema), key=lambda r: r.name)
    keys = [key for key in snapshot.foreign_keys if key.schema == schema and len(key.columns) == 1]

    paths: dict[str, Any] = {"/": {"get": {"tags": ["Introspection"],
                                           "summary": "OpenAPI description (this document)",
                                           "produces": ["application/openapi+json", "application/json"],
                                           "responses": {"200": {"description": "OK"}}}}}
    definitions: dict[str, Any] = {}
    parameters = _common_parameters()

    for relation in relations:
        definitions[relation.name] = _definition(relation, keys)
        paths[f"/{relation.name}"] = _relation_path(relation, parameters)

    functions = sorted((f for (s, _n), fs in snapshot.functions.items() if s == schema for f in fs),
                       key=lambda f: f.name)
    for function in functions:
        paths[f"/rpc/{function.name}"] = _function_path(function)

    return {
        "swagger": "2.0",
        "info": {"title": title or "standard public schema", "description": description.strip(),
                 "version": _VERSION},
        "host": "0.0.0.0:3000",
        "basePath": "/",
        "schemes": ["http"],
        "consumes": _MEDIA,
        "produces": _MEDIA,
        "paths": paths,
        "definitions": definitions,
        "parameters": parameters,
    }


def _column_schema(column: Column, pk: bool, fk: tuple[str, str] | None) -> dict[str, Any]:
    prop: dict[str, Any] = {}
    json_type = _swagger_type(column.type_name, column.type_category)
    if json_type:
        prop["type"] = json_type
    if json_type == "array":
        prop["items"] = {"type": _swagger_type(column.type_name.lstrip("_"), column.element_category or "S") or "string"}
    prop["format"] = _format(column.type_sql)
    if column.enum:
        prop["enum"] = column.enum
    if column.max_length:
        prop["maxLength"] = column.max_length
    default = _default(column)
    if default is not None:
        prop["default"] = default

    notes = []
    if pk:
        notes.append("This is a Primary Key.<pk/>")
    if fk:
        notes.append(f"This is a Foreign Key to `{fk[0]}.{fk[1]}`.<fk table='{fk[0]}' column='{fk[1]}'/>")
    description = column.description or ""
    if notes:
        description = (description + "\n\n" if description else "") + "Note:\n" + "\n".join(notes)
    if description:
        prop["description"] = description
    return prop


def _swagger_type(type_name: str, category: str) -> str | None:
    if type_name in ("json", "jsonb"):
        return None
    if type_name in ("int2", "int4", "int8"):
        return "integer"
    if category == "N":
        return "number"
    if category == "B":
        return "boolean"
    if category == "A":
        return "array"
    return "string"


def _format(type_sql: str) -> str:
    return type_sql.split(".", 1)[1].strip('"') if type_sql.count(".") == 1 and "(" not in type_sql else type_sql


def _default(column: Column) -> Any:
    expression = column.default
    if expression is None or expression.startswith("nextval("):
        return None
    match = re.fullmatch(r"'((?:[^']|'')*)'::[\w .\"\[\]]+", expression)
    if match:
        return match.group(1).replace("''", "'")
    if column.type_category == "N" and re.fullmatch(r"-?\d+", expression):
        return int(expression)
    if column.type_category == "B" and expression in ("true", "false"):
        return expression == "true"
    return expression


def _definition(relation: Relation, keys: list) -> dict[str, Any]:
    references = {key.columns[0]: (key.ref_table, key.ref_columns[0])
                  for key in keys if key.table == relation.name}
    properties = {
        name: _column_schema(column, name in relation.primary_key, references.get(name))
        for name, column in relation.columns.items()
    }
    definition: dict[str, Any] = {"type": "object"}
    if relation.description:
        definition["description"] = relation.description
    required = [name for name, column in relation.columns.items() if not column.nullable]
    if required:
        definition["required"] = required
    definition["properties"] = properties
    return definition


def _common_parameters() -> dict[str, Any]:
    def query(name: str, description: str) -> dict[str, Any]:
        return {"name": name, "description": description, "required": False, "in": "query", "type": "string"}

    return {
        "preferParams": {"name": "Prefer", "in": "header", "type": "string", "enum": ["params=single-object"]},
        "preferReturn": {"name": "Prefer", "in": "header", "type": "string",
                         "enum": ["return=representation", "return=minimal", "return=none"]},
        "preferCount": {"name": "Prefer", "in": "header", "type": "string", "enum": ["count=none"]},
        "preferPost": {"name": "Prefer", "in": "header", "type": "string",
                       "enum": ["return=representation", "return=minimal", "return=none",
                                "resolution=ignore-duplicates", "resolution=merge-duplicates"]},
        "select": query("select", "Filtering Columns"),
        "on_conflict": query("on_conflict", "On Conflict"),
        "order": query("order", "Ordering"),
        "range": {"name": "Range", "description": "Limiting and Pagination", "required": False,
                  "in": "header", "type": "string"},
        "rangeUnit": {"name": "Range-Unit", "description": "Limiting and Pagination", "required": False,
                      "default": "items", "in": "header", "type": "string"},
        "offset": query("offset", "Limiting and Pagination"),
        "limit": query("limit", "Limiting and Pagination"),
    }


def _relation_path(relation: Relation, parameters: dict[str, Any]) -> dict[str, Any]:
    filters = []
    for name, column in relation.columns.items():
        key = f"rowFilter.{relation.name}.{name}"
        parameters[key] = {"name": name, "required": False, "format": _format(column.type_sql),
                           "in": "query", "type": "string"}
        filters.append({"$ref": f"#/parameters/{key}"})
    body_key = f"body.{relation.name}"
    parameters[body_key] = {"name": relation.name, "description": relation.name, "required": False,
                            "in": "body", "schema": {"$ref": f"#/definitions/{relation.name}"}}

    refs = lambda *names: [{"$ref": f"#/parameters/{name}"} for name in names]
    path: dict[str, Any] = {
        "get": {"tags": [relation.name], "summary": relation.description or "",
                "parameters": filters + refs("select", "order", "range", "rangeUnit", "offset", "limit",
                                             "preferCount"),
                "responses": {"200": {"description": "OK", "schema": {"type": "array", "items": {
                    "$ref": f"#/definitions/{relation.name}"}}}, "206": {"description": "Partial Content"}}},
    }
    if relation.insertable:
        path["post"] = {"tags": [relation.name], "parameters": refs(body_key, "select", "preferPost"),
                        "responses": {"201": {"description": "Created"}}}
    if relation.updatable:
        path["patch"] = {"tags": [relation.name], "parameters": filters + refs(body_key, "preferReturn"),
                         "responses": {"204": {"description": "No Content"}}}
    if relation.deletable:
        path["delete"] = {"tags": [relation.name], "parameters": filters + refs("preferReturn"),
                          "responses": {"204": {"description": "No Content"}}}
    return path


def _argument_schema(arg: FunctionArg) -> dict[str, Any]:
    prop: dict[str, Any] = {"format": _format(arg.type_sql)}
    json_type = _swagger_type(arg.type_name, arg.type_category)
    if json_type:
        prop["type"] = json_type
    if json_type == "array":
        prop["items"] = {"type": "string"}
    return prop


def _function_path(function: Function) -> dict[str, Any]:
    tag = f"(rpc) {function.name}"
    named = [arg for arg in function.args if arg.name]
    required = [arg.name for arg in named if not arg.has_default]
    body_schema: dict[str, Any] = {"type": "object", "properties": {a.name: _argument_schema(a) for a in named}}
    if required:
        body_schema["required"] = required
    path: dict[str, Any] = {
        "post": {"tags": [tag], "summary": function.description or "",
                 "parameters": [{"name": "args", "in": "body", "required": True, "schema": body_schema},
                                {"$ref": "#/parameters/preferParams"}],
                 "responses": {"200": {"description": "OK"}}},
    }
    if function.read_only:
        query_parameters = []
        for arg in named:
            parameter = {"name": arg.name, "in": "query", "required": not arg.has_default,
                         **_argument_schema(arg)}
            parameter.setdefault("type", "string")
            query_parameters.append(parameter)
        path["get"] = {"tags": [tag], "summary": function.description or "", "parameters": query_parameters,
                       "responses": {"200": {"description": "OK"}}}
    return path
