"""Profiles, the key file, the TOML writer and log redaction."""

from __future__ import annotations

import logging
import stat
import tomllib

import pytest

from supatui.app._toml import dumps_toml
from supatui.app.config import ConfigError, Profile, ProfileStore, config_dir, log_dir
from supatui.app.logs import redact, setup_logging

JWT = "eyJhbGciOiJIUzI1NiJ9.eyJyb2xlIjoiYW5vbiJ9.c2lnbmF0dXJl"


def test_config_dir_override(tmp_path, monkeypatch):
    monkeypatch.setenv("SUPATUI_CONFIG_DIR", str(tmp_path))
    assert config_dir() == tmp_path
    assert log_dir() == tmp_path / "logs"


def test_profile_round_trip_keeps_key_out(tmp_path):
    store = ProfileStore(tmp_path)
    saved_filters = {"public.planets": {"earthlike": {"op": "and", "negated": False, "children": [
        {"column": "name", "operator": "eq", "value": "Earth"}]}}}
    store.save(Profile("local", "http://127.0.0.1:54321", read_only=True, saved_filters=saved_filters),
               key=JWT)

    profiles = store.load()
    assert profiles["local"].url == "http://127.0.0.1:54321"
    assert profiles["local"].read_only is True
    assert profiles["local"].saved_filters == saved_filters
    assert JWT not in store.profiles_path.read_text()
    assert store.key_for("local") == JWT


def test_key_file_is_0600(tmp_path):
    store = ProfileStore(tmp_path)
    store.save(Profile("p", "http://x"), key="secret")
    assert stat.S_IMODE(store.keys_path.stat().st_mode) == 0o600


def test_key_falls_back_to_env(tmp_path, monkeypatch):
    monkeypatch.setenv("SUPABASE_KEY", "from-env")
    store = ProfileStore(tmp_path)
    store.save(Profile("p", "http://x"))
    assert store.key_for("p") == "from-env"


def test_profile_without_url_rejected(tmp_path):
    (tmp_path / "profiles.toml").write_text('[profiles.broken]\nread_only = true\n')
    with pytest.raises(ConfigError, match="broken"):
        ProfileStore(tmp_path).load()


def test_broken_toml_names_file(tmp_path):
    (tmp_path / "profiles.toml").write_text("[profiles\n")
    with pytest.raises(ConfigError, match="profiles.toml"):
        ProfileStore(tmp_path).load()


@pytest.mark.parametrize("document", [
    {"a": 1, "b": "x\"y\\z\n", "c": [1, 2], "d": True},
    {"t": {"dotted.key": {"inner": 1.5}, "e": {}}},
    {"list": [{"k": "v"}, {"k": "ü"}]},
])
def test_toml_writer_round_trips(document):
    assert tomllib.loads(dumps_toml(document)) == document


def test_toml_writer_rejects_none():
    with pytest.raises(TypeError, match="null"):
        dumps_toml({"a": [None]})


@pytest.mark.parametrize("secret_text", [
    f"token {JWT}",
    "GET /realtime/v1/websocket?apikey=abc123&vsn=1.0.0",
    "signed url /object/sign/a.png?token=zzz",
    "headers {'Authorization': 'Bearer abc.def'}",
    "authorization: Bearer abcdef",
])
def test_redact_hides_secrets(secret_text):
    redacted = redact(secret_text)
    for secret in (JWT, "abc123", "zzz", "Bearer abc", "abcdef"):
        assert secret not in redacted
    assert "[redacted]" in redacted


def test_log_file_redacts(tmp_path):
    path = setup_logging(directory=tmp_path)
    logging.getLogger("supatui.test").warning("connecting with apikey=%s", JWT)
    for handler in logging.getLogger("supatui").handlers:
        handler.flush()
    text = path.read_text()
    assert "apikey=[redacted]" in text
    assert JWT not in text
