"""A loopback OpenAI-compatible chat-completions server for tests (DESIGN.md style 9).

A real HTTP server on 127.0.0.1 (ephemeral port, stdlib ``ThreadingHTTPServer`` in a daemon
thread) that the real ``ChatOpenAI`` client talks to. It replays a script, one item per
``POST /v1/chat/completions`` request, in order:

- ``Reply``: an assistant message (text and/or tool calls, parallel calls, malformed JSON
  arguments, unknown tool names are all just data here), as JSON or as SSE chunks when the
  request says ``"stream": true``;
- ``HttpError``: a status (429, 500, 401, ...) with an OpenAI-shaped error body;
- ``Delay``: sleep (longer than the client timeout, typically), then answer with ``then``.

When the script runs out it answers ``server.default`` (set with :meth:`FakeOpenAI.always`) or,
without one, a 500 that tells the client not to retry, so a test never hangs. Every request
body is kept in ``server.requests`` for assertions.

Use the ``openai_server`` fixture (registered for the whole suite by ``tests/conftest.py``)::

    def test_x(openai_server):
        openai_server.tool_calls([("relax", {"structure_id": "s1"})])
        openai_server.reply("done")
        settings = Settings.load(llm=openai_server.llm_settings())
"""

from __future__ import annotations

import itertools
import json
import threading
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from fake_openai_context import context_rejection, models_row, ollama_show_body, props_body
from fake_openai_strict import strict_rejection, strict_schema_problems
from fake_openai_wire import chunks, completion, error_body

FAKE_MODEL = "fake-model"
__all__ = ["FakeOpenAI", "Reply", "HttpError", "Delay", "Raw", "openai_server", "strict_schema_problems"]


@dataclass(frozen=True)
class Reply:
    """An assistant message. ``tool_calls`` holds (name, arguments-as-JSON-text) pairs."""

    content: str | None = None
    tool_calls: tuple[tuple[str, str], ...] = ()
    usage: tuple[int, int] | None = None  # (prompt_tokens, completion_tokens); estimated when None

    @classmethod
    def text(cls, content: str) -> Reply:
        return cls(content=content)

    @classmethod
    def calls(cls, calls: Sequence[tuple[str, dict[str, Any] | str]], content: str | None = None) -> Reply:
        """Tool calls (several = parallel calls); dict arguments are JSON-encoded, strings sent as is."""
        encoded = tuple((name, args if isinstance(args, str) else json.dumps(args)) for name, args in calls)
        return cls(content=content, tool_calls=encoded)


@dataclass(frozen=True)
class HttpError:
    """An HTTP error answer. ``retry_after_ms`` sends ``retry-after-ms`` (honoured by the OpenAI
    client, keeping retry tests fast); None leaves only ``Retry-After: 0`` so the client uses its
    own exponential backoff."""

    status: int
    message: str | None = None
    retry_after_ms: int | None = 10


@dataclass(frozen=True)
class Raw:
    """Bytes sent as the response body as they are: garbage instead of JSON, or a body cut short
    (``declared_length`` larger than ``body``: the connection closes mid-response)."""

    body: bytes
    status: int = 200
    content_type: str = "application/json"
    declared_length: int | None = None


@dataclass(frozen=True)
class Delay:
    """Wait ``seconds`` before answering ``then`` (a plain text reply when None)."""

    seconds: float
    then: Reply | HttpError | None = None


Item = Reply | HttpError | Delay | Raw

_DEFAULT_MESSAGES = {
    400: "Bad request (fake server)",
    404: "The model does not exist (fake server)",
    429: "Rate limit reached for requests (fake server)",
    500: "The server had an error while processing your request (fake server)",
    502: "Bad gateway (fake server)",
    503: "The engine is currently overloaded (fake server)",
}


class FakeOpenAI:
    """The server. Start with ``with FakeOpenAI() as server:`` or the ``openai_server`` fixture."""

    def __init__(self, model: str = FAKE_MODEL) -> None:
        self.model = model
        self.default: Item | None = None
        self.check_strict = True  # reject invalid strict tool schemas with a 400, as OpenAI does
        self.n_ctx: int | None = None  # set: serve llama.cpp's /props and reject longer requests (400)
        self.serve_props = True  # False: a server that tells its n_ctx only when it rejects a request
        # Which server's way of telling n_ctx: llama.cpp's /props, vLLM's /v1/models, Ollama's /api/show
        self.kind: str = "llama.cpp"
        self.trained_ctx = 131072  # what Ollama's model_info reports, whatever n_ctx it runs with
        self.requests: list[dict[str, Any]] = []  # chat-completion request bodies, in order
        self.headers: list[dict[str, str]] = []  # their headers (lower-cased names)
        self._script: deque[Item] = deque()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._ids = itertools.count(1)
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    # -- life cycle ------------------------------------------------------------------------
    def start(self) -> FakeOpenAI:
        self._thread.start()
        return self

    def close(self) -> None:
        self._stop.set()  # wakes handlers sleeping in a Delay
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> FakeOpenAI:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def port(self) -> int:
        return int(self._httpd.server_address[1])

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def llm_settings(self, **more: Any) -> dict[str, Any]:
        """An ``llm`` settings section pointing at this server (for ``Settings.load(llm=...)``)."""
        section: dict[str, Any] = {
            "provider": "openai-compatible",
            "base_url": self.base_url,
            "model": self.model,
            "timeout_s": 10.0,
            "max_retries": 2,
        }
        section.update(more)
        return section

    # -- scripting -------------------------------------------------------------------------
    def add(self, *items: Item) -> None:
        with self._lock:
            self._script.extend(items)

    def always(self, item: Item | None) -> None:
        """Answer ``item`` once the script is exhausted (e.g. a model that never stops calling tools)."""
        self.default = item

    def reply(self, content: str = "", *, usage: tuple[int, int] | None = None) -> Reply:
        item = Reply(content=content, usage=usage)
        self.add(item)
        return item

    def tool_calls(
        self, calls: Sequence[tuple[str, dict[str, Any] | str]], content: str | None = None
    ) -> Reply:
        item = Reply.calls(calls, content=content)
        self.add(item)
        return item

    def raw_tool_call(self, name: str, arguments: str) -> Reply:
        """A tool call whose arguments text is sent verbatim (e.g. malformed JSON)."""
        return self.tool_calls([(name, arguments)])

    def error(self, status: int, message: str | None = None, *, retry_after_ms: int | None = 10) -> HttpError:
        item = HttpError(status, message, retry_after_ms)
        self.add(item)
        return item

    def delay(self, seconds: float, then: Reply | HttpError | None = None) -> Delay:
        item = Delay(seconds, then)
        self.add(item)
        return item

    @property
    def remaining(self) -> int:
        with self._lock:
            return len(self._script)

    # -- used by the handler ---------------------------------------------------------------
    def _take(self, body: dict[str, Any], headers: dict[str, str], *, consume: bool = True) -> Item | None:
        """Record a request and hand out the next item (a rejected request consumes none)."""
        with self._lock:
            self.requests.append(body)
            self.headers.append(headers)
            if not consume:
                return None
            return self._script.popleft() if self._script else self.default

    def _next_id(self) -> int:
        with self._lock:
            return next(self._ids)


