"""`coach history`, `coach due` and `coach sent`: what you have done, what to send, and marking it sent.

The same lists as the app's History and Home pages, with the ids other commands take
(`coach rehearse --resume ID`, `coach sent ID`).
"""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any

from app.cli.output import print_json
from app.core.errors import InputError
from app.core.services import Services

KINDS = ("all", "rehearsals", "drafts")
CHANNELS = {
    "email": "email",
    "linkedin-note": "LinkedIn note",
    "linkedin-message": "LinkedIn message",
    "sms": "text",
}
GOALS = {
    "thank": "thank you",
    "invite-121": "1-2-1 invitation",
    "send-resource": "what you promised",
    "introduce": "introduction",
    "nudge": "nudge",
}


def register(sub: argparse._SubParsersAction) -> None:
    """Add the `history`, `due` and `sent` commands."""
    h = sub.add_parser("history", help="list your rehearsals and drafts, newest first, with their ids")
    h.add_argument(
        "--kind", choices=KINDS, default="all", help="only rehearsals or only drafts (default: both)"
    )
    h.add_argument("--limit", type=int, default=50, metavar="N", help="at most N of each (default 50)")
    h.add_argument("--json", action="store_true", help="print JSON")
    h.set_defaults(func=run_history)

    d = sub.add_parser("due", help="follow-ups to send: overdue and due in the next few days, with their ids")
    d.add_argument(
        "--days",
        type=int,
        default=None,
        metavar="N",
        help="include follow-ups due within N days (default 3, as on the Home page; 0 = today)",
    )
    d.add_argument("--today", metavar="YYYY-MM-DD", help=argparse.SUPPRESS)  # for tests and scripts
    d.add_argument("--json", action="store_true", help="print JSON")
    d.set_defaults(func=run_due)

    s = sub.add_parser("sent", help="mark a follow-up as sent (see `coach due` for ids); --undo puts it back")
    s.add_argument("draft_id", metavar="ID", help="the follow-up's id, e.g. d-3f2a9c1b7d")
    s.add_argument("--undo", action="store_true", help="it was not sent after all: put it back on the list")
    s.add_argument("--json", action="store_true", help="print JSON")
    s.set_defaults(func=run_sent)


def _when(timestamp: float | None) -> str:
    return dt.datetime.fromtimestamp(timestamp).strftime("%d %b %Y %H:%M") if timestamp else ""


def _session_row(s: dict[str, Any]) -> dict[str, Any]:
    status = (
        "demo" if s.get("mode") == "demo" else "in progress" if s.get("status") == "active" else "finished"
    )
    return {
        "id": s["id"],
        "updated": _when(s.get("updated_at")),
        "partner": s.get("persona", {}).get("name") or s.get("persona_id"),
        "scenario": s.get("scenario_id"),
        "situation": s.get("title", "").split(" - ", 1)[-1],
        "status": status,
        "your_messages": s.get("n_user", 0),
        "score": s.get("score"),
    }


def _draft_row(d: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": d["id"],
        "updated": _when(d.get("updated_at")),
        "kind": "refer-me kit" if d.get("kind") == "referkit" else "follow-up",
        "contact": d.get("contact", ""),
        "channel": d.get("channel", ""),
        "goal": d.get("goal", ""),
        "send_by": d.get("send_by") or "",
        "status": d.get("status", ""),
        "nudges": d.get("nudges", 0),
    }


