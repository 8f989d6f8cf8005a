"""The ES256 signing key of a sandbox, kept in its data folder across restarts."""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["load_or_create_es256_key"]

KEY_FILE_NAME = "auth-es256-key.pem"


def load_or_create_es256_key(data_dir: Path) -> str:
    """Return the PEM of the P-256 key in ``data_dir``, creating it (mode 0600) if missing."""
    path = data_dir / KEY_FILE_NAME
    if path.exists():
        return path.read_text(encoding="ascii")

    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    key = ec.generate_private_key(ec.SECP256R1())
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode("ascii")
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="ascii") as file:
        file.write(pem)
    return pem
