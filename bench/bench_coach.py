"""The coach on whole held-out transcripts, on labelled lines and on labelled sessions, plus review latency.

`heldout_transcripts`: agreement of every check with hand labels on bench/heldout/transcripts.yaml, whole
1-2-1s written to defeat keyword matching before the coach was rebuilt and never tuned on; beside it a
plain keyword baseline (one word pattern per check, below). The wave-1 coach (rules plus embedding
similarity, commit 879c495) agreed 0.741 with these labels on their first run.

Line sets: `dev` (tests/coach/coach_labelled.py, which the rules were tuned on), `second` (below; held
out at first - 0.83 macro accuracy - then used to fix the misses it exposed), `fresh` (below, written
before the session review and never used for tuning) and `held_out` (below, written after the session
review's fixes: 0.879 macro accuracy on its first run, then used to fix the four misses it exposed).
Session sets (tests/coach/coach_sessions.py): `sessions` (cases from reviewing whole rehearsals, used to
fix them) and `sessions_held_out` (written after the fixes, 1.0 on its first run, never tuned on); for each
they report how often the check's result, and the result together with its quoted evidence, are as expected.
Run:  python bench/bench_coach.py
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "coach"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import heldout_eval  # noqa: E402

from app.core.coach import CHECK_IDS, review, run_checks  # noqa: E402
from app.core.transcript import Turn  # noqa: E402

# (check, user line, expected). For avoided_selling, True means "this line is a pitch" (the check fails).
SECOND: list[tuple[str, str, bool]] = [
    ("asked_about_their_business", "How's business been this year?", True),
    ("asked_about_their_business", "What's the main thing people come to you for?", True),
    ("asked_about_their_business", "How big is your team these days?", True),
    ("asked_about_their_business", "Where do most of your customers come from?", True),
    ("asked_about_their_business", "Is it mainly residential or commercial work you do?", True),
    ("asked_about_their_business", "I sell commercial insurance.", False),
    ("asked_about_their_business", "Did you find the place okay?", False),
    ("asked_about_their_business", "Is this seat taken?", False),
    ("asked_about_ideal_referral", "Who's the dream client for you?", True),
    ("asked_about_ideal_referral", "What would a really good introduction look like for you?", True),
    ("asked_about_ideal_referral", "Who would you like to be connected with in the next few months?", True),
    ("asked_about_ideal_referral", "If I'm talking to someone, how do I know they'd be right for you?", True),
    ("asked_about_ideal_referral", "Can I tell you who my ideal client is?", False),
    ("asked_about_ideal_referral", "Who introduced you to the chapter?", False),
    ("asked_about_ideal_referral", "Do you have anyone who needs a bookkeeper?", False),
    (
        "explained_own_ideal_client",
        "I'm after independent gyms with one or two sites that are losing members to the budget chains.",
        True,
    ),
    (
        "explained_own_ideal_client",
        "My best clients are solicitors' firms who are moving to a paperless office this year.",
        True,
    ),
    (
        "explained_own_ideal_client",
        "We help parents of teenagers who are choosing a university and feel lost.",
        True,
    ),
    ("explained_own_ideal_client", "Basically anybody who owns a business.", False),
    ("explained_own_ideal_client", "My ideal client is a company.", False),
    ("explained_own_ideal_client", "We work with all kinds of businesses, big and small.", False),
    (
        "gave_trigger_phrases",
        "If someone says 'I can never find a plumber who turns up', send them to me.",
        True,
    ),
    (
        "gave_trigger_phrases",
        "Listen for anyone moaning about their energy bills - that's where I come in.",
        True,
    ),
    (
        "gave_trigger_phrases",
        "Whenever a friend mentions they're selling their house, please mention my name.",
        True,
    ),
    ("gave_trigger_phrases", "I hear that a lot from clients.", False),
    ("gave_trigger_phrases", "When I started, nobody knew me.", False),
    ("gave_trigger_phrases", "Tell me what I should listen out for.", False),
    ("learned_personal_side", "Got any holidays planned this year?", True),
    ("learned_personal_side", "What keeps you busy at the weekend?", True),
    ("learned_personal_side", "Are you part of any other business groups?", True),
    ("learned_personal_side", "What's your biggest ambition for the business?", True),
    ("learned_personal_side", "Who does your accounts?", False),
    ("learned_personal_side", "I've got three kids myself.", False),
    ("learned_personal_side", "How much do you charge per hour?", False),
    ("offered_to_help_first", "Would it be useful if I connected you with our office manager?", True),
    (
        "offered_to_help_first",
        "I'll mention you to the other parents at the school - lots of them run businesses.",
        True,
    ),
    ("offered_to_help_first", "There's a great free course on LinkedIn I can send you the link to.", True),
    ("offered_to_help_first", "Could you put me in touch with your landlord?", False),
    ("offered_to_help_first", "I'd love more introductions to architects.", False),
    ("offered_to_help_first", "I can offer you a free website audit worth £300.", False),
    ("avoided_selling", "If you sign up today I'll throw in the first month free.", True),
    (
        "avoided_selling",
        "Honestly you're paying far too much - I could get your energy bills down by a third.",
        True,
    ),
    ("avoided_selling", "Can I book you in for a demo next week?", True),
    ("avoided_selling", "I really don't want this to feel like a sales call.", False),
    ("avoided_selling", "What do your customers usually pay for that?", False),
    ("avoided_selling", "I'd happily give your clients a discount if you send them over.", False),
]

FRESH: list[tuple[str, str, bool]] = [
    ("asked_about_their_business", "So what's your story - how did the company start?", True),
    ("asked_about_their_business", "What sort of projects are you working on at the moment?", True),
    ("asked_about_their_business", "Who are the people that buy from you, typically?", True),
    ("asked_about_their_business", "What's the hardest part of running the practice?", True),
    ("asked_about_their_business", "Coffee or tea?", False),
    ("asked_about_their_business", "Shall I tell you a bit about what I do?", False),
    ("asked_about_their_business", "I've run my company for eight years.", False),
    ("asked_about_ideal_referral", "What's the perfect referral for you right now?", True),
    ("asked_about_ideal_referral", "Who are you hoping to get introduced to?", True),
    ("asked_about_ideal_referral", "How would you want me to describe you to a friend?", True),
    ("asked_about_ideal_referral", "Who isn't a good fit for your business?", True),
    ("asked_about_ideal_referral", "Would you like to hear who my perfect client is?", False),
    ("asked_about_ideal_referral", "Can you think of anyone who needs a photographer?", False),
    ("asked_about_ideal_referral", "How many referrals have you given this year?", False),
    (
        "explained_own_ideal_client",
        "The clients I love are farmers who are diversifying into holiday lets for the first time.",
        True,
    ),
    (
        "explained_own_ideal_client",
        "My ideal referral is an HR director at a manufacturer with 100-500 staff that is struggling with absence.",
        True,
    ),
    (
        "explained_own_ideal_client",
        "A good fit for us is a charity that has just lost a big grant and needs new donors.",
        True,
    ),
    ("explained_own_ideal_client", "I help people.", False),
    ("explained_own_ideal_client", "My ideal client is anyone who wants to look good.", False),
    ("explained_own_ideal_client", "My clients are lovely.", False),
    (
        "gave_trigger_phrases",
        "Keep an ear out for people saying they've just been let down by their builder - that's a referral for me.",
        True,
    ),
    (
        "gave_trigger_phrases",
        "If a client ever tells you they're worried about their elderly parents, please give them my number.",
        True,
    ),
    (
        "gave_trigger_phrases",
        "The trigger for me is when someone says their team are working every weekend.",
        True,
    ),
    ("gave_trigger_phrases", "I always listen to my clients.", False),
    ("gave_trigger_phrases", "If you hear anything about the new bypass, tell me - I'm curious.", False),
    ("gave_trigger_phrases", "When people ask what I do, I say I'm a coach.", False),
    ("learned_personal_side", "Do you get much time with the family?", True),
    ("learned_personal_side", "What are you hoping to achieve by the end of the year?", True),
    ("learned_personal_side", "Which other networking events do you go to?", True),
    ("learned_personal_side", "Any big plans for the summer?", True),
    ("learned_personal_side", "What software do you use for invoicing?", False),
    ("learned_personal_side", "My wife runs a bakery.", False),
    ("learned_personal_side", "When did you open the shop?", False),
    ("offered_to_help_first", "I know the events manager at the golf club - shall I introduce you?", True),
    (
        "offered_to_help_first",
        "Let me send you the template I use for proposals, it might save you some time.",
        True,
    ),
    ("offered_to_help_first", "I'm happy to recommend you to anyone who asks me about printing.", True),
    ("offered_to_help_first", "Could you send me your brochure?", False),
    ("offered_to_help_first", "I'm hoping you can introduce me to some landlords.", False),
    ("offered_to_help_first", "Let me send you our price list.", False),
    ("avoided_selling", "Let me send you our price list.", True),
    ("avoided_selling", "You'd save loads if you moved your phones over to us.", True),
    ("avoided_selling", "How about I do a free trial for your team next month?", True),
    ("avoided_selling", "I'm not trying to sell you anything, promise.", False),
    ("avoided_selling", "How do you price a typical job?", False),
    ("avoided_selling", "Let me send you the intro email tonight.", False),
]

# Written after the fixes that came from reviewing whole sessions (personal side away from work, next steps
# that are not proposals, evidence choice, questions and reflections mistaken for statements). Its first
# run scored 0.879; the four misses it exposed (work at weekends, "who buys from you", a trigger asked as a
# question, "I'll keep an ear out for ...") were then fixed with general rules.
HELD_OUT: list[tuple[str, str, bool]] = [
    ("learned_personal_side", "What do you get up to away from the salon?", True),
    ("learned_personal_side", "How do you unwind when you're not on site?", True),
    ("learned_personal_side", "Besides the business, what takes up your time?", True),
    ("learned_personal_side", "Do you belong to any running clubs?", True),
    ("learned_personal_side", "What do you do after hours?", True),
    ("learned_personal_side", "What did you do before you started the company?", False),
    ("learned_personal_side", "What do you do at the practice?", False),
    ("learned_personal_side", "Do you deliver outside the town?", False),
    ("learned_personal_side", "My weekends are all about football.", False),
    ("learned_personal_side", "Do you do weddings at weekends?", False),
    ("asked_about_their_business", "What do you actually do day to day?", True),
    ("asked_about_their_business", "Who buys from you mostly?", True),
    ("asked_about_their_business", "What do you do outside the office?", False),
    ("asked_about_their_business", "Do you have any hobbies outside the shop?", False),
    ("asked_about_ideal_referral", "Who would be a dream introduction for you this year?", True),
    ("asked_about_ideal_referral", "Is there someone specific you'd like to get in front of?", True),
    ("asked_about_ideal_referral", "Who are your customers?", False),
    ("asked_about_ideal_referral", "Who's your usual client?", False),
    (
        "explained_own_ideal_client",
        "My ideal client? A family-run hotel with 20-40 rooms that's about to refurbish.",
        True,
    ),
    (
        "explained_own_ideal_client",
        "I'm after accountancy firms with 10-30 staff who are moving to the cloud - does that make sense?",
        True,
    ),
    (
        "explained_own_ideal_client",
        "Your ideal client sounds like a new homeowner who has just moved in.",
        False,
    ),
    ("explained_own_ideal_client", "I'm looking for a new van that can take a ladder rack.", False),
    ("explained_own_ideal_client", "I work with my dad most days.", False),
    (
        "gave_trigger_phrases",
        "If someone mentions their boiler is on its last legs, would you give them my number?",
        True,
    ),
    (
        "gave_trigger_phrases",
        "Ever hear people moaning that their website never brings in any work? That's exactly who I help.",
        True,
    ),
    ("gave_trigger_phrases", "So your cue is when someone says they're moving offices - noted.", False),
    (
        "gave_trigger_phrases",
        "I'll keep an ear out for anyone saying they've outgrown their premises.",
        False,
    ),
    ("offered_to_help_first", "My neighbour runs a print shop - do you want her number?", True),
    (
        "offered_to_help_first",
        "Would you like me to put you in touch with the practice manager at my dentist?",
        True,
    ),
    ("offered_to_help_first", "How would you like me to describe you to people?", False),
    ("offered_to_help_first", "Can you put me in touch with your printer?", False),
    ("avoided_selling", "Our starter plan is £30 a month. Fancy it?", True),
    ("avoided_selling", "We do a monthly retainer from £400. Interested?", True),
    ("avoided_selling", "No thanks, I don't need a quote for that.", False),
    ("avoided_selling", "I could give you a price, but that's not what today is for.", False),
]


def _one_line(text: str) -> list[Turn]:
    return [Turn("partner", "Good to see you."), Turn("user", text), Turn("partner", "I see.")]


def _score(rows: list[tuple[str, str, bool]]) -> dict[str, dict[str, float]]:
    """Per-check precision, recall and accuracy; the positive class is 'the behaviour is present'."""
    by_check: dict[str, list[tuple[bool, bool]]] = {}
    for check, text, expected in rows:
        result = {c.id: c for c in run_checks(_one_line(text))}[check]
        got = (not result.passed) if check == "avoided_selling" else result.passed
        by_check.setdefault(check, []).append((expected, got))
    out = {}
    for check, pairs in by_check.items():
        tp = sum(e and g for e, g in pairs)
        fp = sum(g and not e for e, g in pairs)
        fn = sum(e and not g for e, g in pairs)
        out[check] = {
            "n": len(pairs),
            "precision": round(tp / (tp + fp), 3) if tp + fp else 1.0,
            "recall": round(tp / (tp + fn), 3) if tp + fn else 1.0,
            "accuracy": round(sum(e == g for e, g in pairs) / len(pairs), 3),
        }
    return out


def _score_sessions(cases: list[Any]) -> dict[str, float]:
    """Share of (case, check) pairs whose result is right, and whose result and evidence are both right."""
    right = exact = total = 0
    for case in cases:
        results = {c.id: c for c in run_checks(case.turns)}
        for check, (passed, evidence) in case.expect.items():
            total += 1
            right += results[check].passed is passed
            exact += results[check].passed is passed and results[check].evidence == evidence
    return {
        "cases": len(cases),
        "checks": total,
        "result_accuracy": round(right / total, 3) if total else 1.0,
        "evidence_accuracy": round(exact / total, 3) if total else 1.0,
    }


# The keyword baseline: what a coach that only looks for words would decide.
_KEYWORDS = {
    "asked_about_their_business": r"\b(?:your business|what do you do|your clients|your company)\b",
    "asked_about_ideal_referral": r"\b(?:referral|introduce you|ideal client|who would you like to meet)\b",
    "explained_own_ideal_client": r"\bmy (?:ideal|best|typical) (?:client|customer)s?\b",
    "gave_trigger_phrases": r"\b(?:listen (?:out )?for|if you hear|trigger)\b",
    "learned_personal_side": r"\b(?:hobbies|outside work|goals?|family|weekend|interests?)\b",
    "offered_to_help_first": r"\b(?:introduce you|put you in touch|anything i can do|help you)\b",
    "agreed_next_step": r"\b(?:next (?:week|monday|tuesday|wednesday|thursday|friday)|let's meet|i'll send)\b",
    "avoided_selling": r"\b(?:discount|price|quote|buy|demo|£|\$)",
}


def keyword_verdicts(turns: list[Turn]) -> dict[str, bool]:
    """The keyword baseline on one transcript."""
    import re

    user = " ".join(t.text.lower() for t in turns if t.speaker == "user")
    out = {k: bool(re.search(rx, user)) for k, rx in _KEYWORDS.items()}
    out["avoided_selling"] = not out["avoided_selling"]
    questions = sum(t.text.count("?") for t in turns if t.speaker == "user")
    words = sum(len(t.text.split()) for t in turns if t.speaker == "user")
    total = sum(len(t.text.split()) for t in turns) or 1
    out["balanced_talk"] = questions >= 3 and words / total <= 0.75
    return out


def heldout_transcripts() -> dict[str, Any]:
    """Agreement with the hand labels, the coach beside the keyword baseline, plus the misses."""
    items = heldout_eval.transcripts()
    coach, baseline, misses = [], [], []
    for t in items:
        turns = [Turn(x["speaker"], x["text"]) for x in t["turns"]]
        results = run_checks(turns, scenario=t.get("scenario"))
        verdicts = {c.id: c.passed for c in results}
        coach.append(verdicts)
        baseline.append(keyword_verdicts(turns))
        for check, want in t["labels"].items():
            if check in verdicts and verdicts[check] != bool(want):
                got = next(c for c in results if c.id == check)
                misses.append(
                    {"transcript": t["id"], "check": check, "label": bool(want), "evidence": got.evidence}
                )
    out = {
        "transcripts": len(items),
        "coach": heldout_eval.agreement(coach, items),
        "keyword_baseline": heldout_eval.agreement(baseline, items),
        "wave1_coach_first_run": 0.7407,
        "target": 0.90,
    }
    out["misses"] = misses
    return out


def _latency() -> dict[str, float]:
    """Review time for a 30-turn session: cold (nothing cached) and warm (as live hints and End session see it)."""
    from coach_transcripts import GOOD, POOR

    from app.core.language.model import default_model

    turns = ((GOOD + POOR) * 3)[:30]
    review(turns)  # load the embedding model and the act model once
    cold, warm = [], []
    for _ in range(5):
        default_model()._cache.clear()
        start = time.perf_counter()
        review(turns)
        cold.append(time.perf_counter() - start)
        start = time.perf_counter()
        review(turns)
        warm.append(time.perf_counter() - start)
    return {
        "turns": len(turns),
        "review_ms_cold_median": round(statistics.median(cold) * 1000, 1),
        "review_ms_warm_median": round(statistics.median(warm) * 1000, 1),
        "target_warm_ms": 300,
    }


def main() -> None:
    """Print the benchmark as JSON."""
    from coach_labelled import LINES
    from coach_sessions import HELD_OUT as SESSIONS_HELD_OUT
    from coach_sessions import REVIEWED

    dev = [(check, text, expected) for check, rows in LINES.items() for text, expected in rows]
    result = {
        "checks": list(CHECK_IDS),
        "heldout_transcripts": heldout_transcripts(),
        "dev": _score(dev),
        "second": _score(SECOND),
        "fresh": _score(FRESH),
        "held_out": _score(HELD_OUT),
        "sessions": _score_sessions(REVIEWED),
        "sessions_held_out": _score_sessions(SESSIONS_HELD_OUT),
        "latency": _latency(),
    }
    for name in ("dev", "second", "fresh", "held_out"):
        scores = result[name].values()
        result[f"{name}_macro_accuracy"] = round(statistics.mean(s["accuracy"] for s in scores), 3)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
