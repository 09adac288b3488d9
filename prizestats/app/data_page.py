"""Layout pieces of the Data page: import with a dry run, history, versions, edition dates."""

from __future__ import annotations

import json
import re
from datetime import datetime

import pandas as pd
import streamlit as st

from prizestats.app import data
from prizestats.app.context import PageContext
from prizestats.app.views import SOURCE_LINK, built_at
from prizestats.core import safe
from prizestats.core.times import KST
from prizestats.figures import revisions
from prizestats.store import archive, db, guards, importer, reading, records, releases
from prizestats.store.build import Problem
from prizestats.words import grammar, i18n, rejections

UPLOAD_TYPES = ["csv", "txt", "tsv", "xlsx", "xlsm"]


def current_database(ctx: PageContext) -> None:
    """What the database is now: read on every run (an import or an edit reruns the page), so
    it names the imported file as soon as it is in."""
    # the source is the name of an uploaded file: text, never markdown
    dataset = ctx.dataset.get("dataset", "?")
    source = safe.markdown(ctx.dataset.get("source", "?"))
    if dataset == "sample":
        st.caption(ctx.t("data.current_sample", built_at=built_at(ctx), source=source))
    elif dataset == "imported":
        st.caption(ctx.t("data.current_imported", file=source, built_at=built_at(ctx)))
    else:
        st.caption(ctx.t("current_database", dataset=dataset, built_at=built_at(ctx),
                         source=source))


def _problems_table(ctx: PageContext, problems: list) -> pd.DataFrame:
    return pd.DataFrame({
        ctx.t("row"): [p.row for p in problems], ctx.t("column"): [p.column or "" for p in problems],
        ctx.t("value"): [p.value or "" for p in problems],
        ctx.t("reason"): [p.reason_in(ctx.lang) for p in problems]})


def upload(ctx: PageContext) -> None:
    st.caption(ctx.t("upload_help"))
    if done := st.session_state.pop("upload_done", None):
        # said once, after the rerun that shows the database as it now is
        st.success(ctx.t("data.imported", file=safe.markdown(done["file"]),
                         saved=_saved_moment(done["version"], ctx.lang)))
    # A new key after each confirmed import empties the uploader (and the choices beside it).
    round_ = st.session_state.setdefault("upload_round", 0)
    limit = guards.limits().max_bytes // guards.MEGABYTE
    # The importer's own limit (server.maxUploadSize, read by guards.limits), so the uploader
    # refuses what the importer would, whatever `streamlit run` was given.
    file = st.file_uploader(ctx.t("upload_file"), type=UPLOAD_TYPES, key=f"upload_file_{round_}",
                            max_upload_size=limit)
    # Streamlit's uploader writes its own button and limits in English (1.67 has no setting
    # for them): the same said in the page's language beside it.
    st.caption(ctx.t("data.uploader_words", size=limit,
                     types=", ".join(t.upper() for t in UPLOAD_TYPES)))
    left, middle, right = st.columns(3)
    editions = data.editions()
    years = dict(zip(editions["edition"].astype(int), editions["year"].astype(int), strict=True))
    edition = left.selectbox(ctx.t("upload_edition"), [None, *years], key=f"upload_edition_{round_}",
                             format_func=lambda e: ctx.t("data.edition_from_file") if e is None
                             else i18n.edition_label(e, years[e], ctx.lang),
                             help=ctx.t("data.edition_help"))
    sheet = middle.text_input(ctx.t("upload_sheet"), key=f"upload_sheet_{round_}")
    partial = right.checkbox(ctx.t("upload_partial"), key=f"upload_partial_{round_}")
    if file is None:
        return
    # Held in memory through the dry run (it holds personal data): the importer keeps a copy in
    # data/imports/ only once an import is confirmed and written.
    source = reading.Upload(file.name, file.getvalue())
    options = {"edition": edition, "sheet": sheet or None, "partial": partial}
    try:
        with st.spinner(file.name):
            report = importer.run_import(source, db.db_path(), dry_run=True, **options)
    except guards.ImportRefused as error:
        st.error(ctx.t("upload_error"))
        st.dataframe(_problems_table(ctx, error.problems), hide_index=True, key="upload_refused")
        return
    _show_report(ctx, report)
    blocked = (report.problems and not partial) or not report.accepted or report.unchanged
    if report.problems and not partial:
        st.warning(ctx.t("upload_blocked"))
    if report.replaced_sample and not blocked:
        # the sample's entries go: said in the dry run, and confirmed by a tick of its own
        blocked = not st.checkbox(ctx.t("data.sample_understood"),
                                  key=f"upload_understood_{round_}")
    reason = _reason(ctx, report, round_)
    blocked = blocked or (report.moves and not reason)
    if st.button(ctx.t("upload_confirm"), type="primary", disabled=bool(blocked)):
        try:
            with st.spinner(file.name):
                done = importer.run_import(source, db.db_path(), reason=reason, **options)
        except releases.ReasonNeeded:  # public figures moved since the dry run
            st.warning(ctx.t("revisions.moves"))
            return
        if done.written:
            st.session_state["upload_done"] = {"file": done.file, "version": done.version_saved}
            st.session_state["upload_round"] = round_ + 1
            st.rerun()
        else:  # the database changed between the dry run and now
            st.warning(ctx.t("upload_blocked") if done.problems else ctx.t("upload_unchanged"))


