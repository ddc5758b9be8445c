"""Rehearsal benchmark: partner turn latency (offline and local engines), retrieval + prompt share, prompt growth.

Run:  python bench/bench_rehearsal.py [--local-turns 8] [--skip-local]     (prints one JSON object)

- offline: a 30-turn conversation with the scripted partner (topic matching with MiniLM, SQLite writes);
  p50/p95 of the whole `reply()` call, first turn excluded (it loads the embedding model).
- local: the bundled SmolLM2-135M through llama-cpp-python with retrieval from the real built-in library;
  p50/p95 per turn, and the share of each turn spent in retrieval + prompt building - including the turn
  analysis that decides what the prompt unlocks (target < 10%).
  How many replies passed validation and why the others fell back is reported too.
- prompt growth: prompt tokens at user turn 5 and turn 30 of a long conversation whose user turns are
  long, counted with the MiniLM WordPiece tokenizer (target: turn 30 <= 1.5 x turn 5).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.core.llm import FakeChatModel  # noqa: E402
from app.core.roleplay import Partner  # noqa: E402
from app.core.roleplay.prompting import count_tokens  # noqa: E402
from app.core.store import Store  # noqa: E402

QUESTIONS = [
    "Hi, thanks for making the time!",
    "So what do you do?",
    "Who are your best clients?",
    "What does a great referral look like for you - who, and in what situation?",
    "What should I listen out for?",
    "How should I introduce you?",
    "Who would you most like to meet?",
    "What are your goals for this year?",
    "What are you most proud of?",
    "What do you do outside of work?",
    "Which other networks are you part of?",
    "I could introduce you to a facilities manager I know.",
    "Shall we meet again next Tuesday at 10am?",
]
STORY = (
    "I run a bookkeeping firm for builders and electricians with five to twenty staff, and my ideal client is a "
    "trades business owner who is still doing the books late at night after a long day on site. "
)


def conversation(n: int) -> list[str]:
    """n user turns alternating questions with long statements (the worst case for prompt growth)."""
    return [QUESTIONS[(i // 2) % len(QUESTIONS)] if i % 2 == 0 else STORY * 2 for i in range(n)]


def pct(values: list[float], q: float) -> float:
    """The q-quantile (0-1) of values, in milliseconds, rounded."""
    ordered = sorted(values)
    idx = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return round(ordered[idx] * 1000, 1)


def bench_offline(turns: int = 30) -> dict:
    """Scripted partner latency."""
    partner = Partner(Store(Path(tempfile.mkdtemp())))
    session = partner.start("over-talker")
    times = []
    for line in conversation(turns):
        t0 = time.perf_counter()
        partner.reply(session, line)
        times.append(time.perf_counter() - t0)
    warm = times[1:]
    return {
        "turns": turns,
        "p50_ms": pct(warm, 0.5),
        "p95_ms": pct(warm, 0.95),
        "first_turn_ms": round(times[0] * 1000, 1),
    }


def bench_prompt_growth() -> dict:
    """Prompt tokens at user turn 5 vs 30 (the model is a fake: only the prompt matters here)."""
    model = FakeChatModel(default="That's useful to know - and what about your own clients?")
    partner = Partner(Store(Path(tempfile.mkdtemp())), model)
    session = partner.start("over-talker")
    for line in conversation(30):
        partner.reply(session, line)
    sizes = [count_tokens(call.messages) for call in model.history]
    return {
        "tokenizer": "all-MiniLM-L6-v2 WordPiece (tokenizers)",
        "turn_5": sizes[4],
        "turn_30": sizes[29],
        "ratio": round(sizes[29] / sizes[4], 3),
        "max": max(sizes),
        "target_ratio": 1.5,
    }


def bench_local(turns: int) -> dict:
    """Bundled SmolLM2 turns with real retrieval; returns latency, retrieval+prompt share and validation outcomes."""
    try:
        import llama_cpp  # noqa: F401
    except ImportError as exc:
        return {"skipped": f"llama-cpp-python is not importable: {exc}"}
    from app.core.config import load_settings
    from app.core.knowledge.index import KnowledgeBase
    from app.core.llm.guard import allow_model_requests
    from app.core.llm.local_engine import LocalChatModel

    data = Path(tempfile.mkdtemp())
    kb = KnowledgeBase(load_settings(cli={"data_dir": str(data)}, env={}, secrets={}, saved={}))
    kb.ensure_library()
    model = LocalChatModel()
    partner = Partner(Store(data), model, knowledge=kb)
    with allow_model_requests():
        model.complete(_warmup(), max_tokens=1)  # load the weights outside the timing
        session = partner.start("warm-connector")
        totals, shares, origins, reasons, tokens = [], [], Counter(), Counter(), []
        for line in QUESTIONS[:turns]:
            t0 = time.perf_counter()
            turn = partner.reply(session, line)
            total = time.perf_counter() - t0
            timing = turn["meta"].get("timings", {})
            totals.append(total)
            # Turn analysis (topic matching) counts as prompt building: the prompt depends on it.
            shares.append(
                (timing["analysis_s"] + timing.get("retrieval_s", 0.0) + timing.get("prompt_s", 0.0)) / total
            )
            origins[turn["origin"]] += 1
            if turn["meta"].get("reason"):
                reasons[turn["meta"]["reason"]] += 1
            tokens.append(turn["meta"].get("prompt_tokens", 0))
    return {
        "model": model.info.label,
        "turns": len(totals),
        "p50_ms": pct(totals, 0.5),
        "p95_ms": pct(totals, 0.95),
        "retrieval_plus_prompt_share_mean": round(statistics.fmean(shares), 4),
        "retrieval_plus_prompt_share_max": round(max(shares), 4),
        "target_share": 0.1,
        "origins": dict(origins),
        "fallback_reasons": dict(reasons),
        "prompt_tokens_minilm": {"first": tokens[0], "last": tokens[-1]},
    }


def _warmup() -> list:
    from app.core.llm import HumanMessage

    return [HumanMessage("Hello")]


def main() -> None:
    """Run the benchmarks and print one JSON object."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--local-turns", type=int, default=8, help="user turns on the local engine (default 8)"
    )
    parser.add_argument("--skip-local", action="store_true", help="do not run the local engine")
    args = parser.parse_args()
    result = {
        "offline": bench_offline(),
        "prompt_growth": bench_prompt_growth(),
        "local": {"skipped": "--skip-local"}
        if args.skip_local
        else bench_local(max(1, min(args.local_turns, len(QUESTIONS)))),
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
