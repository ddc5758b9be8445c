"""Batch follow-ups from a CSV: messy files, per-row errors with spreadsheet row numbers, crash safety."""

from __future__ import annotations

from datetime import date

import pytest

from app.core.drafting import parse_csv, run_batch
from app.core.errors import InputError, ModelError
from app.core.llm import FakeChatModel

TODAY = date(2025, 3, 12)

MESSY = (
    "\ufeff Detail , name,met_at, channel ,goal,business,promised\n"  # row 1: BOM, spaces, any order
    "loves sailing, Sam Patel ,Chamber breakfast,email,thank,Patel Print,\n"  # 2 ok
    "\n"  # 3 blank
    "runs a bakery,,Chamber breakfast,sms,thank,,\n"  # 4 missing name
    "new office in Leeds,Ann Lee,Chamber breakfast,fax,thank,,\n"  # 5 unknown channel
    "new office in Leeds,Bob Ray,Chamber breakfast,email,sell,,\n"  # 6 unknown goal
    ",Cara Dee,Chamber breakfast,email,thank,,\n"  # 7 missing detail
    '"just back from Italy, tanned",Dan Fox,Chamber breakfast,sms,invite-121,,\n'  # 8 ok, quoted comma
    "wants an accountant,Eve Hart,,linkedin-note,thank,,\n"  # 9 missing met_at
    "wants an accountant,Fay Gold,Chamber breakfast,,,,\n"  # 10 ok: defaults
    "cash-flow worries,Gus Hall,Chamber breakfast,email,send-resource,,the cash-flow checklist\n"  # 11 ok
)


def test_messy_csv_drafts_good_rows_and_reports_bad_rows_by_spreadsheet_row(profile, store):
    result = run_batch(MESSY.encode("utf-8"), profile, store=store, today=TODAY)
    assert [row for row, _, _ in result.drafts] == [2, 8, 10, 11]
    errors = {e.row: e.reason for e in result.errors}
    assert set(errors) == {4, 5, 6, 7, 9}
    assert "name is required" in errors[4]
    assert "unknown channel 'fax'" in errors[5]
    assert "unknown goal 'sell'" in errors[6]
    assert "detail" in errors[7]
    assert "met_at" in errors[9]
    by_row = {row: r for row, r, _ in result.drafts}
    assert by_row[2].request.name == "Sam Patel" and by_row[2].request.business == "Patel Print"
    assert by_row[8].request.detail == "just back from Italy, tanned"
    assert (by_row[10].request.channel, by_row[10].request.goal) == ("email", "thank")
    assert by_row[11].request.promised == "the cash-flow checklist"
    saved = store.list_drafts("followup")
    assert len(saved) == 4 and {d["batch_id"] for d in saved} == {result.batch_id}
    assert {d["contact"] for d in saved} == {"Sam Patel", "Dan Fox", "Fay Gold", "Gus Hall"}
    assert all(d["send_by"] == "2025-03-12" or d["send_by"] == "2025-03-13" for d in saved)


def test_semicolon_csv_from_a_european_spreadsheet(profile, store):
    data = "name;met_at;detail;channel;goal\nSam;Expo;loves sailing;sms;thank\n"
    result = run_batch(data, profile, store=store, today=TODAY)
    assert len(result.drafts) == 1 and result.errors == []


def test_each_draft_is_saved_as_it_completes(profile, store):
    data = (
        "name,met_at,detail,channel,goal\nAnn Lee,Expo,loves sailing,email,thank\n"
        "Bob Ray,Expo,runs a bakery,email,thank\nCara Dee,Expo,new office,email,thank\n"
    )
    first = '{"subject": "Hello", "body": "Good to meet you at the Expo, Ann. You told me you love sailing."}'
    second = (
        '{"subject": "Sailing", "body": "Ann, since you mentioned it (loves sailing), I will pass on '
        'any regatta contacts I come across."}'
    )
    model = FakeChatModel([first, second, ModelError("endpoint went away")])
    with pytest.raises(ModelError):
        run_batch(data, profile, store=store, model=model, today=TODAY)
    saved = store.list_drafts("followup")
    assert [d["contact"] for d in saved] == ["Ann Lee"]  # finished before the failure: kept


def test_file_level_problems_are_one_clear_error(profile, store):
    with pytest.raises(InputError, match="no detail column"):
        parse_csv("name,met_at\nSam,Expo\n")
    with pytest.raises(InputError, match="empty"):
        parse_csv(b"")
    rows = "name,met_at,detail\n" + "Sam,Expo,sailing\n" * 501
    with pytest.raises(InputError, match="500"):
        parse_csv(rows)
    assert store.list_drafts() == []


def test_windows_encoded_csv_is_read(profile, store):
    data = "name,met_at,detail\nZoë Müller,Café networking,likes crème brûlée\n".encode("cp1252")
    rows, errors = parse_csv(data)
    assert errors == [] and rows[0].request.name == "Zoë Müller"
