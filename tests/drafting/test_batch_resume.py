"""Re-running an interrupted batch resumes it: saved rows are reused, only missing rows are drafted."""

from __future__ import annotations

import dataclasses
import json
from datetime import date

import pytest
from drafting_cli import make_cli

from app.cli import drafting_cmds
from app.core.drafting import batch as batch_mod
from app.core.drafting import run_batch
from app.core.drafting.batch import batch_key, result_from_draft, row_draft_id
from app.core.drafting.history import edit_variant, followup_markdown, mark_sent, safe_filename
from app.core.store import Store

TODAY = date(2025, 3, 12)

EVENT = (
    b"name,business,met_at,detail,channel,goal,promised\n"
    b"Ann Lee,Lee Joinery,Expo,loves sailing,email,thank,\n"  # row 2
    b"Bob Ray,Ray Roofing,Expo,runs a bakery on the side,sms,invite-121,\n"  # row 3
    b",,Expo,no name here,email,thank,\n"  # row 4: error
    b"Cara Dee,Dee Design,Expo,new office in Leeds,email,invite-121,\n"  # row 5
    b"Dan Fox,Fox Fitness,Expo,just back from Italy,linkedin-note,thank,\n"  # row 6
    b"Eve Hart,Hart Law,Expo,cash-flow worries,email,send-resource,the checklist\n"  # row 7
)
GOOD_ROWS = [2, 3, 5, 6, 7]


class Interrupted(BaseException):
    """Stands in for the process being killed right after a draft was saved."""


def interrupt_after(n: int):
    """An on_draft callback that stops the batch once `n` drafts have been saved."""
    seen: list[int] = []

    def on_draft(row: int, _result, _draft_id: str) -> None:
        seen.append(row)
        if len(seen) >= n:
            raise Interrupted

    return on_draft


@pytest.fixture
def drafted_rows(monkeypatch) -> list[int]:
    """Records which rows are actually drafted (not reused) by run_batch."""
    calls: list[int] = []
    real = batch_mod.draft_followup

    def counting(req, *args, **kwargs):
        calls.append(req.name)
        return real(req, *args, **kwargs)

    monkeypatch.setattr(batch_mod, "draft_followup", counting)
    return calls


def test_rerun_after_partial_batch_reuses_saved_rows_and_drafts_only_the_missing(
    profile, store, drafted_rows
):
    with pytest.raises(Interrupted):
        run_batch(EVENT, profile, store=store, today=TODAY, on_draft=interrupt_after(2))
    before = {d["id"]: d for d in store.list_drafts("followup")}
    assert sorted(d["contact"] for d in before.values()) == ["Ann Lee", "Bob Ray"]
    assert drafted_rows == ["Ann Lee", "Bob Ray"]
    drafted_rows.clear()

    heard: list[tuple[int, bool]] = []
    result = run_batch(
        EVENT,
        profile,
        store=store,
        today=TODAY,
        on_draft=lambda row, _r, _d: heard.append((row, False)),
        on_reused=lambda row, _r, _d: heard.append((row, True)),
    )

    assert drafted_rows == ["Cara Dee", "Dan Fox", "Eve Hart"]  # only the missing rows were drafted
    assert [row for row, _, _ in result.drafts] == GOOD_ROWS  # the result still lists every row
    assert result.reused == {2, 3} and [e.row for e in result.errors] == [4]
    assert heard == [(2, True), (3, True), (5, False), (6, False), (7, False)]
    saved = store.list_drafts("followup")
    assert len(saved) == len(GOOD_ROWS)  # exactly one draft per row, no duplicates in History
    assert sorted(d["contact"] for d in saved) == ["Ann Lee", "Bob Ray", "Cara Dee", "Dan Fox", "Eve Hart"]
    assert {d["batch_id"] for d in saved} == {result.batch_id}
    after = {d["id"]: d for d in saved}
    for draft_id, draft in before.items():
        assert after[draft_id] == draft  # reused rows untouched (same result, timestamps, status)
    by_row = {row: (r, d) for row, r, d in result.drafts}
    for row in (2, 3):
        reused, draft_id = by_row[row]
        assert draft_id in before
        assert reused.to_dict() == before[draft_id]["result"]


