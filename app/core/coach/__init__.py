"""The coach: nine deterministic yes/no checks, the end-of-session report and sparse live hints."""

from app.core.coach.advice import ADVICE
from app.core.coach.checks import CHECK_IDS, CheckResult, run_checks
from app.core.coach.citations import CoachCitation
from app.core.coach.hints import Hint, live_hint
from app.core.coach.report import Report, review

__all__ = [
    "ADVICE",
    "CHECK_IDS",
    "CheckResult",
    "CoachCitation",
    "Hint",
    "Report",
    "live_hint",
    "review",
    "run_checks",
]
