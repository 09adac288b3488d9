"""Status flags in the machine outputs and the release calendar (issue 29, items 3 and 4)."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import icalendar
import pytest

from prizestats.cli.main import main
from prizestats.core.editions import edition as edition_of
from prizestats.core.scope import EVERYTHING, Scope
from prizestats.core.times import KST
from prizestats.figures import flags, press
from prizestats.outputs import calendar


def _flags(run, number, as_of, public, scope=EVERYTHING):
    result = press.figures(run, number, as_of, public, scope)
    return result, flags.figures_flags(result, edition_of(run("editions", {}), number), as_of,
                                       public, scope)


def test_flags_before_the_call_say_not_applicable(sample_db, run_on):
    _, marks = _flags(run_on(sample_db), 4, datetime(2026, 1, 1, tzinfo=KST), False)
    assert {marks[k] for k in ("entries", "eligible", "by_region6.Asia")} == {"z"}


def test_flags_mid_call_mark_the_counts_provisional(sample_db, run_on):
    _, marks = _flags(run_on(sample_db), 4, datetime(2026, 4, 1, tzinfo=KST), False)
    assert (marks["entries"], marks["by_region6.Asia"], marks["eligible"]) == ("p", "p", "z")


def test_flags_under_embargo_for_the_press(sample_db, run_on):
    result, marks = _flags(run_on(sample_db), 3, datetime(2025, 9, 1, tzinfo=KST), True)
    assert result["winners"] is None
    assert (marks["winners"], marks["winners_by_award_group.special"], marks["finalists"],
            marks["entries"]) == ("x", "x", "", "")


def test_flags_a_small_count_under_a_filter(sample_db, run_on):
    result, marks = _flags(run_on(sample_db), 3, datetime(2025, 10, 31, tzinfo=KST), True,
                           Scope(countries=("KOR",)))
    small = [key for key, flag in marks.items() if flag == "c"]
    assert small
    for key in small:
        metric, dimension = key.split(".")
        assert result[metric][dimension] == "<3"


def test_after_the_ceremony_only_small_counts_are_flagged(sample_db, run_on):
    _, public = _flags(run_on(sample_db), 3, datetime(2025, 10, 31, tzinfo=KST), True)
    assert {k: v for k, v in public.items() if v} == {
        "eligible_by_region6.Oceania": "c", "eligible_korea_by_applicant_type.institution": "c",
        "eligible_korea_by_applicant_type.individual": "c"}
    _, organiser = _flags(run_on(sample_db), 3, datetime(2025, 10, 31, tzinfo=KST), False)
    assert set(organiser.values()) == {""}


def test_figures_json_and_csv_carry_the_flags(sample_db, capsys):
    assert main(["figures", "--edition", "4", "--as-of", "2026-04-01", "--format", "json",
                 "--db", str(sample_db)]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert (printed["flags"]["entries"], printed["flags"]["winners"]) == ("p", "z")
    assert {"entries", "by_region6"} <= set(printed)  # the contract's keys stay
    assert main(["figures", "--edition", "4", "--as-of", "2026-04-01", "--format", "csv",
                 "--db", str(sample_db)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "metric,dimension,value,flag"
    assert any(line.startswith("entries,,") and line.endswith(",p") for line in lines)


def test_table_flags_cell_by_cell():
    import pandas as pd

    table = pd.DataFrame({"Stage": ["Entries", "Winners"], "Count": ["<3", "under embargo"]})
    marked = flags.table_flags(table, {"entries": "p", "winners": "x"},
                               {"Entries": "entries", "Winners": "winners"}, "under embargo")
    assert marked.to_dict("list") == {"Stage": ["Entries", "Winners"], "Count": ["pc", "x"]}


def _events(data: bytes) -> dict[str, icalendar.Event]:
    parsed = icalendar.Calendar.from_ical(data)
    return {str(event["UID"]): event for event in parsed.walk("VEVENT")}


def test_calendar_events_uids_moments_and_past(sample_db, run_on):
    run = run_on(sample_db)
    dates = edition_of(run("editions", {}), 3)
    moments = run("published_moments", {"edition": 3})
    now = datetime(2025, 9, 1, tzinfo=KST)
    en = _events(calendar.ics(dates, moments, "en", now))
    ko = _events(calendar.ics(dates, moments, "ko", now))
    assert set(en) == set(ko)
    assert {"sscp-3-call_opens@prizestats", "sscp-3-call_closes@prizestats",
            "sscp-3-finalists@prizestats", "sscp-3-ceremony@prizestats",
            "sscp-3-published-20250825T235959@prizestats"} <= set(en)
    ceremony = en["sscp-3-ceremony@prizestats"]
    assert ceremony["DTSTART"].params["TZID"] == "Asia/Seoul"
    assert ceremony.decoded("DTSTART").astimezone(UTC) == datetime(2025, 9, 30, 8, 30, tzinfo=UTC)
    assert str(ceremony["SUMMARY"]) == "Seoul Smart City Prize 2025: award ceremony"
    assert str(ko["sscp-3-ceremony@prizestats"]["SUMMARY"]) == "2025 서울 스마트도시 상 시상식"
    closes = en["sscp-3-call_closes@prizestats"]
    assert str(closes["SUMMARY"]) == "Past: Seoul Smart City Prize 2025: call for entries closes"
    assert closes.categories == ["call_closes", "past"]
    assert ceremony.categories == ["ceremony"]
    assert str(ko["sscp-3-call_closes@prizestats"]["SUMMARY"]).startswith("지난 일정: ")
    assert "/press?edition=3&lang=en" in str(ceremony["DESCRIPTION"])
    # the same UIDs on another run, later
    later = _events(calendar.ics(dates, moments, "en", datetime(2026, 1, 1, tzinfo=KST)))
    assert set(later) == set(en)
    assert "past" in later["sscp-3-ceremony@prizestats"].categories


def test_calendar_lists_moments_never_values(sample_db, run_on):
    run = run_on(sample_db)
    moments = run("published_moments", {"edition": 3})
    assert list(moments.columns) == ["edition", "metric", "public_at"]  # no value to leak
    dates = edition_of(run("editions", {}), 3)
    event = _events(calendar.ics(dates, moments, "en", datetime(2025, 9, 1, tzinfo=KST)))[
        "sscp-3-published-20250930T173000@prizestats"]
    assert str(event["DESCRIPTION"]) == (
        "Seoul Smart City Prize 2025: published figures become public\n"
        "Time: 30 September 2025, 17:30 KST.\n"
        "Figures the organisers published become public and may be quoted: Awards by "
        "group.\nPress room: /press?edition=3&lang=en")


def test_calendar_command(sample_db, tmp_path, capsys):
    assert main(["calendar", "--out", str(tmp_path), "--edition", "3", "--lang", "en,ko",
                 "--db", str(sample_db)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "sscp-2025-calendar-en.ics", "sscp-2025-calendar-ko.ics"]


@pytest.mark.parametrize("argv", [["--lang", "fr"], ["--edition", "0"], ["--edition", "9"]])
def test_calendar_command_refuses_bad_input(sample_db, tmp_path, capsys, argv):
    try:  # argparse exits (2) on a bad value; the command returns 2 on an unknown edition
        code = main(["calendar", "--out", str(tmp_path), *argv, "--db", str(sample_db)])
    except SystemExit as stop:
        code = stop.code
    assert code == 2
    error = capsys.readouterr().err.strip().splitlines()[-1]
    assert error.startswith(("error:", "python -m prizestats calendar: error:"))
    assert argv[1] in error
    assert not list(tmp_path.iterdir())  # nothing written


def test_an_organisers_figure_not_yet_public_is_shown_and_marked_x(fixture_db, run_on):
    # edition 1's finalists were decided on 14 July 2023 and announced on 19 July: between,
    # organisers read the count, and the file says it may not be passed on yet
    result, marks = _flags(run_on(fixture_db), 1, datetime(2023, 7, 15, tzinfo=KST), False)
    assert result["finalists"] == 2
    assert (marks["finalists"], marks["by_stage.finalist"], marks["eligible"]) == ("x", "x", "")
    _, announced = _flags(run_on(fixture_db), 1, datetime(2023, 7, 20, tzinfo=KST), False)
    assert announced["finalists"] == ""


def test_the_about_page_gives_the_flags_legend_in_both_languages():
    from prizestats.words import about

    english, korean = about.text("en", True, {}), about.text("ko", True, {})
    assert "- `x`: not yet public (embargo)" in english
    assert "- `c`: a small count, hidden" in english
    assert "- `x`: 아직 공개되지 않았습니다(엠바고)" in korean
    assert "**상태 기호.**" in korean
