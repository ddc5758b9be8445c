"""Drafting quality and speed. Prints one JSON object.

- corpus: share of the good-draft corpus the validators accept, and of the bad-draft corpus they reject
  (tests/drafting/data/{good,bad}_drafts.yaml).
- batch50: a 50-contact CSV offline - overlapping proposed slots, repeated opening sentences (exact, and
  with names, events and details masked), grammar faults (article, capitalisation, person swap, title
  case, colon paste), and seconds (cold: first use in the process; warm: models loaded).
- sweep200: 200 details (mixed persons, kinds, tenses and cases) each drafted as a thank-you; each is
  used naturally, warned about, pasted after a colon, or none of these (a failure).
- details_heldout (--heldout): the detail classifier on bench/heldout/draft_details.yaml (evaluation only).
- offline / local: seconds per contact and, for the bundled local model, what happened to its variants.

    python bench/bench_drafting.py [--heldout] [--with-local] [--contacts 10]
"""

from __future__ import annotations

import argparse
import collections
import itertools
import json
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.core.drafting import CHANNELS, GOALS, FollowupRequest, Profile, draft_followup, run_batch  # noqa: E402
from app.core.drafting.followup import check_draft  # noqa: E402
from app.core.drafting.lint import faults, opening  # noqa: E402
from app.core.llm import OfflineModel, allow_model_requests  # noqa: E402
from app.core.store import Store  # noqa: E402

TODAY = date(2025, 3, 12)
DATA = ROOT / "tests" / "drafting" / "data"
PROFILE = Profile(
    name="Jane Smith",
    business="Smith & Co Bookkeeping",
    what_i_do="I keep the books for small trades businesses.",
    ideal_client="Owner-run building firms with 3 to 20 staff.",
    signature="Jane Smith\nSmith & Co Bookkeeping",
    working_days="Mon-Fri",
    working_hours="09:00-17:30",
)
# (event as typed, as it should read, takes 'the')
EVENTS = [
    ("Birmingham Tech Week", "Birmingham Tech Week", False),
    ("BNI Leeds Central", "BNI Leeds Central", False),
    ("Leeds Business Expo", "Leeds Business Expo", True),
    ("chamber breakfast", "chamber breakfast", True),
    ("birmingham tech week", "Birmingham Tech Week", False),
    ("the Rotary lunch", "Rotary lunch", True),
    ("bni breakfast", "BNI breakfast", True),
    ("Harrogate Networking Evening", "Harrogate Networking Evening", True),
]
# (name as typed, business as typed, detail) - names and businesses sometimes in lower case on purpose.
PEOPLE = [
    ("grace okafor", "okafor cleaning", "opening a second bakery in Solihull"),
    ("lee chan", "acme plumbing", "his pricing is too low"),
    ("Jo Birch", "Birch Joinery", "I offered to look at his pricing"),
    ("Tom Hall", "Hall Fabrication", "Was Hiring Two Welders"),
    ("Sam Lee", "Lee Build", "looking for a reliable joiner"),
    ("Sara Ali", "Ali Design", "we both love fell running"),
    ("Nick Rowe", "", "the speaker on AI was brilliant"),
    ("Ann Lee", "Lee Estates", "her daughter is starting at Leeds University in September"),
    ("Raj Mehta", "", "restores vintage motorbikes at weekends"),
    ("Claire Dunn", "Dunn Cleaning", "her team won a contract with the city council"),
    ("Marco Rossi", "Rossi Deli", "wants to start selling at farmers' markets"),
    ("Dev Patel", "Patel Print", "JUST WON THE SMALL BUSINESS AWARD"),
    ("Lucy Ward", "Ward Florals", "planning to launch an online shop in the autumn"),
    ("Ben Cole", "Cole Haulage", "can't find drivers who will work weekends"),
    ("Helen Price", "Price Legal", "her firm turned ten this year"),
    ("Omar Haddad", "", "asked if I knew a good accountant"),
    ("Kate Moss", "KM Candles", "needs a photographer for her product launch"),
    ("Zoe Hart", "Hart Studio", "is drowning in paperwork since the VAT change"),
    ("Paul King", "King Roofing", "I said I'd send him the template for the GAINS sheet"),
    ("Mia Chen", "Chen Consulting", "lost a big client in the spring"),
    ("Amy Wood", "Wood & Co", "hopes to retire in five years and sell the firm"),
    ("Carl Webb", "Webb Electrical", "cash flow is tight over the winter months"),
    ("Faye Long", "", "We're Both Leeds United Season Ticket Holders"),
    ("Gary Hunt", "Hunt Motors", "he coaches his daughter's netball team"),
    ("Lily Moore", "Moore Events", "getting married in the summer"),
    ("Ruth Bell", "", "the breakfast ran over by half an hour"),
    ("Dan Fox", "Fox Fitness", "just back from two weeks in Japan"),
    ("Eve Hart", "Hart Law", "their website brings in no leads"),
    ("Joe Platt", "Platt Joinery", "moved into a bigger workshop last month"),
    ("Nina Ross", "Ross Interiors", "needs a bookkeeper who knows construction"),
    ("Hugh Grant", "", "plays drums in a covers band"),
    ("Ola Ade", "", "their charity ball raised twelve thousand pounds"),
    ("Pete Nash", "Nash Weddings", "wants to meet more wedding planners"),
    ("Tara Quinn", "Quinn PR", "I promised to share my supplier list"),
    ("Will Shaw", "Shaw Studio", "thinking about moving the studio to Leeds"),
    ("Yas Khan", "", "her book about tax for freelancers came out in May"),
    ("Kim Park", "Park Tiles", "keeps getting undercut by bigger firms"),
    ("Leo Grant", "Grant Hair", "Just Opened A Second Salon In Otley"),
    ("Ivy Stone", "Stone Garden Design", "nice lady"),
    ("Rory Bell", "Bell Audio", "we sat at the same table"),
    ("Sue Grant", "Grant Accountancy", "struggling to get reviews from happy customers"),
    ("Alan Cross", "Cross Security", "is training for the London Marathon"),
    ("Beth Dale", "Dale Dental", "she's just been promoted to head of practice"),
    ("Chris Ford", "Ford Fencing", "wants an introduction to the estates team at the university"),
    ("Dina Roy", "Roy Recruitment", "I'll send the link to the grant scheme"),
    ("Evan Price", "Price Plumbing", "we're both learning Spanish"),
    ("Fran Hill", "Hill Bakes", "her mum is in hospital at the moment"),
    ("Glen Ward", "Ward Windows", "it was his first time at the group"),
    ("Hana Sato", "Sato Translation", "needs more referrals from solicitors"),
    ("Ian Moss", "Moss Landscapes", "is going to open a garden centre next spring"),
]
PROMISED = {"send-resource": "the cash-flow checklist", "introduce": "Tom Lee, a mortgage broker"}