def _moves(ctx: PageContext, moves: list[releases.Move]) -> str:
    """The public figures a change would move, one a line: "Entries (edition 3): 220 → 219"."""
    return "\n".join(
        f"- {safe.markdown(revisions.figure_name(m.metric, m.dimension, ctx.lang))} "
        f"({ctx.t('revisions.edition', edition=m.edition)}): "
        f"{i18n.number(revisions.plain(m.before), ctx.lang)} → "
        f"{i18n.number(revisions.plain(m.after), ctx.lang)}" for m in moves)


def _reason(ctx: PageContext, report: importer.Report, round_: int) -> str:
    """The confirm step's "Reason for this change": kept with the import; required (the
    button stays disabled) when the dry run shows figures already public would move, which
    are listed."""
    if report.moves:
        st.warning(ctx.t("revisions.moves"))
        st.markdown(_moves(ctx, report.moves))
    return st.text_input(ctx.t("revisions.reason_label"), key=f"upload_reason_{round_}",
                         help=ctx.t("revisions.reason_help")).strip()


def _show_report(ctx: PageContext, report: importer.Report) -> None:
    st.write(ctx.t("upload_summary", file=safe.markdown(report.file),
                   read_as=safe.markdown(report.described),
                   read=i18n.number(report.rows_read, ctx.lang),
                   accepted=i18n.number(len(report.accepted), ctx.lang),
                   rejected=i18n.number(len(report.rejected_rows), ctx.lang)))
    if report.replaced_sample:
        st.warning(_sample_removed(ctx, report.sample_removed))
    if report.unchanged:
        st.info(ctx.t("upload_unchanged"))
    for edition, change in report.diff.items():
        st.write(ctx.t("upload_diff", edition=edition, added=len(change["added"]),
                       removed=len(change["removed"]), changed=len(change["changed"]),
                       stages=len(change["stage_changes"])))
    if report.problems:
        st.subheader(ctx.t("problems"))
        st.dataframe(_problems_table(ctx, report.problems), hide_index=True, key="upload_problems")


def _sample_removed(ctx: PageContext, removed: dict[int, int]) -> str:
    """What replacing the sample removes: its entries and their editions' years, as the
    database holds them."""
    if not removed:
        return ctx.t("upload_replaces_sample")
    editions = data.editions()
    years = sorted(int(y) for e, y in zip(editions["edition"], editions["year"], strict=True)
                   if int(e) in removed)
    entries = sum(removed.values())
    return ctx.t("data.sample_removed", entries=i18n.number(entries, ctx.lang),
                 count=len(years), years=_years(years, ctx.lang))


def _years(years: list[int], lang: str) -> str:
    """A run of years as 2023 to 2025 with an en dash between, else each: 2023, 2025."""
    if len(years) > 1 and years == list(range(years[0], years[-1] + 1)):
        return f"{years[0]}\u2013{years[-1]}"
    return grammar.join([str(y) for y in years], lang)


def history(ctx: PageContext) -> None:
    frame = data.import_history()
    if frame.empty:
        st.caption("—")
        return
    summary = []
    for row in frame.itertuples(index=False):
        diff = json.loads(row.diff) if row.diff else {}
        summary.append("; ".join(
            f"{edition}: +{len(c.get('added', []))} -{len(c.get('removed', []))} "
            f"~{len(c.get('changed', []))}" if "added" in c else f"{edition}: {', '.join(c)}"
            for edition, c in diff.items()))
    # an edit by hand is logged as "(edition dates)" and the like: said as the versions say it
    changes = [_change({"file_name": name}, {}, ctx.lang) for name in frame["file_name"]]
    st.dataframe(pd.DataFrame({
        "#": frame["import_id"], ctx.t("data.history_change"): changes,
        ctx.t("row"): frame["rows_read"], "✓": frame["rows_accepted"],
        "✗": frame["rows_rejected"], ctx.t("edition"): frame["editions_replaced"],
        ctx.t("data.history_diff"): summary,
        ctx.t("data.history_when"): [i18n.moment(t, ctx.lang) for t in frame["finished_at"]],
        ctx.t("revisions.why"): frame["reason"].fillna("")}),
        hide_index=True, key="history")


