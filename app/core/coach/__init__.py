"""The coach: the checks of knowledge/coach/checks.yaml judged on what each sentence does, the report,
an optional model judge (verified against the user's words) and sparse live hints."""

from app.core.coach.advice import ADVICE
from app.core.coach.checks import CHECK_IDS, CheckResult, run_checks
from app.core.coach.citations import CoachCitation
from app.core.coach.hints import Hint, live_hint
from app.core.coach.registry import CHECKS, RUBRIC_VERSION, check_ids_for, checks_for
from app.core.coach.report import Report, review

__all__ = [
    "ADVICE",
    "CHECKS",
    "CHECK_IDS",
    "RUBRIC_VERSION",
    "CheckResult",
    "CoachCitation",
    "Hint",
    "Report",
    "check_ids_for",
    "checks_for",
    "live_hint",
    "review",
    "run_checks",
]
