"""`coach profile show|init|set`, `coach followup ...` (one contact or a CSV) and `coach refer-kit`."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import Any

from app.cli.output import engine_line, print_json
from app.core.drafting import (
    CHANNELS,
    EXAMPLE_YAML,
    GOALS,
    LENGTHS,
    PROFILE_KEYS,
    STAGES,
    TONES,
    FollowupRequest,
    FollowupResult,
    build_referkit,
    draft_followup,
    followup_markdown,
    invitation_ics,
    kit_markdown,
    load_profile_file,
    require_profile,
    run_batch,
    save_followup,
    save_profile,
    save_referkit,
    saved_profile,
    set_field,
)
from app.core.drafting.batch import read_csv_file
from app.core.drafting.history import first_sent, safe_filename
from app.core.drafting.models import parse_date
from app.core.errors import InputError, KnowledgeError
from app.core.services import Services


def register(sub: argparse._SubParsersAction) -> None:
    """Add the `profile`, `followup` and `refer-kit` commands."""
    p = sub.add_parser("profile", help="show, create or change your profile (used by every draft)")
    p.add_argument(
        "action",
        choices=["show", "init", "set", "calendar"],
        help="show | init [--from FILE] | set KEY VALUE | calendar FILE.ics (import busy times)",
    )
    p.add_argument(
        "key", nargs="?", help="for set: the profile key, e.g. ideal_client; for calendar: the .ics file"
    )
    p.add_argument("value", nargs="?", help="for set: the new value (lists: 'a; b; c')")
    p.add_argument("--from", dest="from_file", metavar="FILE", help="for init: save this YAML/JSON profile")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=run_profile)

    f = sub.add_parser(
        "followup", help="draft a follow-up or 1-2-1 invitation (one contact, or a CSV of many)"
    )
    f.add_argument("--name", help="the contact's name")
    f.add_argument("--business", default="", help="their business")
    f.add_argument("--met-at", default="", help="where you met, e.g. 'the Chamber breakfast'")
    f.add_argument("--met-on", default="", help="when you met, YYYY-MM-DD (default: today)")
    f.add_argument("--detail", default="", help="one thing you remember from the conversation")
    f.add_argument(
        "--promised", default="", help="anything you promised: a resource, or who you will introduce"
    )
    f.add_argument("--channel", default="email", choices=CHANNELS)
    f.add_argument("--goal", default="thank", choices=GOALS)
    f.add_argument("--tone", default="warm", choices=TONES)
    f.add_argument("--length", default="short", choices=LENGTHS)
    f.add_argument("--stage", default="new", choices=STAGES, help="relationship stage")
    f.add_argument("--nudges", type=int, default=0, help="for --goal nudge: nudges already sent")
    f.add_argument(
        "--sent-on",
        default="",
        help="for --goal nudge: when your first message went, YYYY-MM-DD "
        "(default: the date you marked it sent)",
    )
    f.add_argument(
        "--slot",
        action="append",
        default=[],
        metavar="'YYYY-MM-DD HH:MM'",
        help="a time to offer in an invitation (give two); default: free times from your profile",
    )
    f.add_argument("--variants", type=int, default=2, choices=[2, 3], help="how many variants")
    f.add_argument(
        "--csv", metavar="FILE", help="draft for every row: name,business,met_at,detail,channel,goal,promised"
    )
    f.add_argument(
        "--out", metavar="DIR", help="write a Markdown file per contact (and .ics per invitation) here"
    )
    f.add_argument("--profile", metavar="FILE", help="use this YAML/JSON profile instead of the saved one")
    f.add_argument("--today", help=argparse.SUPPRESS)  # fixes the date, for reproducible output
    f.add_argument("--json", action="store_true", help="print JSON")
    f.set_defaults(func=run_followup)

    k = sub.add_parser(
        "refer-kit", help="build your refer-me kit (presentation, briefing, intro emails, GAINS)"
    )
    k.add_argument("--profile", metavar="FILE", help="use this YAML/JSON profile instead of the saved one")
    k.add_argument("--out", metavar="DIR", help="also write the kit as Markdown into this folder")
    k.add_argument(
        "--prospect",
        default="",
        help="who the direct introduction email introduces, e.g. 'Alex Brown, who needs help with VAT'",
    )
    k.add_argument("--json", action="store_true", help="print JSON")
    k.set_defaults(func=run_referkit)


# -- profile ---------------------------------------------------------------------------------------
def run_profile(svc: Services, args: argparse.Namespace) -> int:
    """show: print the profile; init: save a file's profile or print an example; set: change one key."""
    store = svc.store
    if args.action == "show":
        profile = saved_profile(store)
        if profile is None:
            raise InputError("You have no profile yet: run  coach profile init  to get started.")
        if args.json:
            print_json(profile.to_dict())
        else:
            for key, value in profile.to_dict().items():
                if value:
                    shown = "; ".join(value) if isinstance(value, list) else str(value).replace("\n", " / ")
                    print(f"{key:>20}: {shown}")
        return 0
    if args.action == "calendar":
        return _import_calendar(store, args)
    if args.action == "set":
        if not args.key or args.value is None:
            raise InputError(f"Usage: coach profile set KEY VALUE (keys: {', '.join(PROFILE_KEYS)}).")
        profile = set_field(store, args.key, args.value)
        print_json(profile.to_dict()) if args.json else print(f"Saved {args.key}.")
        return 0
    if args.from_file:
        profile = load_profile_file(args.from_file)
        save_profile(store, profile)
        print_json(profile.to_dict()) if args.json else print(f"Saved the profile for {profile.name}.")
        return 0
    if sys.stdin.isatty() and sys.stdout.isatty():
        return _interactive_init(svc)
    sys.stdout.write(EXAMPLE_YAML)
    sys.stderr.write(
        "Save this as profile.yaml, edit it, then run:  coach profile init --from profile.yaml\n"
    )
    return 0