def _handler_for(server: FakeOpenAI) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        # HTTP/1.0: one request per connection, so an SSE body ends when the socket closes.
        protocol_version = "HTTP/1.0"

        def log_message(self, format: str, *args: Any) -> None:  # keep pytest output clean
            pass

        def do_GET(self) -> None:
            if self.path.rstrip("/").endswith("/models"):
                self._json(200, {"object": "list", "data": [models_row(server.model, server.n_ctx, server.kind)]})
            elif self.path.rstrip("/").endswith("/props") and server.n_ctx and server.serve_props and server.kind == "llama.cpp":
                self._json(200, props_body(server.n_ctx))
            else:
                self._json(404, error_body(404, f"no route GET {self.path} (fake server)"))

        def do_POST(self) -> None:
            try:
                self._post()
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (timeout): nothing to answer

        def _post(self) -> None:
            raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            if self.path == "/api/show" and server.kind == "ollama":
                self._json(200, ollama_show_body(server.n_ctx, server.trained_ctx))
                return
            if not self.path.rstrip("/").endswith("/chat/completions"):
                self._json(404, error_body(404, f"no route POST {self.path} (fake server)"))
                return
            try:
                body = json.loads(raw or b"{}")
            except ValueError:
                self._json(400, error_body(400, "request body is not JSON (fake server)"))
                return
            too_long = context_rejection(body, server.n_ctx)
            rejection = strict_rejection(body) if server.check_strict else None
            item = server._take(
                body, {k.lower(): v for k, v in self.headers.items()}, consume=not (rejection or too_long)
            )
            if too_long:
                self._json(400, too_long)
                return
            if rejection:
                self._json(400, error_body(400, rejection))
                return
            if isinstance(item, Delay):
                if server._stop.wait(item.seconds):
                    return  # shutting down
                item = item.then or Reply.text("(reply after a delay)")
            if item is None:
                msg = f"fake_openai: script exhausted after {len(server.requests)} requests; add items or use server.always(...)"
                self._json(500, error_body(500, msg), {"x-should-retry": "false"})
            elif isinstance(item, HttpError):
                self._error(item)
            elif isinstance(item, Raw):
                self.send_response(item.status)
                self.send_header("Content-Type", item.content_type)
                self.send_header("Content-Length", str(item.declared_length or len(item.body)))
                self.end_headers()
                self.wfile.write(item.body)
                self.wfile.flush()
            elif body.get("stream"):
                self._stream(chunks(server, item, body))
            else:
                self._json(200, completion(server, item, body))

        def _error(self, item: HttpError) -> None:
            if item.status == 401 and item.message is None:
                # Echo the key back like a careless server would, so tests can check redaction.
                token = self.headers.get("Authorization", "").removeprefix("Bearer ")
                message = f"Incorrect API key provided: {token}."
            else:
                message = item.message or _DEFAULT_MESSAGES.get(
                    item.status, f"HTTP {item.status} (fake server)"
                )
            headers = {"Retry-After": "0"}
            if item.retry_after_ms is not None:
                headers["retry-after-ms"] = str(item.retry_after_ms)
            self._json(item.status, error_body(item.status, message), headers)

        def _json(self, status: int, payload: dict[str, Any], headers: dict[str, str] | None = None) -> None:
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(data)

        def _stream(self, chunks: Iterator[dict[str, Any]]) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-cache")
            self.end_headers()
            for c in chunks:
                self.wfile.write(f"data: {json.dumps(c)}\n\n".encode())
                self.wfile.flush()
            self.wfile.write(b"data: [DONE]\n\n")
            self.wfile.flush()

    return Handler


@pytest.fixture
def openai_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeOpenAI]:
    """A started fake server, shut down after the test. Proxies are bypassed for loopback."""
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    with FakeOpenAI() as server:
        yield server
