"""The sandbox's JWT secret and API keys, kept in a 0600 file so they survive a restart."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

from supatui.sandbox.errors import SandboxError
from supatui.sandbox.keys import API_KEY_LIFETIME_SECONDS, generate_secret, mint_jwt

__all__ = ["KEYS_FILE_NAME", "SandboxKeys", "load_or_create_keys"]

KEYS_FILE_NAME = "sandbox-keys.json"


@dataclass(frozen=True, slots=True)
class SandboxKeys:
    """The HS256 signing secret and the two API keys signed with it."""

    jwt_secret: str
    anon_key: str
    service_role_key: str


def create_keys() -> SandboxKeys:
    """Generate a new secret and sign the anon and service_role keys with it."""
    secret = generate_secret()
    return SandboxKeys(
        jwt_secret=secret,
        anon_key=mint_jwt(secret, role="anon", expires_in=API_KEY_LIFETIME_SECONDS),
        service_role_key=mint_jwt(secret, role="service_role", expires_in=API_KEY_LIFETIME_SECONDS),
    )


def load_or_create_keys(data_dir: Path) -> SandboxKeys:
    """Read the keys file in ``data_dir``, or create it (mode 0600) when it is missing.

    Raises:
        SandboxError: the file exists but is not a keys file this module wrote.
    """
    path = data_dir / KEYS_FILE_NAME
    if path.exists():
        return _read_keys(path)

    keys = create_keys()

    # O_EXCL with mode 0600 so the secret is never readable by others, not even briefly.
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        json.dump(asdict(keys), file, indent=2)
        file.write("\n")
    return keys


def _read_keys(path: Path) -> SandboxKeys:
    try:
        content = json.loads(path.read_text(encoding="utf-8"))
        return SandboxKeys(
            jwt_secret=str(content["jwt_secret"]),
            anon_key=str(content["anon_key"]),
            service_role_key=str(content["service_role_key"]),
        )
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise SandboxError(
            f"Invalid keys file {path}: {error}. Delete it to generate new keys "
            "(tokens signed with the old secret stop working)."
        ) from error
