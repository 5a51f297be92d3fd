"""A loopback static server that behaves like a real host: gzip for text, the right MIME types.

The page and first-run sections measure bytes and time as a browser would see them on a real site.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import mimetypes
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar
from urllib.parse import unquote, urlsplit


class _GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files like a real host: gzip for text when the browser accepts it, right MIME types."""

    extensions_map: ClassVar[dict[str, str]] = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".js": "text/javascript",
        ".mjs": "text/javascript",
        ".wasm": "application/wasm",
        ".whl": "application/zip",
        ".json": "application/json",
    }
    compressible = ("text/", "application/javascript", "application/json", "image/svg+xml", "application/xml")
    cache: ClassVar[dict[str, bytes]] = {}

    def do_GET(self) -> None:
        path = Path(self.translate_path(unquote(urlsplit(self.path).path)))
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file():
            self.send_error(404)
            return
        data = path.read_bytes()
        ctype = self.guess_type(str(path))
        headers = {"Content-Type": ctype, "Cache-Control": "no-cache"}
        if "gzip" in self.headers.get("Accept-Encoding", "") and ctype.startswith(self.compressible):
            key = f"{path}:{path.stat().st_mtime_ns}"
            if key not in self.cache:
                self.cache[key] = gzip.compress(data, 6)
            data = self.cache[key]
            headers["Content-Encoding"] = "gzip"
        self.send_response(200)
        for name, value in {**headers, "Content-Length": str(len(data))}.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve ``folder`` on 127.0.0.1 (a free port); yields the base URL."""
    mimetypes.add_type("text/javascript", ".mjs")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_GzipHandler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