def corpus() -> dict[str, Any]:
    """Validator pass rate on the good corpus and reject rate on the bad one."""
    out: dict[str, Any] = {}
    for name in ("good", "bad"):
        entries = yaml.safe_load((DATA / f"{name}_drafts.yaml").read_text(encoding="utf-8"))["drafts"]
        flagged = []
        for e in entries:
            prof = Profile(
                name="Jane Smith",
                business="Smith & Co Bookkeeping",
                signature="Jane",
                scheduling_link=e.get("link", ""),
            )
            req = FollowupRequest(
                name=e["name"],
                met_at=e["met_at"],
                detail=e["detail"],
                goal=e["goal"],
                channel=e["channel"],
                promised=e.get("promised", ""),
                slots=e.get("slots") or [],
                sent_on=date(2025, 3, 1) if e["goal"] == "nudge" else None,
            )
            flagged.append(bool(check_draft(req, prof, e.get("subject", ""), e["text"], today=TODAY)))
        key = "good_pass_rate" if name == "good" else "bad_reject_rate"
        rate = (flagged.count(False) if name == "good" else flagged.count(True)) / len(entries)
        out[key] = round(rate, 4)
        out[f"{name}_n"] = len(entries)
    return out


def _csv(n: int) -> tuple[str, list[dict[str, Any]]]:
    rows, meta = ["name,business,met_at,met_on,detail,channel,goal,promised"], []
    goals = [
        "thank",
        "invite-121",
        "thank",
        "send-resource",
        "invite-121",
        "introduce",
        "thank",
        "invite-121",
    ]
    for i in range(n):
        name, business, detail = PEOPLE[i % len(PEOPLE)]
        typed, shown, takes_the = EVENTS[i % len(EVENTS)]
        goal = goals[i % len(goals)]
        channel = CHANNELS[(i // 3) % len(CHANNELS)]
        promised = PROMISED.get(goal, "")
        cells = [
            name,
            business,
            typed,
            (TODAY - timedelta(days=1)).isoformat(),
            detail,
            channel,
            goal,
            promised,
        ]
        rows.append(",".join(f'"{c}"' for c in cells))
        meta.append(
            {
                "name": name,
                "business": business,
                "detail": detail,
                "event": shown,
                "takes_the": takes_the,
                "lower": [x for x in (name, business) if x and x == x.lower()],
            }
        )
    return "\n".join(rows) + "\n", meta


def _overlaps(slots: list[datetime]) -> int:
    spans = sorted(slots)
    return sum(1 for a, b in itertools.combinations(spans, 2) if abs((a - b).total_seconds()) < 3600)


def _mask(sentence: str, m: dict[str, Any]) -> str:
    out = sentence
    for part in [*m["name"].split(), *m["business"].split(), *m["event"].split(), *m["detail"].split()]:
        if len(part) > 2:
            out = out.replace(part, "_").replace(part.lower(), "_").replace(part.capitalize(), "_")
    return out


def batch50(n: int = 50) -> dict[str, Any]:
    """A batch of `n` contacts offline: slots, openings, grammar faults and time."""
    data, meta = _csv(n)
    out: dict[str, Any] = {"contacts": n}
    for label in ("cold", "warm"):
        with tempfile.TemporaryDirectory() as tmp:
            store = Store(Path(tmp))
            start = time.perf_counter()
            result = run_batch(data, PROFILE, store=store, today=TODAY)
            out[f"seconds_{label}"] = round(time.perf_counter() - start, 3)
    out["drafted"], out["row_errors"] = len(result.drafts), [e.to_dict() for e in result.errors]
    slots = [s for _, r, _ in result.drafts for s in r.slots]
    out["proposed_slots"], out["overlapping_slot_pairs"] = len(slots), _overlaps(slots)
    firsts, masked, all_openings = [], [], []
    fault_counts: collections.Counter[str] = collections.Counter()
    examples: dict[str, str] = {}
    for row, r, _ in result.drafts:
        m = meta[row - 2]
        for i, v in enumerate(r.variants):
            first = opening(v.body, r.request.channel)
            all_openings.append(first)
            if i == 0:
                firsts.append(first)
                masked.append(_mask(first, m))
            for f in faults(
                v.body, detail=m["detail"], event=m["event"], takes_the=m["takes_the"], lower_names=m["lower"]
            ):
                fault_counts[f] += 1
                examples.setdefault(f, v.body[:200])
    out["repeated_openings"] = len(firsts) - len(set(firsts))
    out["repeated_openings_all_variants"] = len(all_openings) - len(set(all_openings))
    out["repeated_opening_frames"] = len(masked) - len(set(masked))
    out["grammar_faults"] = sum(fault_counts.values())
    out["grammar_faults_by_kind"] = dict(fault_counts)
    if examples:
        out["fault_examples"] = examples
    return out


SWEEP_BASE = [
    "opening a new cafe in Headingley",
    "she has just opened a second branch in York",
    "he runs a bike shop in Otley",
    "his website is out of date",
    "her van was stolen last week",
    "they are hiring three apprentices next year",
    "I promised to send him my VAT checklist",
    "I said I'd introduce her to a good solicitor",
    "I'll forward the details of the export grant",
    "we both support Bradford City",
    "we're both learning to sail",
    "the keynote on cyber security was excellent",
    "the room was packed",
    "we were both late because of the trains",
    "looking for a commercial cleaner",
    "needs a sign writer for the new shop",
    "asked if I knew anyone in planning",
    "wants an intro to a recruitment agency",
    "his son is doing his A levels this summer",
    "she keeps bees at the weekend",
    "used to be a firefighter",
    "their cat is called Mango",
    "won a contract with the NHS",
    "was shortlisted for an award",
    "has just bought a second van",
    "launching a podcast in the new year",
    "plans to move into commercial work",
    "is thinking of franchising",
    "struggling with late payers",
    "can't get planning permission for the extension",
    "too busy to do marketing",
    "her supplier keeps letting her down",
    "great guy",
    "n/a",
    "met by the coffee",
    "tall with glasses",
    "is moving office in May",
    "just hired her first employee",
    "restores old pianos",
    "got engaged at Christmas",
    "their team doubled this year",
    "wants to meet more estate agents",
    "needs help with a tender",
    "I offered to check his contract",
    "we both grew up in Sheffield",
    "the venue was hard to find",
    "it was her first time at the chamber",
    "he's training for an Ironman",
    "had a baby in January",
    "is after a good mortgage broker",
]


def _cases(text: str) -> list[str]:
    title = " ".join(w[:1].upper() + w[1:] for w in text.split())
    return [text, title, text.upper(), text[:1].upper() + text[1:]]


def sweep200() -> dict[str, Any]:
    """200 details drafted as thank-you emails: used naturally, warned, pasted after a colon, or failed."""
    from app.core.drafting.detail import understand_many

    details = [c for base in SWEEP_BASE for c in _cases(base)][:200]
    understood = understand_many(details, contact_first="Sam")
    tally: collections.Counter[str] = collections.Counter()
    failures: list[dict[str, Any]] = []
    start = time.perf_counter()
    for detail, d in zip(details, understood, strict=True):
        req = FollowupRequest(
            name="Sam Patel",
            met_at="the chamber breakfast",
            detail=detail,
            goal="thank",
            channel="email",
            met_on=TODAY - timedelta(days=1),
        )
        result = draft_followup(req, PROFILE, today=TODAY, detail=d)
        bodies = [v.body for v in result.variants]
        pasted = any(faults(b, detail=detail).count("colon_paste") for b in bodies)
        bad = [f for b in bodies for f in faults(b, detail=detail) if f != "colon_paste"]
        missing = [n for v in result.variants for n in v.notes if "check not met" in n]
        if pasted:
            tally["pasted_after_colon"] += 1
        elif d.warnings and not d.usable:
            tally["warned"] += 1
        elif not bad and not missing:
            tally["used_naturally"] += 1
        else:
            tally["failed"] += 1
            failures.append({"detail": detail, "faults": bad, "notes": missing[:2], "draft": bodies[0][:160]})
    return {
        "details": len(details),
        **{k: tally[k] for k in ("used_naturally", "warned", "pasted_after_colon", "failed")},
        "seconds": round(time.perf_counter() - start, 3),
        "failures": failures[:8],
    }


def heldout() -> dict[str, Any]:
    """Detail classifier accuracy on the held-out set (read for evaluation only, never for training)."""
    from app.core.drafting.detail import understand_many

    items = yaml.safe_load((ROOT / "bench" / "heldout" / "draft_details.yaml").read_text(encoding="utf-8"))[
        "details"
    ]
    got = understand_many([i["detail"] for i in items])
    out: dict[str, Any] = {"n": len(items)}
    for head in ("about", "kind", "tense"):
        out[head] = round(
            sum(getattr(g, head) == i[head] for g, i in zip(got, items, strict=True)) / len(items), 4
        )
    out["all_three"] = round(
        sum(
            all(getattr(g, h) == i[h] for h in ("about", "kind", "tense"))
            for g, i in zip(got, items, strict=True)
        )
        / len(items),
        4,
    )
    return out


def _contacts(n: int) -> list[FollowupRequest]:
    out = []
    for i in range(n):
        name, business, detail = PEOPLE[i % len(PEOPLE)]
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
                promised=PROMISED.get(goal, ""),
                nudges=1 if goal == "nudge" else 0,
            )
        )
    return out