def test_finished_batch_run_again_drafts_nothing_new(profile, store, drafted_rows):
    first = run_batch(EVENT, profile, store=store, today=TODAY)
    assert first.reused == set()
    drafted_rows.clear()
    again = run_batch(EVENT, profile, store=store, today=date(2025, 3, 13))  # the next day: same event
    assert drafted_rows == []
    assert again.batch_id == first.batch_id and again.reused == set(GOOD_ROWS)
    assert [(row, d) for row, _, d in again.drafts] == [(row, d) for row, _, d in first.drafts]
    assert len(store.list_drafts("followup")) == len(GOOD_ROWS)


def test_reused_rows_keep_the_users_edits_and_status(profile, store):
    first = run_batch(EVENT, profile, store=store, today=TODAY)
    ((_, _, ann_id),) = [d for d in first.drafts if d[0] == 2]
    edit_variant(store, ann_id, 0, body="Ann, great to meet you at the Expo - enjoy the sailing season.")
    mark_sent(store, ann_id)
    kept = store.get_draft(ann_id)
    again = run_batch(EVENT, profile, store=store, today=TODAY)
    ann = {row: r for row, r, _ in again.drafts}[2]
    assert ann.variants[0].body.startswith("Ann, great to meet you")
    assert store.get_draft(ann_id) == kept


def test_a_fixed_csv_reuses_unchanged_rows_and_updates_changed_ones_in_place(profile, store, drafted_rows):
    first = run_batch(EVENT, profile, store=store, today=TODAY)
    ids = {row: draft_id for row, _, draft_id in first.drafts}
    drafted_rows.clear()
    fixed = EVENT.replace(b"loves sailing", b"loves sailing and fell running")
    second = run_batch(fixed, profile, store=store, today=TODAY)
    assert second.batch_id != first.batch_id
    assert drafted_rows == ["Ann Lee"]  # only the row that changed is drafted again
    assert second.reused == {3, 5, 6, 7}
    assert {row: draft_id for row, _, draft_id in second.drafts} == ids  # same drafts, updated in place
    saved = store.list_drafts("followup")
    assert len(saved) == len(GOOD_ROWS)  # no copies in History
    ann = store.get_draft(ids[2])
    assert "fell running" in ann["inputs"]["detail"]


def test_a_changed_profile_redrafts_every_row_in_place(profile, store, drafted_rows):
    first = run_batch(EVENT, profile, store=store, today=TODAY)
    drafted_rows.clear()
    second = run_batch(
        EVENT, dataclasses.replace(profile, business="Smith & Co Accountants"), store=store, today=TODAY
    )
    assert second.batch_id != first.batch_id and second.reused == set()
    assert len(drafted_rows) == len(GOOD_ROWS)
    assert len(store.list_drafts("followup")) == len(GOOD_ROWS)
    assert {d for _, _, d in second.drafts} == {d for _, _, d in first.drafts}


def test_new_defaults_that_change_no_row_reuse_every_draft(profile, store, drafted_rows):
    run_batch(EVENT, profile, store=store, today=TODAY)
    drafted_rows.clear()
    second = run_batch(EVENT, profile, store=store, today=TODAY, defaults={"channel": "sms"})
    assert drafted_rows == [] and second.reused == set(GOOD_ROWS)  # every row names its own channel


def test_batch_key_is_deterministic_and_ignores_only_the_data_type(profile):
    assert batch_key(EVENT, profile) == batch_key(EVENT.decode("utf-8"), profile)
    assert batch_key(EVENT, profile) == batch_key(EVENT, profile, {"channel": "email", "goal": "thank"})
    assert batch_key(EVENT, profile) != batch_key(EVENT + b"\n", profile)
    assert row_draft_id("b-1", 2) == row_draft_id("b-1", 2) != row_draft_id("b-1", 3)


