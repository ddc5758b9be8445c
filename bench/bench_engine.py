"""Benchmark the `local` engine through our seam against calling llama-cpp-python directly.

Prints JSON: time to first token (TTFT) and tokens/s, median over several runs, for
  seam:   LocalChatModel.stream(messages)                      (what every feature uses)
  direct: Llama.create_chat_completion(messages, stream=True)  (the same loaded model instance)
and our overhead in percent. Both runs use the same prompt, settings and model instance, alternate
order, and start from an empty KV cache, so the only difference is our code.

    python bench/bench_engine.py [--runs 6] [--ttft-runs 20] [--max-tokens 128] [--model PATH.gguf]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.core.llm import HumanMessage, SystemMessage, allow_model_requests  # noqa: E402
from app.core.llm.base import to_openai  # noqa: E402
from app.core.llm.local_engine import LocalChatModel  # noqa: E402

MESSAGES = [
    SystemMessage("You are Dana, a wedding photographer at a business networking breakfast."),
    HumanMessage("Tell me about your ideal client and how I could recognise a good referral for you."),
]


def measure(pieces: Iterator[str]) -> dict[str, Any]:
    """Consume a stream; return TTFT, decode tokens/s (after the first token) and the text."""
    started = time.perf_counter()
    stamps: list[float] = []
    text: list[str] = []
    for piece in pieces:
        stamps.append(time.perf_counter() - started)
        text.append(piece)
    decode = stamps[-1] - stamps[0] if len(stamps) > 1 else 0.0
    return {
        "ttft_s": stamps[0] if stamps else float("nan"),
        "tokens": len(stamps),
        "tokens_per_s": (len(stamps) - 1) / decode if decode > 0 else float("nan"),
        "total_s": stamps[-1] if stamps else float("nan"),
        "text": "".join(text),
    }


def direct_stream(llm: Any, max_tokens: int) -> Iterator[str]:
    """llama-cpp-python's own streaming chat completion, the way its docs show it."""
    for chunk in llm.create_chat_completion(
        messages=to_openai(MESSAGES), max_tokens=max_tokens, temperature=0.0, stream=True
    ):
        delta = chunk["choices"][0]["delta"].get("content")
        if delta:
            yield delta


def summarise(
    runs: list[dict[str, Any]], keys: tuple[str, ...] = ("ttft_s", "tokens_per_s", "total_s")
) -> dict[str, Any]:
    """Median and spread of the runs."""
    out: dict[str, Any] = {"runs": len(runs)}
    for key in keys:
        values = [r[key] for r in runs]
        out[key] = round(statistics.median(values), 4)
        out[f"{key}_min"] = round(min(values), 4)
        out[f"{key}_max"] = round(max(values), 4)
    return out


def run_pairs(
    paths: dict[str, Callable[[], Iterator[str]]], runs: int, reset: Callable[[], None]
) -> dict[str, list[dict[str, Any]]]:
    """Alternate seam and direct runs (order flipped every pair), each from an empty KV cache."""
    results: dict[str, list[dict[str, Any]]] = {name: [] for name in paths}
    for i in range(runs):
        order = ["seam", "direct"] if i % 2 == 0 else ["direct", "seam"]
        for name in order:
            reset()  # no prompt-prefix reuse: both pay the full prompt evaluation
            results[name].append(measure(paths[name]()))
    return results


def paired_overhead(results: dict[str, list[dict[str, Any]]], key: str, *, higher_is_better: bool) -> float:
    """Median over pairs of the seam's cost relative to direct, in percent (negative = faster)."""
    ratios = [s[key] / d[key] for s, d in zip(results["seam"], results["direct"], strict=True)]
    ratio = statistics.median(ratios)
    return round(100 * ((1 / ratio) - 1 if higher_is_better else ratio - 1), 2)


def main() -> int:
    """Run the benchmark and print JSON."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=6, help="generation runs per path")
    ap.add_argument("--ttft-runs", type=int, default=20, help="one-token runs per path for TTFT")
    ap.add_argument("--max-tokens", type=int, default=128)
    ap.add_argument("--model", default="", help="a GGUF file (default: the bundled SmolLM2-135M)")
    args = ap.parse_args()

    load_before = os.getloadavg()[0]
    model = LocalChatModel(args.model)
    started = time.perf_counter()
    llm = model.llm  # the exact instance the seam uses: same file, context, threads
    load_s = time.perf_counter() - started

    def paths(max_tokens: int) -> dict[str, Callable[[], Iterator[str]]]:
        return {
            "seam": lambda: model.stream(MESSAGES, max_tokens=max_tokens, temperature=0.0),
            "direct": lambda: direct_stream(llm, max_tokens),
        }

    with allow_model_requests():
        for run in paths(8).values():  # warm-up: page the weights in, build the chat template
            llm.reset()
            measure(run())
        # TTFT is short and noisy on a shared machine: many cheap samples, one token each.
        ttft = run_pairs(paths(1), args.ttft_runs, llm.reset)
        full = run_pairs(paths(args.max_tokens), args.runs, llm.reset)

    seam_s, direct_s = summarise(full["seam"]), summarise(full["direct"])
    seam_t, direct_t = summarise(ttft["seam"], ("ttft_s",)), summarise(ttft["direct"], ("ttft_s",))
    report = {
        "benchmark": "local engine: seam vs llama_cpp direct",
        "model": model.info.model,
        "n_ctx": model.n_ctx,
        "n_threads": getattr(llm, "n_threads", None),
        "max_tokens": args.max_tokens,
        "load_s": round(load_s, 3),
        "loadavg_1m_before_after": [round(load_before, 2), round(os.getloadavg()[0], 2)],
        "ttft": {"seam": seam_t, "direct": direct_t},
        "generation": {"seam": seam_s, "direct": direct_s},
        # Shared machine: each seam run is compared with the direct run right next to it (same load).
        "ttft_overhead_pct": paired_overhead(ttft, "ttft_s", higher_is_better=False),
        "throughput_overhead_pct": paired_overhead(full, "tokens_per_s", higher_is_better=True),
        "same_output": all(s["text"] == d["text"] for s, d in zip(full["seam"], full["direct"], strict=True)),
    }
    report["within_5pct"] = report["ttft_overhead_pct"] < 5 and report["throughput_overhead_pct"] < 5
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
