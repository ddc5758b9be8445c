"""Drafting latency per contact on `offline` and `local`, and what happened to each `local` variant.

Prints JSON: for each engine, seconds per contact (mean, median, max) over a fixed set of contacts
(every goal and channel), and for `local` the share of variants that passed the checks first time
(origin model), after one repair (repaired), or fell back to a template (template), plus the most
common reasons. Offline is always measured; local needs llama-cpp-python and the bundled model.

    python bench/bench_drafting.py [--contacts 10] [--skip-local] [--with-library]
"""

from __future__ import annotations

import argparse
import collections
import json
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.core.drafting import CHANNELS, GOALS, FollowupRequest, Profile, draft_followup  # noqa: E402
from app.core.llm import OfflineModel, allow_model_requests  # noqa: E402

TODAY = date(2025, 3, 12)
PROFILE = Profile(
    name="Jane Smith",
    business="Smith & Co Bookkeeping",
    what_i_do="I keep the books for small trades businesses.",
    ideal_client="Owner-run building firms with 3 to 20 staff.",
    signature="Jane Smith\nSmith & Co Bookkeeping",
)
PEOPLE = [
    (
        "Sam Patel",
        "Patel Print",
        "his daughter is starting at Leeds University in September",
        "the print price guide",
    ),
    (
        "Ann Lee",
        "Lee Estates",
        "she has just opened a second branch in Harrogate",
        "Tom Hall, a commercial lawyer",
    ),
    ("Raj Mehta", "", "he restores vintage motorbikes at weekends", "the VAT deadline checklist"),
    (
        "Claire Dunn",
        "Dunn Cleaning",
        "her team won a contract with the city council",
        "Priya Shah, a mortgage broker",
    ),
    (
        "Marco Rossi",
        "Rossi Deli",
        "he wants to start selling at farmers' markets",
        "the market traders' guide",
    ),
]


def contacts(n: int) -> list[FollowupRequest]:
    """n requests cycling through people, goals and channels so every combination type appears."""
    out = []
    for i in range(n):
        name, business, detail, promised = PEOPLE[i % len(PEOPLE)]
        goal = GOALS[i % len(GOALS)]
        out.append(
            FollowupRequest(
                name=name,
                business=business,
                met_at="Leeds Chamber breakfast",
                met_on=date(2025, 3, 11),
                detail=detail,
                goal=goal,
                channel=CHANNELS[(i // len(GOALS) + i) % len(CHANNELS)],
                promised=promised if goal in ("send-resource", "introduce") else "",
            )
        )
    return out


def run(model: Any, requests: list[FollowupRequest], knowledge: Any) -> dict[str, Any]:
    """Time each contact and tally variant origins and fallback reasons."""
    times: list[float] = []
    origins: collections.Counter[str] = collections.Counter()
    reasons: collections.Counter[str] = collections.Counter()
    for req in requests:
        start = time.perf_counter()
        result = draft_followup(req, PROFILE, model=model, knowledge=knowledge, today=TODAY)
        times.append(time.perf_counter() - start)
        sys.stderr.write(f"{model.info.engine}: {req.goal}/{req.channel} {times[-1]:.1f}s "
                         f"{[v.origin for v in result.variants]}\n")
        for v in result.variants:
            origins[v.origin] += 1
            for note in v.notes:
                if note.startswith("model draft replaced"):
                    reasons.update(r.strip() for r in note.split(":", 1)[1].split(","))
    total = sum(origins.values()) or 1
    return {
        "engine": model.info.label,
        "contacts": len(requests),
        "seconds_per_contact": {
            "mean": round(statistics.mean(times), 4),
            "median": round(statistics.median(times), 4),
            "max": round(max(times), 4),
        },
        "variants": sum(origins.values()),
        "share": {o: round(origins[o] / total, 3) for o in ("model", "repaired", "template")},
        "fallback_reasons": dict(reasons.most_common(8)),
    }


def main() -> int:
    """Run the benchmark and print JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=10)
    parser.add_argument("--skip-local", action="store_true")
    parser.add_argument(
        "--with-library", action="store_true", help="include library search (citations) in the timing"
    )
    args = parser.parse_args()
    requests = contacts(args.contacts)
    knowledge = None
    if args.with_library:
        from app.core.config import load_settings
        from app.core.knowledge.index import KnowledgeBase

        knowledge = KnowledgeBase(
            load_settings(cli={"data_dir": tempfile.mkdtemp()}, env={}, secrets={}, saved={})
        )
        knowledge.ensure_library()
    report: dict[str, Any] = {"library": bool(knowledge), "offline": run(OfflineModel(), requests, knowledge)}
    if not args.skip_local:
        try:
            import llama_cpp  # noqa: F401

            from app.core.llm.local_engine import LocalChatModel

            model = LocalChatModel()
            with allow_model_requests():
                start = time.perf_counter()
                model.llm  # noqa: B018 - load once, outside the per-contact timing
                load = time.perf_counter() - start
                report["local"] = run(model, requests, knowledge) | {"model_load_seconds": round(load, 2)}
        except Exception as exc:  # report why local could not run instead of failing the whole benchmark
            report["local"] = {"error": f"{type(exc).__name__}: {exc}"}
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