def _import_calendar(store: Any, args: argparse.Namespace) -> int:
    """Save the busy times of an .ics file in the profile (invitations then avoid them)."""
    from app.core.drafting import validate_profile
    from app.core.drafting.availability import busy_to_text, parse_calendar

    if not args.key:
        raise InputError("Usage: coach profile calendar FILE.ics (your calendar or a free/busy export).")
    profile = saved_profile(store)
    if profile is None:
        raise InputError("You have no profile yet: run  coach profile init  first.")
    path = Path(args.key)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"Could not read {path}: {exc}") from None
    spans = parse_calendar(data, today=date.today())
    profile = validate_profile(profile.to_dict() | {"busy": busy_to_text(spans)})
    save_profile(store, profile)
    if args.json:
        print_json({"busy": profile.busy})
    else:
        print(f"Imported {len(spans)} busy times from {path.name}: invitations will not offer them.")
    return 0


def _interactive_init(svc: Services) -> int:
    """Ask for the main fields one by one (Enter keeps the current value)."""
    current = saved_profile(svc.store)
    data: dict[str, Any] = current.to_dict() if current else {}
    print("Your profile (Enter keeps the value in brackets; lists: separate with ';').")
    for key in (
        "name",
        "business",
        "what_i_do",
        "ideal_client",
        "point_of_difference",
        "story",
        "trigger_phrases",
        "want_to_meet",
        "not_a_fit",
        "scheduling_link",
        "email",
        "phone",
    ):
        shown = data.get(key) or ""
        shown = "; ".join(shown) if isinstance(shown, list) else shown
        answer = input(f"{key}{f' [{shown}]' if shown else ''}: ").strip()
        if answer:
            data[key] = answer
    from app.core.drafting import validate_profile

    save_profile(svc.store, validate_profile(data))
    print("Saved. See it with  coach profile show.")
    return 0


# -- follow-ups ------------------------------------------------------------------------------------
def _knowledge(svc: Services) -> Any:
    """The library for citations; drafting still works (uncited) when the library cannot be opened."""
    try:
        kb = svc.knowledge
        kb.ensure_library()
        if getattr(kb, "embedding_notice", None):
            sys.stderr.write(f"coach: {kb.embedding_notice}\n")
        return kb
    except KnowledgeError as err:
        sys.stderr.write(
            f"coach: warning: the library is unavailable, drafts will have no citations ({err})\n"
        )
        return None


def _today(args: argparse.Namespace) -> date:
    return parse_date(args.today, "--today date") if args.today else date.today()


def _draft_json(result: FollowupResult, draft_id: str, ics_file: str | None = None) -> dict[str, Any]:
    d = result.to_dict()
    out = {
        "contact": d["contact"],
        "channel": d["channel"],
        "goal": d["goal"],
        "send_by": d["send_by"],
        "variants": [
            {
                "subject": v["subject"],
                "body": v["body"],
                "origin": v["origin"],
                "style": v["style"],
                "fit": v["fit"],
                "long_body": v["long_body"],
                "citations": v["citations"],
            }
            for v in d["variants"]
        ],
        "id": draft_id,
        "advice": d["timing"]["advice"],
        "notes": d["notes"],
        "slots": d["slots"],
        "detail": d["detail"],
    }
    if ics_file:
        out["ics"] = ics_file
    return out


def _write_files(out: Path, result: FollowupResult, used: set[str]) -> str | None:
    """Write <contact>.md (and <contact>.ics for an invitation); returns the .ics path if written."""
    stem = safe_filename(result.request.name, "")
    name, n = stem, 2
    while name in used:  # two contacts with the same name keep separate files
        name, n = f"{stem}-{n}", n + 1
    used.add(name)
    (out / f"{name}.md").write_text(followup_markdown(result.to_dict()), encoding="utf-8")
    ics = invitation_ics(result)
    if ics is None:
        return None
    (out / f"{name}.ics").write_bytes(ics)
    return str(out / f"{name}.ics")


def _out_dir(path: str | None) -> Path | None:
    if not path:
        return None
    out = Path(path)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"Cannot write to {out}: {exc}") from None
    return out


