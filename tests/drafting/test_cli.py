"""`coach profile`, `coach followup` and `coach refer-kit` through the real entry point."""

from __future__ import annotations

import json

import pytest
from drafting_cli import make_cli
from icalendar import Calendar

from app.core.drafting import EXAMPLE_YAML
from app.core.knowledge.citations import Citation, verify_citations
from app.core.store import Store


@pytest.fixture
def cli(data_dir, capsys, monkeypatch, library_kb):
    """Run `coach --data-dir <test dir> ...`; citations come from the shared real library index."""
    return make_cli(data_dir, capsys, monkeypatch, library_kb)


def test_profile_init_show_and_set(cli, tmp_path, data_dir):
    code, out, err = cli("profile", "init")
    assert code == 0 and out == EXAMPLE_YAML and "coach profile init --from" in err
    example = tmp_path / "me.yaml"
    example.write_text(out, encoding="utf-8")
    assert cli("profile", "init", "--from", str(example))[0] == 0
    code, out, _ = cli("profile", "show", "--json")
    assert code == 0 and json.loads(out)["name"] == "Jane Smith"
    assert cli("profile", "set", "ideal_client", "Cafe owners in York")[0] == 0
    assert Store(data_dir).get_profile()["ideal_client"] == "Cafe owners in York"
    code, _, err = cli("profile", "set", "colour", "red")
    assert code == 2 and "Unknown profile key 'colour'" in err


def test_followup_without_a_profile_says_how_to_create_one(cli):
    code, out, err = cli("followup", "--name", "Sam", "--met-at", "Expo", "--detail", "loves sailing")
    assert code == 2 and out == ""
    assert "coach profile init" in err and "--profile FILE" in err


def test_single_followup_json_shape_and_ics(cli, profile_file, tmp_path, data_dir):
    out_dir = tmp_path / "out"
    code, out, _ = cli(
        "followup",
        "--name",
        "Sam Patel",
        "--met-at",
        "BNI breakfast",
        "--detail",
        "loves sailing on Lake Windermere",
        "--goal",
        "invite-121",
        "--channel",
        "email",
        "--profile",
        str(profile_file),
        "--today",
        "2025-03-12",
        "--out",
        str(out_dir),
        "--json",
    )
    assert code == 0
    data = json.loads(out)
    assert set(data) == {"drafts", "errors"} and data["errors"] == []
    draft = data["drafts"][0]
    assert {"contact", "channel", "goal", "send_by", "variants"} <= set(draft)
    assert (draft["contact"], draft["goal"], draft["send_by"]) == ("Sam Patel", "invite-121", "2025-03-13")
    for v in draft["variants"]:
        assert set(v) == {"subject", "body", "origin", "style", "fit", "long_body", "citations"}
        assert v["origin"] == "template" and v["subject"] and "Monday 17 March at 10:00" in v["body"]
        assert v["citations"] and all(
            set(c) == {"passage_id", "source", "title", "heading", "quote"} for c in v["citations"]
        )
    cal = Calendar.from_ical((out_dir / "sam-patel.ics").read_bytes())
    assert len(list(cal.walk("VEVENT"))) == 2
    assert (out_dir / "sam-patel.md").read_text(encoding="utf-8").startswith("# Follow-up to Sam Patel")
    assert Store(data_dir).list_drafts("followup")[0]["contact"] == "Sam Patel"


def test_bad_single_input_is_a_usage_error(cli, profile_file):
    code, out, err = cli("followup", "--name", "Sam", "--met-at", "Expo", "--profile", str(profile_file))
    assert code == 2 and "detail" in err and out == ""


def test_csv_batch_writes_files_reports_rows_and_exits_1(cli, profile_file, tmp_path, data_dir):
    csv_file = tmp_path / "event.csv"
    csv_file.write_text(
        "name,business,met_at,detail,channel,goal,promised\n"
        "Sam Patel,Patel Print,Expo,loves sailing,email,invite-121,\n"
        ",,Expo,runs a bakery,sms,thank,\n"
        "Sam Patel,Other Co,Expo,new office in York,linkedin-note,thank,\n"
        "Ann Lee,,Expo,new office,fax,thank,\n",
        encoding="utf-8",
    )
    out_dir = tmp_path / "drafts"
    code, out, _ = cli(
        "followup",
        "--csv",
        str(csv_file),
        "--out",
        str(out_dir),
        "--profile",
        str(profile_file),
        "--today",
        "2025-03-12",
        "--json",
    )
    assert code == 1
    data = json.loads(out)
    assert [d["contact"] for d in data["drafts"]] == ["Sam Patel", "Sam Patel"]
    assert [e["row"] for e in data["errors"]] == [3, 5]
    assert "unknown channel 'fax'" in data["errors"][1]["reason"]
    files = sorted(p.name for p in out_dir.iterdir())
    assert files == ["sam-patel-2.md", "sam-patel.ics", "sam-patel.md"]  # same names kept apart
    assert len(Store(data_dir).list_drafts("followup")) == 2


