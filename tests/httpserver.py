"""A local HTTP server on 127.0.0.1 (ephemeral port, background thread) for ingest tests.

It serves the synthetic pages of ``tests/fixtures/pages/`` under ``/pages/<name>`` and the failure
cases the fetcher must refuse. Routes can be changed while it runs (``server.route(...)``), e.g. to
serve a changed page. Every delay is bounded, and the server stops with the fixture.

tests/conftest.py imports the fixture, so any test module can ask for it::

    def test_x(http_server):
        url = http_server.url("/pages/changan_2024_utf8.html")
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

PAGES_DIR = Path(__file__).parent / "fixtures" / "pages"
MAX_DELAY = 5.0  # seconds: no handler ever sleeps longer
MAX_TRICKLE = 30.0  # seconds: a trickling answer stops after this, finished or not


@dataclass
class Route:
    status: int = 200
    body: bytes = b""
    content_type: str | None = "text/html"
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    fail_first: int = 0  # answer 503 to the first N requests, then normally
    trickle: float = 0.0  # send the body one byte every `trickle` seconds (for at most MAX_TRICKLE s)


def page_route(name: str, content_type: str | None = None) -> Route:
    path = PAGES_DIR / name
    if content_type is None:
        content_type = "text/plain; charset=utf-8" if path.suffix == ".txt" else "text/html"
    return Route(body=path.read_bytes(), content_type=content_type)


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):  # a client that gave up (timeout tests) is expected
        pass


class FixtureServer:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: Counter[str] = Counter()
        self.user_agents: list[str] = []
        self.authorizations: list[str] = []
        self.request_headers: list[tuple[str, dict[str, str]]] = []  # (path, headers) of every request
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # keep pytest output clean
                pass

            def do_GET(self):  # noqa: N802
                path = self.path.split("?")[0]
                with server._lock:
                    server.hits[path] += 1
                    server.user_agents.append(self.headers.get("User-Agent", ""))
                    server.authorizations.append(self.headers.get("Authorization", ""))
                    server.request_headers.append((path, dict(self.headers.items())))
                    n = server.hits[path]
                    route = server.routes.get(path)
                if route is None:
                    route = Route(status=404, body=b"<html><body>not found</body></html>")
                if route.delay:
                    time.sleep(min(route.delay, MAX_DELAY))
                status = 503 if n <= route.fail_first else route.status
                body = b"<html><body>busy</body></html>" if status == 503 and n <= route.fail_first else route.body
                etag = route.headers.get("ETag")
                if etag and self.headers.get("If-None-Match") == etag and status == 200:
                    status, body = 304, b""  # a conditional request for an unchanged page
                self.send_response(status)
                if route.content_type:
                    self.send_header("Content-Type", route.content_type)
                for k, v in route.headers.items():
                    self.send_header(k, v.replace("{port}", str(server.port)))
                if status != 304:
                    self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                try:
                    if route.trickle and status == route.status:
                        stop = time.monotonic() + MAX_TRICKLE
                        for i in range(len(body)):
                            if time.monotonic() > stop:
                                break
                            self.wfile.write(body[i : i + 1])
                            self.wfile.flush()
                            time.sleep(min(route.trickle, MAX_DELAY))
                        return
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        self._httpd = _QuietServer(("127.0.0.1", 0), Handler)
        self.port = self._httpd.server_address[1]
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self._install_defaults()

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    def route(self, path: str, route: Route) -> str:
        with self._lock:
            self.routes[path] = route
        return self.url(path)

    def _install_defaults(self) -> None:
        for page in sorted(PAGES_DIR.iterdir()):
            self.routes[f"/pages/{page.name}"] = page_route(page.name)
        utf8 = page_route("changan_2024_utf8.html")
        self.routes.update(
            {
                "/gone": Route(status=404, body=b"<html><body>not found</body></html>"),
                "/error": Route(status=500, body=b"<html><body>server error</body></html>"),
                "/flaky": Route(body=utf8.body, content_type="text/html; charset=utf-8", fail_first=1),
                "/slow": Route(body=utf8.body, delay=2.0),
                "/moved": Route(status=302, headers={"Location": "/pages/changan_2024_utf8.html"}),
                # same machine, another host name: the fetcher must refuse it without following
                "/elsewhere": Route(status=302, headers={"Location": "http://localhost:{port}/pages/changan_2024_utf8.html"}),
                "/report.pdf": Route(body=b"%PDF-1.4\n" + b"0" * 2000, content_type="application/pdf"),
                "/image.png": Route(body=b"\x89PNG\r\n\x1a\n" + b"0" * 2000, content_type="image/png"),
                "/tiny": Route(body=b"<html><body><p>ok</p></body></html>"),
                "/furniture-only": Route(
                    body=(
                        "<html><head><meta charset='utf-8'></head><body>"
                        "<div>当前位置:首页 &gt; 工作报告</div><div>分享到: 微信 微博</div>"
                        "<div>【打印本页】 【关闭窗口】</div><div>主办单位:示例政务网 版权所有:示例政务网</div>"
                        "<div>冀ICP备00000000号</div>" + "<!-- padding -->" * 20 + "</body></html>"
                    ).encode("utf-8")
                ),
                "/big": Route(body=b"<html><body>" + "很长的页面。".encode() * 100_000 + b"</body></html>"),
            }
        )

    def __enter__(self) -> FixtureServer:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)


@pytest.fixture
def http_server():
    with FixtureServer() as server:
        yield server
