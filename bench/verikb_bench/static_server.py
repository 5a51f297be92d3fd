"""Serving like a real host: gzip for text, the right MIME types (``serve(folder, GzipHandler)``).

The page and first-run sections measure bytes and time as a browser would see them on a real site.
"""

from __future__ import annotations

import gzip
import http.server
from pathlib import Path
from typing import ClassVar
from urllib.parse import unquote, urlsplit

from support.static_server import QuietHandler


class GzipHandler(QuietHandler):
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