def versions(ctx: PageContext) -> None:
    st.caption(ctx.t("restore_help"))
    if done := st.session_state.pop("restore_done", None):
        st.success(ctx.t("data.restored", version=safe.markdown(done)))
    saved = archive.list_versions(db.db_path())
    if not saved:
        st.write(ctx.t("no_versions"))
        return
    names = [v["version"] for v in saved]
    labels = version_labels(saved, ctx.lang)
    choice = st.selectbox(ctx.t("restore_heading"), names, format_func=labels.get)
    reason = st.text_input(ctx.t("revisions.reason_label"), key="restore_reason",
                           help=ctx.t("revisions.reason_help"))
    if st.button(ctx.t("restore_button")):
        try:
            importer.restore(db.db_path(), choice, reason)
        except releases.ReasonNeeded as error:
            st.error(ctx.t("revisions.moves") + "\n\n" + _moves(ctx, error.moves))
            return
        st.session_state["restore_done"] = labels[choice]
        st.rerun()  # the page, its filters and the list of versions read the restored database


def _saved_moment(version: str | None, lang: str) -> str:
    """When a version was kept (its name is that moment in Korea time), in the viewer's words."""
    try:
        moment = datetime.strptime(version or "", "%Y%m%d-%H%M%S-%f").replace(tzinfo=KST)
    except ValueError:
        return version or "?"
    return i18n.moment(moment, lang)


def _change(last: dict | None, version: dict, lang: str) -> str:
    """What made a database as it is: the last change of its own import history (an edit by
    hand is logged as "(edition dates)" and the like), or how it was built when it has none."""
    name = str((last or {}).get("file_name") or "")
    built = re.fullmatch(r"\(build from (.*)\)", name)  # a build's own row (the first)
    if not name or built:
        if version.get("dataset") == "sample" or (built and built[1] == "sample"):
            return i18n.t("data.version_sample", lang)
        source = built[1] if built else version.get("source", "?")
        return i18n.t("data.version_built", lang, source=str(source))
    if name == "(edition dates)":
        return i18n.t("data.change_edition_dates", lang)
    if name == "(published figure added)":
        return i18n.t("data.change_published_added", lang)
    if name == "(published figure removed)":
        return i18n.t("data.change_published_removed", lang)
    if match := re.fullmatch(r"\(edition (\d+) added\)", name):
        return i18n.t("data.change_edition_added", lang, edition=int(match[1]))
    if match := re.fullmatch(r"\(edition (\d+) changed\)", name):
        return i18n.t("data.change_edition_changed", lang, edition=int(match[1]))
    return i18n.t("data.change_import", lang, file=name)


def version_labels(saved: list[dict], lang: str) -> dict[str, str]:
    """Each saved version told apart: when it was kept and what change had made it; a label
    that would still repeat (two kept in one minute after the same change) is numbered. Plain
    text (an option's label): markdown-escape it where it goes into a message."""
    labels: dict[str, str] = {}
    for version in reversed(saved):  # oldest first, so that numbers grow with time
        label = i18n.t("data.version_label", lang, saved=_saved_moment(version["version"], lang),
                       change=_change(version.get("last_change"), version, lang))
        taken = set(labels.values())
        n, unique = 2, label
        while unique in taken:
            unique, n = f"{label} ({n})", n + 1
        labels[version["version"]] = unique
    return {name: labels[name] for name in (v["version"] for v in saved)}


def edition_dates(ctx: PageContext) -> None:
    """The editions' dates to edit: headers in the page's language, moments in the viewer's
    format in Korea time (docs/style.md); what is saved is ISO 8601 with its offset."""
    st.caption(ctx.t("data.dates_help"))
    editions = data.editions()
    table = pd.DataFrame({
        "edition": editions["edition"], "year": editions["year"],
        **{column: [_moment(v) for v in editions[column]] for column in importer.DATE_COLUMNS},
        "venue": editions["venue"].fillna(""), "note": editions["note"].fillna(""),
    })
    edited = st.data_editor(table, hide_index=True,
                            key=f"edition_dates_{st.session_state.get('dates_round', 0)}",
                            disabled=["edition", "year"], column_config=_date_columns(ctx),
                            placeholder=ctx.t("data.not_set"))
    reason = st.text_input(ctx.t("revisions.reason_label"), key="dates_reason",
                           help=ctx.t("revisions.reason_help"))
    if st.button(ctx.t("dates_save")):
        rows = [{k: _iso(v) if k in importer.DATE_COLUMNS else v for k, v in row.items()}
                for row in edited.to_dict("records")]
        try:
            changes = importer.update_editions(db.db_path(), rows, reason)
        except guards.ImportRefused as error:
            st.error(dates_problems(ctx, rows, error.problems))
            return
        if changes:
            st.session_state["dates_done"] = True
            st.session_state["dates_round"] = st.session_state.get("dates_round", 0) + 1
            st.rerun()  # the page and its filters read the new dates
    if st.session_state.pop("dates_done", None):
        st.success(ctx.t("dates_saved"))