def test_an_unrelated_draft_under_a_row_id_is_never_overwritten(profile, store):
    key = batch_key(EVENT, profile)
    other = store.save_draft(
        "followup",
        {"name": "Zed"},
        {"contact": "Zed"},
        contact="Zed",
        batch_id="b-someotherbatch",
        draft_id=row_draft_id(key, 2),
    )
    result = run_batch(EVENT, profile, store=store, today=TODAY)
    assert result.reused == set()
    assert store.get_draft(other)["contact"] == "Zed"
    assert len(store.list_drafts("followup")) == len(GOOD_ROWS) + 1


def test_result_from_draft_round_trips_the_saved_result(profile, store):
    result = run_batch(EVENT, profile, store=store, today=TODAY)
    for _, drafted, draft_id in result.drafts:
        draft = store.get_draft(draft_id)
        rebuilt = result_from_draft(draft)
        assert rebuilt.to_dict() == draft["result"] == drafted.to_dict()
        assert rebuilt.request == drafted.request


# -- through the CLI ---------------------------------------------------------------------------------
@pytest.fixture
def cli(data_dir, capsys, monkeypatch):
    """Run `coach --data-dir <test dir> ...` without the library (citations are not under test here)."""
    return make_cli(data_dir, capsys, monkeypatch, None)


def test_cli_rerun_resumes_writes_every_file_and_marks_reused_rows(
    cli, profile_file, tmp_path, data_dir, monkeypatch
):
    csv_file, out_dir = tmp_path / "event.csv", tmp_path / "drafts"
    csv_file.write_bytes(EVENT)
    args = (
        "followup",
        "--csv",
        str(csv_file),
        "--out",
        str(out_dir),
        "--profile",
        str(profile_file),
        "--today",
        TODAY.isoformat(),
    )
    real_run_batch = drafting_cmds.run_batch

    def killed_after_two(*a, **kw):
        inner = kw["on_draft"]
        seen: list[int] = []

        def on_draft(row, result, draft_id):
            inner(row, result, draft_id)
            seen.append(row)
            if len(seen) == 2:
                raise Interrupted

        return real_run_batch(*a, **{**kw, "on_draft": on_draft})

    monkeypatch.setattr(drafting_cmds, "run_batch", killed_after_two)
    with pytest.raises(Interrupted):
        cli(*args)
    monkeypatch.setattr(drafting_cmds, "run_batch", real_run_batch)
    (out_dir / safe_filename("Bob Ray", ".md")).unlink()  # as if killed before its file was written

    code, out, err = cli(*args)
    assert code == 1  # row 4 still needs fixing
    assert "Drafted 5 follow-up(s)" in out and "2 of them were saved by an earlier run" in out
    assert "row 2: Ann Lee already drafted (reused)" in err and "row 5: Cara Dee drafted" in err
    saved = Store(data_dir).list_drafts("followup")
    assert len(saved) == len(GOOD_ROWS)
    for draft in saved:
        md = out_dir / safe_filename(draft["contact"], ".md")
        assert md.read_text(encoding="utf-8") == followup_markdown(draft["result"])

    code, out, _ = cli(*args, "--json")
    data = json.loads(out)
    assert [(d["row"], d["reused"]) for d in data["drafts"]] == [(row, True) for row in GOOD_ROWS]
    assert {d["id"] for d in data["drafts"]} == {d["id"] for d in saved}
    assert [e["row"] for e in data["errors"]] == [4]
    assert data["drafts"][1]["ics"].endswith(".ics")  # Bob's invitation holds are written as usual
    assert len(Store(data_dir).list_drafts("followup")) == len(GOOD_ROWS)
