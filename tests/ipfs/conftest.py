"""Fake Kubo RPC and fake Pinning Service API servers (stdlib http.server on 127.0.0.1).

Neither a Kubo binary nor a pinning service can run on the build machines, so the backends
are tested against these fakes, which speak just the endpoints the backends call. The fake
Kubo computes CIDs with artgen.unixfs from the add parameters it receives: tests against it
check the wire format (query options, multipart body, NDJSON answers), not Kubo's algorithm;
``tests/test_unixfs.py`` checks the algorithm against CIDs Kubo itself produced.
"""

from __future__ import annotations

import email.parser
import email.policy
import json
import socket
import threading
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from artgen import unixfs
from artgen.multiformats import CID


class _Handler(BaseHTTPRequestHandler):
    """Routes to the owning fake's ``handle``; reads chunked or sized bodies."""

    server: _Server

    def log_message(self, *args: object) -> None:
        pass

    def _body(self) -> bytes:
        if self.headers.get("Transfer-Encoding") == "chunked":
            parts = []
            while size := int(self.rfile.readline().strip(), 16):
                parts.append(self.rfile.read(size))
                self.rfile.readline()
            self.rfile.readline()
            return b"".join(parts)
        return self.rfile.read(int(self.headers.get("Content-Length", 0)))

    def _dispatch(self) -> None:
        url = urllib.parse.urlsplit(self.path)
        query = urllib.parse.parse_qs(url.query)
        body = self._body()
        status, content_type, payload = self.server.fake.handle(self.command, url.path, query, self.headers, body)
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        try:
            self.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up first (the timeout tests do that on purpose)

    do_GET = do_POST = _dispatch


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    fake: Any


@contextmanager
def _serve(fake: Any) -> Iterator[str]:
    server = _Server(("127.0.0.1", 0), _Handler)
    server.fake = fake
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    try:
        yield f"127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def _json(status: int, data: object) -> tuple[int, str, bytes]:
    return status, "application/json", json.dumps(data).encode()


@dataclass
class FakeKubo:
    """Kubo RPC: version, add, pin/add, pin/ls, cat. Knobs make it slow, flaky or wrong."""

    version: str = "0.39.0"
    transient_failures: int = 0  # answer this many requests with a bare 503 first
    delay: float = 0.0  # sleep before answering (to exceed client timeouts)
    lie_about_cids: bool = False  # answer add with another CID
    cat_override: bytes | None = None  # answer cat with these bytes instead of the content
    blocks: dict[CID, bytes] = field(default_factory=dict)
    pins: set[str] = field(default_factory=set)
    calls: list[tuple[str, dict[str, list[str]]]] = field(default_factory=list)

    def handle(
        self, method: str, path: str, query: dict[str, list[str]], headers: Any, body: bytes
    ) -> tuple[int, str, bytes]:
        self.calls.append((path, query))
        time.sleep(self.delay)
        if self.transient_failures:
            self.transient_failures -= 1
            return 503, "text/plain", b"service unavailable"
        if method != "POST":
            return 405, "text/plain", b"Kubo RPC takes POST only"
        arg = query.get("arg", [""])[0]
        if path == "/api/v0/version":
            return _json(200, {"Version": self.version, "Commit": "fake", "Repo": "16", "System": "amd64/linux"})
        if path == "/api/v0/add":
            return self._add(query, headers, body)
        if path == "/api/v0/pin/add":
            try:
                list(unixfs.iter_dag(CID.parse(arg), self.blocks.__getitem__))
            except (KeyError, ValueError):
                return _json(
                    500, {"Message": f"pin: block was not found locally (offline): {arg}", "Code": 0, "Type": "error"}
                )
            self.pins.add(arg)
            return _json(200, {"Pins": [arg]})
        if path == "/api/v0/pin/ls":
            if arg not in self.pins:
                return _json(500, {"Message": f"path '{arg}' is not pinned", "Code": 0, "Type": "error"})
            return _json(200, {"Keys": {arg: {"Type": "recursive"}}})
        if path == "/api/v0/cat":
            if self.cat_override is not None:
                return 200, "text/plain", self.cat_override
            return 200, "text/plain", b"".join(unixfs.iter_file(CID.parse(arg), self.blocks.__getitem__))
        return 404, "text/plain", b"404 page not found"

    def _add(self, query: dict[str, list[str]], headers: Any, body: bytes) -> tuple[int, str, bytes]:
        def option(name: str, default: str) -> str:
            return query.get(name, [default])[0].lower()

        version = int(option("cid-version", "0"))
        raw = option("raw-leaves", "true" if version else "false") == "true"
        chunk = int(option("chunker", "size-262144").removeprefix("size-"))
        links = int(option("max-file-links", "174"))
        profile = unixfs.Profile("wire", version, chunk, links, raw, "links-bytes")
        message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
            b"Content-Type: " + headers["Content-Type"].encode() + b"\r\n\r\n" + body
        )
        tree: dict[str, Any] = {}
        files: list[tuple[str, bytes]] = []
        for part in message.iter_parts():
            name = urllib.parse.unquote(part.get_param("filename", header="content-disposition"))
            if part.get_content_type() == "application/x-directory":
                node = tree
                for piece in name.split("/"):
                    node = node.setdefault(piece, {})
            else:
                files.append((name, part.get_payload(decode=True) or b""))
        for name, data in files:
            *dirs, leaf = name.split("/")
            node = tree
            for piece in dirs:
                node = node.setdefault(piece, {})
            node[leaf] = data
        if len(tree) != 1:
            return _json(400, {"Message": "fake expects one top-level entry", "Code": 0, "Type": "error"})
        ((top, value),) = tree.items()
        result = unixfs.add_directory(value, profile) if isinstance(value, dict) else unixfs.add_bytes(value, profile)
        self.blocks.update(result.blocks)
        cid = str(unixfs.add_bytes(b"something else", profile).cid) if self.lie_about_cids else str(result.cid)
        if query.get("pin", ["true"])[0].lower() == "true":
            self.pins.add(cid)
        line = {"Name": top, "Hash": cid, "Size": str(result.dag_size)}
        return 200, "application/json", json.dumps(line).encode() + b"\n"


