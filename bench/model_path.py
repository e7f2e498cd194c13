"""The model path on the development set, beside the offline path in the same run (issue #29).

Usage: .venv/bin/python bench/model_path.py --base-url URL --model NAME
           [--set ../shared/bench/hypotheses-dev.yaml] [--sofc ../shared/bench/sofc/texts]
           [--home DIR] [--index DIR] [--context-tokens N] [--timeout-s S] [--claim-wall-s S]
           [--max-reply-tokens N] [--limit N]

Runs every dev claim (the same batch file bench/agent_dev.py reads) offline first, then through
the chat model at URL (any OpenAI-compatible server: llama.cpp, Ollama, vLLM). Both share one
HYPOLOOP_HOME, so the model path reuses the offline path's cached simulations and its wall time
is mostly the model's. Prints per claim: the prompt tokens of each model request (as the server
counted them; '~' marks hypoloop's chars/4 estimate where the server reported no usage), the
number of requests, wall time, who decided (model, or rule-based and why) and the verdict; then
coverage, accuracy on decided, confident errors (>= 0.7) and the median seconds per claim for
both paths, and the largest first request per claim kind.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))


def parse_args() -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--base-url", required=True, help="the server's OpenAI-compatible URL, e.g. http://127.0.0.1:8080/v1")
    ap.add_argument("--model", required=True, help="the model name the server knows")
    ap.add_argument("--set", default=str(ROOT.parent / "shared/bench/hypotheses-dev.yaml"))
    ap.add_argument("--sofc", default=str(ROOT.parent / "shared/bench/sofc/texts"))
    ap.add_argument("--home", default=None, help="HYPOLOOP_HOME (default: a fresh temporary one)")
    ap.add_argument("--index", default=None, help="literature index folder to reuse or create")
    ap.add_argument("--context-tokens", type=int, default=None, help="llm.context_tokens, if the server does not say")
    ap.add_argument("--timeout-s", type=float, default=120.0, help="llm.timeout_s (per request)")
    ap.add_argument("--claim-wall-s", type=float, default=600.0, help="llm.claim_wall_s (per claim)")
    ap.add_argument("--max-reply-tokens", type=int, default=2048,
                    help="llm.max_reply_tokens (a small model on a CPU writes ~10 tokens/s)")  # fmt: skip
    ap.add_argument("--limit", type=int, default=None, help="only the first N claims")
    return ap.parse_args()


def run_path(settings: Any, batch: Any, label: str) -> tuple[list[dict[str, Any]], list[float]]:
    from agent import Assistant
    from agent.batch import run_batch

    secs: list[float] = []
    clock = [time.perf_counter()]

    def timed(_: dict[str, Any]) -> None:
        secs.append(time.perf_counter() - clock[0])
        clock[0] = time.perf_counter()

    print(f"running the {label} path on {len(batch)} claims ...", flush=True)
    return run_batch(batch, assistant=Assistant(settings), workers=0, on_record=timed), secs


def request_tokens(record: dict[str, Any]) -> str:
    reqs = (record.get("usage") or {}).get("requests") or []
    return " ".join(f"{'~' if r.get('prompt_tokens_estimated') else ''}{r['prompt_tokens']}" for r in reqs) or "-"


def decided_by(record: dict[str, Any]) -> str:
    if record.get("error"):
        return "error"
    why = record.get("decided_without_model")
    return f"rule-based ({why[:60]})" if why else "model"


def print_claims(records: list[dict[str, Any]], secs: list[float], offline: dict[str, dict[str, Any]],
                 expected: dict[str, str]) -> None:  # fmt: skip
    print(f"\n{'id':8} {'expected':12} {'offline':12} {'model path':12} {'conf':>5} {'reqs':>4} {'secs':>6}  "
          "decided by / prompt tokens per request")  # fmt: skip
    for r, s in zip(records, secs, strict=True):
        n = len((r.get("usage") or {}).get("requests") or [])
        conf = f"{r['confidence']:5.2f}" if r["confidence"] is not None else "    -"
        print(f"{r['id']:8} {expected[r['id']]:12} {offline[r['id']]['verdict'] or 'error':12} "
              f"{r['verdict'] or 'error':12} {conf} {n:4d} {s:6.1f}  {decided_by(r)} / {request_tokens(r)}")  # fmt: skip
        if r.get("error"):
            print(f"{'':8} error: {r['error'][:150]}")


def print_summary(label: str, records: list[dict[str, Any]], secs: list[float], expected: dict[str, str]) -> None:
    from agent.evaluate import CONFIDENT, score

    s = score(records, expected)
    p50 = statistics.median(secs) if secs else 0.0
    print(
        f"{label:8} coverage {s['decided']}/{s['items']} = {100 * (s['coverage'] or 0):5.1f} %   "
        f"accuracy on decided {s['correct']}/{s['decided']} = {100 * (s['accuracy_on_decided'] or 0):5.1f} %   "
        f"confident errors (>= {CONFIDENT}) {len(s['confidently_wrong'])}   errors {len(s['errors'])}   "
        f"p50 {p50:.1f} s/claim"
    )


def print_first_requests(records: list[dict[str, Any]], kinds: dict[str, str]) -> None:
    """The largest first request (the reading, or the first research request) per claim kind,
    as hypoloop estimated it and as the server counted it (they differ with how the server
    renders tools into the prompt; '~' where the server reported no count)."""
    largest: dict[str, tuple[int, str]] = {}
    for r in records:
        reqs = (r.get("usage") or {}).get("requests") or []
        firsts = [q for q in reqs if q["step"] == "formalize"][:1] + [q for q in reqs if q["step"] == "research"][:1]
        for q in firsts:
            kind = kinds.get(r["id"], "?")
            counted = f"{'~' if q.get('prompt_tokens_estimated') else ''}{q['prompt_tokens']}"
            if q["estimated_prompt_tokens"] >= largest.get(kind, (0, ""))[0]:
                largest[kind] = (q["estimated_prompt_tokens"], counted)
    print("\nlargest first request per claim kind (prompt tokens: estimated / counted by the server):")
    for kind, (n, counted) in sorted(largest.items()):
        print(f"  {kind:26} {n:6d} / {counted:>6}")


def main() -> int:
    args = parse_args()
    from agent_dev import build_index

    tmp = Path(tempfile.mkdtemp(prefix="model-path-"))
    home = Path(args.home) if args.home else tmp / "home"
    index = Path(args.index) if args.index else tmp / "index"
    print(f"command: {' '.join(sys.argv)}\ndata: {args.set}; literature: {args.sofc}")
    print(f"literature index ready in {build_index(Path(args.sofc), index):.1f} s")

    import yaml

    from agent import Settings
    from agent.batch import load_batch
    from agent.evaluate import expected_of
    from agent.llm.context import server_context

    batch = load_batch(Path(args.set))
    if args.limit:
        batch = batch[: args.limit]
    expected = expected_of(batch)
    kinds = {row["id"]: row.get("kind", "?") for row in yaml.safe_load(Path(args.set).read_text())}
    common = {"home": home, "retrieval": {"index_path": index}}
    llm = {"provider": "openai-compatible", "base_url": args.base_url, "model": args.model,
           "timeout_s": args.timeout_s, "claim_wall_s": args.claim_wall_s, "context_tokens": args.context_tokens,
           "max_reply_tokens": args.max_reply_tokens}  # fmt: skip
    ctx = server_context(args.base_url, args.model, args.context_tokens)
    print(f"server context: {ctx.tokens} tokens ({ctx.source}); prompt budget {ctx.prompt_budget()}\n")
    offline, offline_secs = run_path(Settings.load(llm={"provider": "offline"}, **common), batch, "offline")
    model, model_secs = run_path(Settings.load(llm=llm, **common), batch, "model")
    print_claims(model, model_secs, {r["id"]: r for r in offline}, expected)
    print()
    print_summary("offline", offline, offline_secs, expected)
    print_summary("model", model, model_secs, expected)
    decided_by_model = sum(decided_by(r) == "model" for r in model)
    print(f"model path: {decided_by_model}/{len(model)} claims decided with the model, the rest rule-based")
    print_first_requests(model, kinds)
    return 0


if __name__ == "__main__":
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    raise SystemExit(main())