def latency(model: Any, requests: list[FollowupRequest]) -> dict[str, Any]:
    """Seconds per contact, and for a generative model what happened to its variants."""
    times: list[float] = []
    origins: collections.Counter[str] = collections.Counter()
    reasons: collections.Counter[str] = collections.Counter()
    for req in requests:
        start = time.perf_counter()
        result = draft_followup(req, PROFILE, model=model, today=TODAY)
        times.append(time.perf_counter() - start)
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
        "share": {o: round(origins[o] / total, 3) for o in ("model", "repaired", "template")},
        "fallback_reasons": dict(reasons.most_common(8)),
    }


def main() -> int:
    """Run the benchmark and print JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=10)
    parser.add_argument(
        "--heldout", action="store_true", help="also score the detail classifier on the held-out set"
    )
    parser.add_argument("--with-local", action="store_true", help="also time the bundled local model")
    parser.add_argument("--skip-local", action="store_true", help=argparse.SUPPRESS)  # the old default, kept
    args = parser.parse_args()
    report: dict[str, Any] = {"batch50": batch50(), "corpus": corpus(), "sweep200": sweep200()}
    if args.heldout:
        report["details_heldout"] = heldout()
    report["offline"] = latency(OfflineModel(), _contacts(args.contacts))
    if args.with_local:
        try:
            import llama_cpp  # noqa: F401

            from app.core.llm.local_engine import LocalChatModel

            model = LocalChatModel()
            with allow_model_requests():
                model.llm  # noqa: B018 - load once, outside the per-contact timing
                report["local"] = latency(model, _contacts(args.contacts))
        except Exception as exc:  # report why local could not run instead of failing the whole benchmark
            report["local"] = {"error": f"{type(exc).__name__}: {exc}"}
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
