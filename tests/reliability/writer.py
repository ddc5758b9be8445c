"""One concurrent writer for the two-writers test: a rehearsal and follow-up drafts, interleaved.

    python writer.py DATA_DIR TAG TURNS DRAFTS START_AT

Waits until the wall-clock time START_AT (so several writers start together), then alternates: one
user message (and the partner's saved reply) in its own session, one follow-up draft. Prints JSON
{"session": id, "said": [user texts], "drafts": {draft id: contact}} once done.
"""

from __future__ import annotations

import json
import sys
import time
from datetime import date
from pathlib import Path

PERSONAS = ("warm-connector", "busy-sceptic", "over-talker", "new-member")


def main(argv: list[str]) -> int:
    """Write TURNS user turns and DRAFTS drafts against DATA_DIR, tagged with TAG."""
    from app.core.drafting import FollowupRequest, Profile, draft_followup, save_followup
    from app.core.roleplay import Partner
    from app.core.store import Store

    data_dir, tag, turns, drafts, start_at = (
        Path(argv[0]),
        argv[1],
        int(argv[2]),
        int(argv[3]),
        float(argv[4]),
    )
    store = Store(data_dir)
    partner = Partner(store)
    profile = Profile(name="Jane Smith", business="Smith & Co Bookkeeping")
    session = partner.start(PERSONAS[sum(map(ord, tag)) % len(PERSONAS)])
    while time.time() < start_at:
        time.sleep(0.005)
    said: list[str] = []
    made: dict[str, str] = {}
    for i in range(max(turns, drafts)):
        if i < turns:
            text = f"[{tag}] message {i}: what kind of client is a good referral for you?"
            partner.reply(session, text)
            said.append(text)
        if i < drafts:
            contact = f"Contact {tag} {i}"
            req = FollowupRequest(
                name=contact, met_at="the Chamber breakfast", detail=f"talked about sailing trip {i}"
            )
            result = draft_followup(req, profile, today=date(2025, 3, 12))
            made[save_followup(store, result)] = contact
    json.dump({"session": session.id, "said": said, "drafts": made}, sys.stdout)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
