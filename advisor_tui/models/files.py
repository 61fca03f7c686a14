"""Writing export files: whole or not at all, readable only by the user."""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

from advisor_tui.models.errors import AdvisorError


def write_private_file(out: Path, data: bytes) -> None:
    """Write `data` to a temporary file beside `out`, sync it, then rename it into place (0600).

    A full disk or a crash leaves the previous file (or none), never half a file.
    """
    try:
        handle, temporary = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.")
    except FileNotFoundError as exc:
        raise AdvisorError("export.no_folder", folder=str(out.parent)) from exc
    except PermissionError as exc:
        raise AdvisorError("export.not_writable", path=str(out)) from exc
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o600)
        os.replace(temporary, out)
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        if exc.errno == errno.ENOSPC:
            raise AdvisorError("export.disk_full", path=str(out)) from exc
        raise AdvisorError("export.write_failed", path=str(out), detail=exc.strerror or "") from exc
