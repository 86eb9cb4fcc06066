"""The secret key of an install that was given none: random, made once, kept in var/.

Without DATELINE_SECRET_KEY (and outside production, where it is required) every install
used to share one key written in the source, so anyone could sign newsletter confirm and
unsubscribe links, or session cookies, for a demo left running. Now the first process
makes a random key and keeps it in a file only its owner can read; every later process on
the box, and every rerun, reads the same key.

Imported by the settings module, so it uses the standard library only.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

KEY_FILE = "secret-key.txt"


def write_private(path: Path, text: str) -> bool:
    """Write `text` to `path` readable by its owner only (mode 0600), unless the file exists.

    The text goes to a private temporary file that is then linked into place, so a process
    starting at the same moment never reads a half-written file; the first one wins and the
    others find its file. Returns whether this call wrote it.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "w") as handle:
            handle.write(text)
        os.link(temporary, path)
        return True
    except FileExistsError:
        return False
    finally:
        temporary.unlink(missing_ok=True)


def install_secret_key(var_dir: Path) -> str:
    """This install's key from var_dir, made on first use."""
    path = var_dir / KEY_FILE
    if not path.exists():
        write_private(path, secrets.token_urlsafe(50) + "\n")
    key = path.read_text().strip()
    if len(key) < 50:
        raise RuntimeError(f"{path} holds no usable secret key: delete it to make a new one")
    return key