def dates_problems(ctx: PageContext, rows: list[dict], problems: list[Problem]) -> str:
    """The editor's problems, each where the editor shows it: the edition's row and the
    column's header, what was given in the viewer's format, why."""
    return "\n".join(f"- {said(ctx, p, edition=rows[p.row - 1]['edition'])}" if p.row
                      else f"- {said(ctx, p)}" for p in problems)


def _date_columns(ctx: PageContext) -> dict:
    """The editor's headers in the page's language, never the columns' codes."""
    config = {"edition": st.column_config.NumberColumn(ctx.t("edition"), format="%d"),
              "year": st.column_config.NumberColumn(ctx.t("year"), format="%d"),
              "venue": st.column_config.TextColumn(ctx.t("field_venue")),
              "note": st.column_config.TextColumn(ctx.t("field_note"))}
    for column in importer.DATE_COLUMNS:
        config[column] = st.column_config.DatetimeColumn(
            ctx.t(f"field_{column}"), format=ctx.t("datetime_column_format"),
            timezone="Asia/Seoul", help=ctx.t("data.moment_column_help"))
    return config


def _moment(value: object) -> pd.Timestamp | None:
    if value is None or pd.isna(value):
        return None
    return pd.Timestamp(value).tz_convert("Asia/Seoul")


def _iso(value: object) -> str:
    """A moment of the editor as ISO 8601 with its offset; a moment without a zone is Korea
    time; text typed as it is."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, str):
        return value
    moment = pd.Timestamp(value)
    if moment.tzinfo is None:
        moment = moment.tz_localize("Asia/Seoul")
    return moment.tz_convert("Asia/Seoul").isoformat()


# The page's name of each field a problem may be about (the CLI names them by its flags, the
# editor by its columns' codes): the messages of the labels the forms show.
FIELD_LABELS = {"year": "year", "edition": "edition", "venue": "field_venue",
                "note": "field_note", "metric": "metric", "dimension": "dimension",
                "value": "published", "published_on": "published_on", "source_url": "source",
                **{column: f"field_{column}" for column in records.DATE_FIELDS}}


def _field(ctx: PageContext, name: str | None) -> str:
    """A flag (--call-opens-at) or a column code (call_opens_at) as the page names it."""
    code = (name or "").lstrip("-").replace("-", "_")
    key = FIELD_LABELS.get(code)
    return ctx.t(key) if key else code


def _value(ctx: PageContext, field: str, value: str) -> str:
    """What was given, as the page shows it: a moment of a date field in the viewer's format."""
    if field in records.DATE_FIELDS:
        try:
            return i18n.moment(datetime.fromisoformat(value), ctx.lang)
        except (TypeError, ValueError):
            pass
    return value


def said(ctx: PageContext, problem: Problem, edition: object = None) -> str:
    """A problem in the page's words: the field as the form or the editor names it, what was
    given, why; never the command line's flags. Text, never markdown (it quotes what was
    typed)."""
    code = (problem.column or "").lstrip("-").replace("-", "_")
    values = dict(problem.values)
    if problem.key == "must_come_after":
        # "--call-opens-at (2027-02-15T00:00:00+09:00)" or "call_opens_at"
        match = re.fullmatch(r"-*([a-z_-]+)(?: \((.*)\))?", str(values["first"]))
        if match:
            first = _field(ctx, match[1])
            values["first"] = (f"{first} ({_value(ctx, match[1].replace('-', '_'), match[2])})"
                               if match[2] else first)
    reason = rejections.text(problem.key, ctx.lang, values)
    field = _field(ctx, problem.column)
    if edition is not None:
        field = ctx.t("data.field_of_edition", edition=edition, field=field)
    if problem.value in (None, ""):
        return safe.markdown(ctx.t("data.problem", field=field, reason=reason))
    return safe.markdown(ctx.t("data.problem_value", field=field,
                               value=_value(ctx, code, problem.value), reason=reason))