def run_history(svc: Services, args: argparse.Namespace) -> int:
    """Print rehearsals and drafts, newest first."""
    if args.limit < 1:
        raise InputError("--limit must be 1 or more.")
    sessions = (
        [_session_row(s) for s in svc.store.list_sessions(limit=args.limit)] if args.kind != "drafts" else []
    )
    drafts = (
        [_draft_row(d) for d in svc.store.list_drafts(limit=args.limit)] if args.kind != "rehearsals" else []
    )
    if args.json:
        print_json(
            {"rehearsals": sessions, "drafts": drafts}
            if args.kind == "all"
            else sessions
            if args.kind == "rehearsals"
            else drafts
        )
        return 0
    if args.kind != "drafts":
        print(
            "Rehearsals" + ("" if sessions else ": none yet (start one with `coach rehearse --persona ID`).")
        )
        for r in sessions:
            score = f"score {r['score']:g}/100" if isinstance(r["score"], int | float) else "not reviewed"
            mine = r["your_messages"]
            print(
                f"  {r['id']}  {r['updated']}  {r['partner']} - {r['situation']} ({r['status']}, "
                f"{mine} message{'s' if mine != 1 else ''} from you, {score})"
            )
    if args.kind == "all":
        print()
    if args.kind != "rehearsals":
        print(
            "Drafts"
            + ("" if drafts else ": none yet (write one with `coach followup` or `coach refer-kit`).")
        )
        for r in drafts:
            if r["kind"] == "refer-me kit":
                print(f"  {r['id']}  {r['updated']}  refer-me kit for {r['contact'] or 'you'}")
                continue
            what = f"{GOALS.get(r['goal'], r['goal'])} by {CHANNELS.get(r['channel'], r['channel'])}"
            send = f", send by {r['send_by']}" if r["send_by"] and r["status"] == "draft" else ""
            nudges = f", {r['nudges']} nudge{'s' if r['nudges'] != 1 else ''}" if r["nudges"] else ""
            print(
                f"  {r['id']}  {r['updated']}  follow-up to {r['contact']}: {what} ({r['status']}{send}{nudges})"
            )
    return 0


def run_due(svc: Services, args: argparse.Namespace) -> int:
    """Print the follow-ups still to send whose send-by date has passed or is close."""
    from app.core.due import DUE_WINDOW_DAYS, due_followups, due_label

    days = DUE_WINDOW_DAYS if args.days is None else args.days
    if days < 0:
        raise InputError("--days must be 0 or more.")
    try:
        today = dt.date.fromisoformat(args.today) if args.today else dt.date.today()
    except ValueError:
        raise InputError(f"--today must be a date like 2025-03-14, got {args.today!r}.") from None
    due = due_followups(svc.store, today, days)
    rows = [
        {
            "id": item.id,
            "contact": item.draft.get("contact", ""),
            "channel": item.draft.get("channel", ""),
            "goal": item.draft.get("goal", ""),
            "send_by": item.send_by.isoformat(),
            "days_left": item.days_left(today),
            "due": due_label(item.send_by, today),
            "overdue": item.days_left(today) < 0,
        }
        for item in due
    ]
    if args.json:
        print_json(rows)
        return 0
    if not rows:
        print(
            f"Nothing due in the next {days} day{'s' if days != 1 else ''}." if days else "Nothing due today."
        )
        return 0
    for r in rows:
        what = f"{GOALS.get(r['goal'], r['goal'])} by {CHANNELS.get(r['channel'], r['channel'])}"
        print(f"{r['id']}  {r['due']:<16}  {r['contact']}: {what} (send by {r['send_by']})")
    print("\nMark one sent with: coach sent ID")
    return 0


def run_sent(svc: Services, args: argparse.Namespace) -> int:
    """Mark a follow-up sent, or (with --undo) put it back on the list to send."""
    from app.core.drafting.history import mark_sent

    draft = svc.store.get_draft(args.draft_id)  # NotFoundError names the id (exit 2)
    if draft["kind"] != "followup":
        raise InputError(f"{args.draft_id} is a refer-me kit, not a follow-up; only follow-ups are sent.")
    contact = draft.get("contact") or "your contact"
    if args.undo:
        changed = draft["status"] == "sent"
        if changed:
            svc.store.update_draft(args.draft_id, status="draft")
        message = (
            f"The follow-up to {contact} is back on your list to send."
            if changed
            else f"The follow-up to {contact} was not marked sent; nothing changed."
        )
    else:
        changed = draft["status"] == "draft"
        if changed:
            mark_sent(svc.store, args.draft_id)
        message = (
            f"Marked the follow-up to {contact} as sent (undo with: coach sent {args.draft_id} --undo)."
            if changed
            else f"The follow-up to {contact} was already marked {draft['status']}; nothing changed."
        )
    if args.json:
        print_json(
            {
                "id": args.draft_id,
                "contact": contact,
                "changed": changed,
                "status": svc.store.get_draft(args.draft_id)["status"],
            }
        )
    else:
        print(message)
    return 0