def test_csv_with_only_good_rows_exits_0(cli, profile_file, tmp_path):
    csv_file = tmp_path / "ok.csv"
    csv_file.write_text(
        "name,met_at,detail,channel,goal\nAnn Lee,Expo,loves sailing,sms,thank\n", encoding="utf-8"
    )
    code, out, _ = cli(
        "followup", "--csv", str(csv_file), "--out", str(tmp_path / "o"), "--profile", str(profile_file)
    )
    assert code == 0 and "Drafted 1 follow-up" in out


def test_refer_kit_json_is_cited_and_saved(cli, profile_file, data_dir, library_kb):
    code, out, _ = cli("refer-kit", "--profile", str(profile_file), "--json")
    assert code == 0
    kit = json.loads(out)
    assert [i["id"] for i in kit["items"]][:2] == ["presentation", "briefing"]
    cites = list({(c["passage_id"], c["quote"]): c for i in kit["items"] for c in i["citations"]}.values())
    assert cites and len(verify_citations(library_kb, [Citation.from_dict(c) for c in cites])) == len(cites)
    assert Store(data_dir).get_draft(kit["id"])["kind"] == "referkit"


CALENDAR = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//test//EN
BEGIN:VEVENT
UID:1
DTSTART:20990102T090000
DTEND:20990102T170000
SUMMARY:Busy all day
END:VEVENT
END:VCALENDAR
"""


def test_calendar_import_typed_times_and_named_prospect(cli, profile_file, tmp_path, data_dir):
    assert cli("profile", "init", "--from", str(profile_file))[0] == 0
    ics = tmp_path / "me.ics"
    ics.write_text(CALENDAR, encoding="utf-8")
    code, out, _ = cli("profile", "calendar", str(ics))
    assert code == 0 and "busy times" in out
    code, _, err = cli("profile", "calendar", str(tmp_path / "missing.ics"))
    assert code == 2 and "Could not read" in err and Store(data_dir).get_profile()["name"] == "Jane Smith"

    code, out, _ = cli(
        "followup",
        "--name",
        "Sam Patel",
        "--met-at",
        "Expo",
        "--detail",
        "opening a shop in York",
        "--goal",
        "invite-121",
        "--slot",
        "2025-03-18 11:00",
        "--slot",
        "2025-03-20 15:30",
        "--today",
        "2025-03-12",
        "--json",
    )
    assert code == 0
    draft = json.loads(out)["drafts"][0]
    assert draft["slots"] == ["2025-03-18T11:00", "2025-03-20T15:30"]
    assert "Tuesday 18 March at 11:00" in draft["variants"][0]["body"]
    code, _, err = cli(
        "followup",
        "--name",
        "Sam Patel",
        "--met-at",
        "Expo",
        "--detail",
        "opening a shop",
        "--goal",
        "invite-121",
        "--slot",
        "tomorrow-ish",
    )
    assert code == 2 and "YYYY-MM-DD HH:MM" in err

    code, out, _ = cli("refer-kit", "--prospect", "Alex Brown, who needs help with VAT", "--json")
    direct = {i["id"]: i for i in json.loads(out)["items"]}["intro_direct"]
    assert code == 0 and direct["subject"].startswith("Alex Brown, meet Jane Smith")


def test_a_nudge_with_nothing_sent_is_drafted_as_the_first_invitation(cli, profile_file):
    code, out, _ = cli(
        "followup",
        "--name",
        "Sam Patel",
        "--met-at",
        "Expo",
        "--detail",
        "opening a shop in York",
        "--goal",
        "nudge",
        "--profile",
        str(profile_file),
        "--today",
        "2025-03-12",
        "--json",
    )
    draft = json.loads(out)["drafts"][0]
    assert code == 0 and draft["goal"] == "invite-121" and "No first message" in draft["notes"][0]
