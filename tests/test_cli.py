"""The ``supatui`` command's argument checks, run as a user would run them."""

from __future__ import annotations

import subprocess
import sys

SECRET = "sb_secret_do-not-print-me"


def run_supatui(*args: str, tmp_path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "supatui", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env={"SUPATUI_CONFIG_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"},
        stdin=subprocess.DEVNULL,
        check=False,
    )


def test_url_without_scheme_rejected(tmp_path):
    result = run_supatui("--url", "127.0.0.1:54321", "--key", SECRET, tmp_path=tmp_path)

    assert result.returncode == 1
    assert "invalid project URL '127.0.0.1:54321'" in result.stderr
    assert "https://" in result.stderr
    assert SECRET not in result.stderr
    assert SECRET not in result.stdout


def test_unknown_profile_rejected(tmp_path):
    result = run_supatui("--profile", "nope", tmp_path=tmp_path)

    assert result.returncode == 1
    assert "profile 'nope' not found" in result.stderr
    assert str(tmp_path / "profiles.toml") in result.stderr


def test_invalid_port_rejected(tmp_path):
    result = run_supatui("sandbox", "--port", "70000", tmp_path=tmp_path)

    assert result.returncode == 2
    assert "invalid port 70000" in result.stderr