@dataclass
class FakePinningService:
    """Pinning Service API: POST /pins, GET /pins/{id}, GET /pins?cid=&status=. Knobs script outcomes."""

    token: str = "secret-token"
    outcome: str = "pinned"  # final status a request reaches
    polls_before_outcome: int = 2  # GETs answered queued/pinning before the outcome
    transient_failures: int = 0
    transient_status: int = 503
    delay: float = 0.0
    requests: dict[str, dict[str, Any]] = field(default_factory=dict)
    calls: list[tuple[str, str, dict[str, Any] | None]] = field(default_factory=list)
    auth_headers: list[str] = field(default_factory=list)

    def _status(self, requestid: str) -> dict[str, Any]:
        req = self.requests[requestid]
        return {
            "requestid": requestid,
            "status": req["status"],
            "created": "2026-12-04T00:00:00Z",
            "pin": {"cid": req["cid"], "name": req["name"]},
            "delegates": ["/dnsaddr/fake.example"],
        }

    def handle(
        self, method: str, path: str, query: dict[str, list[str]], headers: Any, body: bytes
    ) -> tuple[int, str, bytes]:
        self.calls.append((method, path, json.loads(body) if body else None))
        self.auth_headers.append(headers.get("Authorization", ""))
        time.sleep(self.delay)
        if self.transient_failures:
            self.transient_failures -= 1
            return self.transient_status, "text/html", b"<html>upstream trouble</html>"
        if headers.get("Authorization") != f"Bearer {self.token}":
            return _json(401, {"error": {"reason": "UNAUTHORIZED", "details": "access token is missing or invalid"}})
        if method == "POST" and path == "/pins":
            request = json.loads(body)
            requestid = f"req-{len(self.requests) + 1}"
            self.requests[requestid] = {
                "cid": request["cid"],
                "name": request.get("name", ""),
                "status": "queued",
                "polls": 0,
                "origins": request.get("origins", []),
            }
            return _json(202, self._status(requestid))
        if method == "GET" and path.startswith("/pins/"):
            requestid = path.removeprefix("/pins/")
            if requestid not in self.requests:
                return _json(404, {"error": {"reason": "NOT_FOUND", "details": requestid}})
            req = self.requests[requestid]
            req["polls"] += 1
            req["status"] = "pinning" if req["polls"] <= self.polls_before_outcome else self.outcome
            return _json(200, self._status(requestid))
        if method == "GET" and path == "/pins":
            cids = set(query.get("cid", [""])[0].split(","))
            statuses = set(query.get("status", ["pinned"])[0].split(","))
            results = [
                self._status(rid)
                for rid, req in self.requests.items()
                if req["cid"] in cids and req["status"] in statuses
            ]
            return _json(200, {"count": len(results), "results": results})
        return _json(404, {"error": {"reason": "NOT_FOUND", "details": path}})


@pytest.fixture
def fake_kubo() -> Iterator[tuple[FakeKubo, str]]:
    """A fake Kubo and its RPC multiaddr."""
    fake = FakeKubo()
    with _serve(fake) as address:
        host, port = address.split(":")
        yield fake, f"/ip4/{host}/tcp/{port}"


@pytest.fixture
def fake_pinning_service() -> Iterator[tuple[FakePinningService, str]]:
    """A fake pinning service and its base URL."""
    fake = FakePinningService()
    with _serve(fake) as address:
        yield fake, f"http://{address}"


@pytest.fixture
def closed_port() -> int:
    """A localhost port with nothing listening (connection refused)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
