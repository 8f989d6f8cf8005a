"""Pure helpers of the table browser: paging, form values, roles, export files."""

from __future__ import annotations

import csv
import json

import jwt
import pytest

from supatui.app.schema import ColumnInfo
from supatui.app.screens.tables.export_io import RowWriter, format_for_path
from supatui.app.screens.tables.paging import Pager
from supatui.app.screens.tables.values import FieldError, cell_text, field_text, parse_field
from supatui.app.session import Session, key_role


def test_pager_next_stops_at_exact_total():
    pager = Pager(offset=40, page_size=20, total=55, total_is_estimate=False)
    assert pager.next().offset == 40
    assert Pager(offset=20, page_size=20, total=55, total_is_estimate=False).next().offset == 40


def test_pager_next_ignores_estimate():
    assert Pager(offset=40, page_size=20, total=55).next().offset == 60
    assert Pager(offset=0, page_size=20, total=1).next().offset == 20


def test_pager_last_uses_total_minus_page():
    assert Pager(page_size=20, total=1000).last().offset == 980
    assert Pager(page_size=20, total=5).last().offset == 0
    assert Pager(page_size=20).last().offset == 0


def test_pager_jump_clamps_to_exact_total():
    pager = Pager(page_size=10, total=100, total_is_estimate=False)
    assert pager.jump_to_row(35).offset == 34
    assert pager.jump_to_row(1000).offset == 90
    assert pager.jump_to_row(0).offset == 0


def test_pager_jump_ignores_estimate():
    assert Pager(page_size=10, total=100).jump_to_row(1000).offset == 999


def test_pager_label():
    assert Pager(offset=50, page_size=50, total=12000).label(50) == "rows 51–100 of ~12,000"
    assert Pager(page_size=5, total=3, total_is_estimate=False).label(3) == "rows 1–3 of 3"
    assert Pager(page_size=5).label(0) == "no rows (offset 0) of ?"


def test_pager_label_estimate_below_rows_seen():
    assert Pager(offset=20, page_size=20, total=3).label(20) == "rows 21–40 of 40+"
    assert Pager(offset=20, page_size=20, total=3).label(7) == "rows 21–27 of 27"


def test_pager_rejects_bad_size():
    with pytest.raises(ValueError, match="page_size"):
        Pager(page_size=0)


def _column(kind, name="c", **extra):
    return ColumnInfo(name=name, format=extra.pop("format", kind), kind=kind, **extra)


@pytest.mark.parametrize(("kind", "text", "value"), [
    ("integer", " 42", 42),
    ("number", "1.5", 1.5),
    ("boolean", "yes", True),
    ("boolean", "F", False),
    ("json", '{"a": [1]}', {"a": [1]}),
    ("array", "[1, 2]", [1, 2]),
    ("uuid", "12345678-1234-5678-1234-567812345678", "12345678-1234-5678-1234-567812345678"),
    ("text", "", None),
    ("text", '""', ""),
    ("text", "hello", "hello"),
])
def test_parse_field(kind, text, value):
    assert parse_field(_column(kind), text) == value


@pytest.mark.parametrize(("kind", "text"), [
    ("integer", "abc"), ("number", "1,5"), ("boolean", "maybe"), ("json", "{"), ("array", '{"a":1}'),
    ("uuid", "not-a-uuid"),
])
def test_parse_field_rejects(kind, text):
    with pytest.raises(FieldError, match="age"):
        parse_field(_column(kind, name="age"), text)


def test_parse_field_enum():
    column = _column("enum", enum_values=("red", "green"))
    assert parse_field(column, "red") == "red"
    with pytest.raises(FieldError, match="red, green"):
        parse_field(column, "blue")


@pytest.mark.parametrize("value", [None, "", "x", 3, True, {"a": 1}, [1, "b"]])
def test_field_text_round_trips(value):
    kind = {dict: "json", list: "array", bool: "boolean", int: "integer"}.get(type(value), "text")
    assert parse_field(_column(kind), field_text(value)) == value


def test_cell_text_cuts_and_flattens():
    assert cell_text(None) == "NULL"
    assert cell_text("a\nb") == "a⏎b"
    assert cell_text("x" * 50, max_width=10) == "x" * 9 + "…"


@pytest.mark.parametrize(("role", "expected"), [("anon", "anon"), ("service_role", "service_role")])
def test_key_role_reads_claim(role, expected):
    assert key_role(jwt.encode({"role": role}, "a-secret-the-app-never-verifies-0123456789")) == expected


def test_key_role_unknown_and_opaque():
    assert key_role("garbage") == "unknown"
    assert key_role("sb_publishable_abc") == "anon"
    assert key_role("sb_secret_abc") == "service_role"


def test_session_repr_hides_key():
    session = Session(url="https://abc.supabase.co", key="topsecret")
    assert "topsecret" not in repr(session)
    assert session.host == "abc.supabase.co"


def test_format_for_path():
    with pytest.raises(ValueError, match=r"\.csv or \.json"):
        format_for_path(__import__("pathlib").Path("out.txt"))


def test_row_writer_csv_and_json(tmp_path):
    rows = [{"id": 1, "tags": ["a"], "note": None, "ok": True}, {"id": 2, "tags": [], "note": "x,y", "ok": False}]
    for name in ("out.csv", "out.json"):
        with RowWriter(tmp_path / name, ["id", "tags", "note", "ok"]) as writer:
            writer.write(rows[:1])
            writer.write(rows[1:])
        assert writer.rows_written == 2

    with (tmp_path / "out.csv").open(newline="") as file:
        records = list(csv.reader(file))
    assert records == [["id", "tags", "note", "ok"], ["1", '["a"]', "", "true"], ["2", "[]", "x,y", "false"]]
    assert json.loads((tmp_path / "out.json").read_text()) == rows


def test_row_writer_empty_json(tmp_path):
    with RowWriter(tmp_path / "e.json", ["id"]):
        pass
    assert json.loads((tmp_path / "e.json").read_text()) == []


def test_auth_errors_described():
    from supatui.app.errors import describe_error
    from supatui.client.errors import AuthAdminRoleError, AuthApiError, AuthRetryableError

    rejected = describe_error(AuthApiError("Invalid login credentials", 400, "invalid_credentials"),
                              action="Signing in")
    role = describe_error(AuthAdminRoleError("auth.admin.list_users needs the service_role key"),
                          action="Loading users")
    unreachable = describe_error(AuthRetryableError("connection refused"), action="Loading users")

    assert rejected.title == "Signing in failed"
    assert rejected.code == "invalid_credentials"
    assert rejected.retryable is False
    assert "service_role" in role.hint
    assert unreachable.retryable is True
