"""Zip archives whose bytes depend only on their entries: no clock, no file mode or host in them.

The site writes only files whose bytes changed and the service worker's cache revisions hash them,
so an export built twice from the same input must be the same file.
"""

from __future__ import annotations

import io
import zipfile

__all__ = ["zip_bytes"]

_EPOCH = (1980, 1, 1, 0, 0, 0)
"""The earliest time a zip entry can carry."""


def zip_bytes(entries: dict[str, bytes]) -> bytes:
    """A deflated zip of ``entries`` (name -> content), in the given order."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            info = zipfile.ZipInfo(name, date_time=_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # unix, whatever the host: ZipInfo otherwise records the platform
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return buffer.getvalue()