def _problems(ctx: PageContext, error: records.RecordError) -> None:
    st.error("\n".join(f"- {said(ctx, p)}" for p in error.problems))


def new_edition(ctx: PageContext) -> None:
    """The next edition with its dates, as `python -m prizestats edition add` records it."""
    st.caption(ctx.t("new_edition_help"))
    if added := st.session_state.pop("new_edition_done", None):
        # said once, after the rerun that empties the form for the next one
        st.success(ctx.t("data.edition_added", edition=added["edition"], year=added["year"],
                         opens=added["opens"], closes=added["closes"]))
    editions = data.editions()
    number = int(editions["edition"].max()) + 1 if len(editions) else 1
    last_year = int(editions["year"].max()) if len(editions) else 2022
    # keyed on the edition it adds: once added, the next run shows an empty form for the next
    with st.form(f"new_edition_{number}"):
        left, right = st.columns(2)
        left.text_input(ctx.t("edition"), value=str(number), disabled=True,
                        key=f"new_edition_{number}_edition")
        given = {"year": right.text_input(ctx.t("year"), value=str(last_year + 1),
                                          key=f"new_edition_{number}_year")}
        for i, field in enumerate(records.DATE_FIELDS):
            column = left if i % 2 == 0 else right
            given[field] = column.text_input(ctx.t(f"field_{field}"), placeholder="2027-02-15",
                                             help=ctx.t("moment_help"),
                                             key=f"new_edition_{number}_{field}")
        given["venue"] = left.text_input(ctx.t("field_venue"), key=f"new_edition_{number}_venue")
        given["note"] = right.text_input(ctx.t("field_note"), key=f"new_edition_{number}_note")
        if not st.form_submit_button(ctx.t("new_edition_add"), type="primary"):
            return
    try:
        added = records.add_edition(db.db_path(), number, given)
    except records.RecordError as error:
        _problems(ctx, error)
        return
    st.session_state["new_edition_done"] = {
        "edition": added.number, "year": added.year,
        "opens": i18n.moment(added.call_opens_at, ctx.lang),
        "closes": i18n.moment(added.call_closes_at, ctx.lang)}
    st.rerun()


def published_figures(ctx: PageContext) -> None:
    """The figures the organisers published: recorded here, shown to others once public."""
    st.caption(ctx.t("published_help"))
    if done := st.session_state.pop("published_done", None):
        st.success(ctx.t(done))  # said after the rerun that shows the table as it now is
    figures = data.published_figures_all(ctx.view)
    from prizestats.words import about

    st.dataframe(about.sources_table(figures, ctx.lang, organiser=True), hide_index=True,
                 key="published_recorded",
                 column_config={ctx.t("source"): SOURCE_LINK})
    editions = [int(e) for e in data.editions()["edition"]]
    with st.form("published_add"):
        left, middle, right = st.columns(3)
        given = {
            "edition": str(left.selectbox(ctx.t("edition"), editions,
                                          index=editions.index(ctx.edition)
                                          if ctx.edition in editions else 0)),
            "metric": middle.selectbox(ctx.t("metric"), list(records.METRICS),
                                       format_func=lambda m: i18n.label(m, ctx.lang)),
            "dimension": right.text_input(ctx.t("dimension"), help=ctx.t("dimension_help")),
            "value": left.text_input(ctx.t("published")),
            "published_on": middle.text_input(ctx.t("published_on"), placeholder="2027-08-25",
                                              help=ctx.t("published_on_help")),
            "source_url": right.text_input(ctx.t("source"), placeholder="https://"),
            "note": st.text_input(ctx.t("field_note")),
        }
        submitted = st.form_submit_button(ctx.t("published_add"), type="primary")
    if submitted:
        try:
            records.add_published(db.db_path(), given)
        except records.RecordError as error:
            _problems(ctx, error)
        else:
            st.session_state["published_done"] = "published_added"
            st.rerun()
    if figures.empty:
        return
    keys = [(int(e), m, d) for e, m, d in zip(figures["edition"], figures["metric"],
                                                 figures["dimension"], strict=True)]
    choice = st.selectbox(ctx.t("published_remove_choice"), keys, format_func=lambda k: (
        f"{k[0]} · {i18n.label(k[1], ctx.lang)}" + (f" · {i18n.label(k[2], ctx.lang)}"
                                                    if k[2] else "")), key="published_remove")
    if st.button(ctx.t("published_remove")):
        try:
            records.remove_published(db.db_path(), *choice)
        except records.RecordError as error:
            _problems(ctx, error)
        else:
            st.session_state["published_done"] = "published_removed"
            st.rerun()