def run_followup(svc: Services, args: argparse.Namespace) -> int:
    """Draft for one contact (flags) or every row of a CSV; exit 1 if any CSV row failed."""
    if args.csv and args.name:
        raise InputError("Use either --csv FILE or --name (one contact), not both.")
    if not args.csv and not args.name:
        raise InputError("Say who to follow up: --name N --met-at E --detail D, or --csv FILE --out DIR.")
    profile = require_profile(
        svc.store, args.profile
    )  # before any work, so a missing profile is one clear message
    today = _today(args)
    if args.csv:
        return _run_csv(svc, args, profile, today)
    req = FollowupRequest(
        name=args.name,
        met_at=args.met_at,
        detail=args.detail,
        goal=args.goal,
        channel=args.channel,
        business=args.business,
        met_on=args.met_on or None,
        promised=args.promised,
        stage=args.stage,
        tone=args.tone,
        length=args.length,
        nudges=args.nudges,
        slots=list(args.slot),
        sent_on=args.sent_on or None,
    ).normalised()
    if req.goal == "nudge" and req.sent_on is None:
        req.sent_on = first_sent(svc.store, req.name, req.business)
    out = _out_dir(args.out)
    model = svc.model
    result = draft_followup(
        req, profile, model=model, knowledge=_knowledge(svc), today=today, n_variants=args.variants
    )
    engine_line(model.info.label)
    draft_id = save_followup(svc.store, result) if result.variants else ""
    ics_file = _write_files(out, result, set()) if out and result.variants else None
    if args.json:
        print_json({"drafts": [_draft_json(result, draft_id, ics_file)], "errors": []})
        return 0
    _print_result(result)
    if ics_file:
        print(f"Calendar holds for the proposed times: {ics_file}")
    elif result.slots:
        print("Add --out DIR to save the proposed times as an .ics calendar file.")
    return 0


def _run_csv(svc: Services, args: argparse.Namespace, profile: Any, today: date) -> int:
    out = _out_dir(args.out)
    if out is None:
        raise InputError("--csv needs --out DIR: one Markdown file per contact is written there.")
    data = read_csv_file(args.csv)
    used: set[str] = set()
    written: dict[int, str | None] = {}

    def on_draft(row: int, result: FollowupResult, draft_id: str, verb: str = "drafted") -> None:
        written[row] = _write_files(out, result, used) if result.variants else None
        if not args.json:
            sys.stderr.write(f"row {row}: {result.request.name} {verb}\n")

    def on_reused(row: int, result: FollowupResult, draft_id: str) -> None:
        # Files are written again so the folder is complete even if the crash came before they were.
        on_draft(row, result, draft_id, "already drafted (reused)")

    model = svc.model
    batch = run_batch(
        data,
        profile,
        store=svc.store,
        model=model,
        knowledge=_knowledge(svc),
        today=today,
        on_draft=on_draft,
        on_reused=on_reused,
    )
    engine_line(model.info.label)
    if args.json:
        print_json(
            {
                "drafts": [
                    {**_draft_json(r, d, written.get(row)), "row": row, "reused": batch.is_reused(row)}
                    for row, r, d in batch.drafts
                ],
                "errors": [e.to_dict() for e in batch.errors],
                "batch_id": batch.batch_id,
            }
        )
    else:
        print(f"Drafted {len(batch.drafts)} follow-up(s) into {out}.")
        if batch.reused:
            print(
                f"{len(batch.reused)} of them were saved by an earlier run of this CSV and reused, not redrafted."
            )
        for e in batch.errors:
            print(f"row {e.row}: {e.reason}")
    return 1 if batch.errors else 0


def _print_result(result: FollowupResult) -> None:
    r = result.request
    print(f"Follow-up to {r.name} ({r.goal}, {r.channel})")
    print(result.timing.advice)
    for note in result.notes:
        print(f"Note: {note}")
    for i, v in enumerate(result.variants, 1):
        print(f"\n--- Variant {i} ({v.style}, {v.origin}) ---")
        if v.subject:
            print(f"Subject: {v.subject}\n")
        print(v.body)
        if v.fit:
            print(f"({v.fit})")
        if v.long_body:
            print(f"\nLonger version for paid LinkedIn accounts:\n{v.long_body}")
    cites = result.variants[0].citations if result.variants else []
    if cites:
        print("\nSources:")
        for c in cites:
            print(f'  - {c["title"]} / {c["heading"]}: "{c["quote"]}"')


# -- refer-me kit ----------------------------------------------------------------------------------
def run_referkit(svc: Services, args: argparse.Namespace) -> int:
    """Build, save and print the refer-me kit."""
    profile = require_profile(svc.store, args.profile)
    out = _out_dir(args.out)
    model = svc.model
    kit = build_referkit(profile, model=model, knowledge=_knowledge(svc), prospect=args.prospect)
    engine_line(model.info.label)
    data = kit.to_dict() | {"id": save_referkit(svc.store, kit, profile.to_dict())}
    md = kit_markdown(kit)
    if out:
        (out / safe_filename(f"refer-me-kit-{profile.name}", ".md")).write_text(md, encoding="utf-8")
    if args.json:
        print_json(data)
    else:
        sys.stdout.write(md)
    return 0
