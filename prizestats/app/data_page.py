"""Layout pieces of the Data page: import with a dry run, history, versions, edition dates."""

from __future__ import annotations

import json

import pandas as pd
import streamlit as st

from prizestats.app import data
from prizestats.app.context import PageContext
from prizestats.app.views import SOURCE_LINK, built_at
from prizestats.core import safe
from prizestats.figures import revisions
from prizestats.store import archive, db, guards, importer, reading, records, releases
from prizestats.words import i18n

UPLOAD_TYPES = ["csv", "txt", "tsv", "xlsx", "xlsm"]


def current_database(ctx: PageContext) -> None:
    # the source is the name of an uploaded file: text, never markdown
    st.caption(ctx.t("current_database", dataset=ctx.dataset.get("dataset", "?"),
                     built_at=built_at(ctx),
                     source=safe.markdown(ctx.dataset.get("source", "?"))))


def _problems_table(ctx: PageContext, problems: list) -> pd.DataFrame:
    return pd.DataFrame({
        ctx.t("row"): [p.row for p in problems], ctx.t("column"): [p.column or "" for p in problems],
        ctx.t("value"): [p.value or "" for p in problems],
        ctx.t("reason"): [p.reason_in(ctx.lang) for p in problems]})


def upload(ctx: PageContext) -> None:
    st.caption(ctx.t("upload_help"))
    # The importer's own limit (server.maxUploadSize, read by guards.limits), so the uploader
    # refuses what the importer would, whatever `streamlit run` was given.
    file = st.file_uploader(ctx.t("upload_file"), type=UPLOAD_TYPES, key="upload_file",
                            max_upload_size=guards.limits().max_bytes // guards.MEGABYTE)
    left, middle, right = st.columns(3)
    edition = left.number_input(ctx.t("upload_edition"), min_value=0, step=1, value=0,
                                help="0 = the file has an edition column")
    sheet = middle.text_input(ctx.t("upload_sheet"))
    partial = right.checkbox(ctx.t("upload_partial"))
    if file is None:
        return
    # Held in memory through the dry run (it holds personal data): the importer keeps a copy in
    # data/imports/ only once an import is confirmed and written.
    source = reading.Upload(file.name, file.getvalue())
    options = {"edition": int(edition) or None, "sheet": sheet or None, "partial": partial}
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
    reason = _reason(ctx, report)
    blocked = blocked or (report.moves and not reason)
    if st.button(ctx.t("upload_confirm"), type="primary", disabled=bool(blocked)):
        try:
            with st.spinner(file.name):
                done = importer.run_import(source, db.db_path(), reason=reason, **options)
        except releases.ReasonNeeded:  # public figures moved since the dry run
            st.warning(ctx.t("revisions.moves"))
            return
        if done.written:
            st.success(ctx.t("upload_done", version=done.version_saved))
        else:  # the database changed between the dry run and now
            st.warning(ctx.t("upload_blocked") if done.problems else ctx.t("upload_unchanged"))


def _moves(ctx: PageContext, moves: list[releases.Move]) -> str:
    """The public figures a change would move, one a line: "Entries (edition 3): 220 → 219"."""
    return "\n".join(
        f"- {safe.markdown(revisions.figure_name(m.metric, m.dimension, ctx.lang))} "
        f"({ctx.t('revisions.edition', edition=m.edition)}): "
        f"{i18n.number(revisions.plain(m.before), ctx.lang)} → "
        f"{i18n.number(revisions.plain(m.after), ctx.lang)}" for m in moves)


def _reason(ctx: PageContext, report: importer.Report) -> str:
    """The confirm step's "Reason for this change": kept with the import; required (the
    button stays disabled) when the dry run shows figures already public would move, which
    are listed."""
    if report.moves:
        st.warning(ctx.t("revisions.moves"))
        st.markdown(_moves(ctx, report.moves))
    return st.text_input(ctx.t("revisions.reason_label"), key="upload_reason",
                         help=ctx.t("revisions.reason_help")).strip()


def _show_report(ctx: PageContext, report: importer.Report) -> None:
    st.write(ctx.t("upload_summary", file=safe.markdown(report.file),
                   read_as=safe.markdown(report.described),
                   read=i18n.number(report.rows_read, ctx.lang),
                   accepted=i18n.number(len(report.accepted), ctx.lang),
                   rejected=i18n.number(len(report.rejected_rows), ctx.lang)))
    if report.replaced_sample:
        st.info(ctx.t("upload_replaces_sample"))
    if report.unchanged:
        st.info(ctx.t("upload_unchanged"))
    for edition, change in report.diff.items():
        st.write(ctx.t("upload_diff", edition=edition, added=len(change["added"]),
                       removed=len(change["removed"]), changed=len(change["changed"]),
                       stages=len(change["stage_changes"])))
    if report.problems:
        st.subheader(ctx.t("problems"))
        st.dataframe(_problems_table(ctx, report.problems), hide_index=True, key="upload_problems")


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
    st.dataframe(pd.DataFrame({
        "#": frame["import_id"], ctx.t("upload_file"): frame["file_name"],
        ctx.t("row"): frame["rows_read"], "✓": frame["rows_accepted"],
        "✗": frame["rows_rejected"], ctx.t("edition"): frame["editions_replaced"],
        "diff": summary, "KST": [i18n.moment(t, ctx.lang) for t in frame["finished_at"]]}),
        hide_index=True, key="history")


def versions(ctx: PageContext) -> None:
    st.caption(ctx.t("restore_help"))
    saved = archive.list_versions(db.db_path())
    if not saved:
        st.write(ctx.t("no_versions"))
        return
    names = [v["version"] for v in saved]
    labels = {v["version"]: f"{v['version']} · {v['dataset']} · {v['source']}" for v in saved}
    choice = st.selectbox(ctx.t("restore_heading"), names, format_func=labels.get)
    reason = st.text_input(ctx.t("revisions.reason_label"), key="restore_reason",
                           help=ctx.t("revisions.reason_help"))
    if st.button(ctx.t("restore_button")):
        try:
            importer.restore(db.db_path(), choice, reason)
        except releases.ReasonNeeded as error:
            st.error(ctx.t("revisions.moves") + "\n\n" + _moves(ctx, error.moves))
            return
        st.success(ctx.t("restored", version=choice))


def edition_dates(ctx: PageContext) -> None:
    """The editions' dates to edit: headers in the page's language, moments in the viewer's
    format in Korea time (docs/style.md); what is saved is ISO 8601 with its offset."""
    st.caption(ctx.t("dates_help"))
    editions = data.editions()
    table = pd.DataFrame({
        "edition": editions["edition"], "year": editions["year"],
        **{column: [_moment(v) for v in editions[column]] for column in importer.DATE_COLUMNS},
        "venue": editions["venue"].fillna(""), "note": editions["note"].fillna(""),
    })
    edited = st.data_editor(table, hide_index=True, key="edition_dates",
                            disabled=["edition", "year"], column_config=_date_columns(ctx))
    reason = st.text_input(ctx.t("revisions.reason_label"), key="dates_reason",
                           help=ctx.t("revisions.reason_help"))
    if st.button(ctx.t("dates_save")):
        rows = [{k: _iso(v) if k in importer.DATE_COLUMNS else v for k, v in row.items()}
                for row in edited.to_dict("records")]
        try:
            changes = importer.update_editions(db.db_path(), rows, reason)
        except guards.ImportRefused as error:
            # a problem quotes what was typed: text, never markdown
            st.error("\n".join(f"- {safe.markdown(p.located(ctx.lang))}" for p in error.problems))
            return
        if changes:
            st.success(ctx.t("dates_saved"))


def _date_columns(ctx: PageContext) -> dict:
    """The editor's headers in the page's language, never the columns' codes."""
    config = {"edition": st.column_config.NumberColumn(ctx.t("edition"), format="%d"),
              "year": st.column_config.NumberColumn(ctx.t("year"), format="%d"),
              "venue": st.column_config.TextColumn(ctx.t("field_venue")),
              "note": st.column_config.TextColumn(ctx.t("field_note"))}
    for column in importer.DATE_COLUMNS:
        config[column] = st.column_config.DatetimeColumn(
            ctx.t(f"field_{column}"), format=ctx.t("datetime_column_format"),
            timezone="Asia/Seoul")
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


def _problems(ctx: PageContext, error: records.RecordError) -> None:
    # a problem quotes what was typed: text, never markdown
    st.error("\n".join(f"- {safe.markdown(records.describe(p, ctx.lang))}"
                       for p in error.problems))


def new_edition(ctx: PageContext) -> None:
    """The next edition with its dates, as `python -m prizestats edition add` records it."""
    st.caption(ctx.t("new_edition_help"))
    editions = data.editions()
    number = int(editions["edition"].max()) + 1 if len(editions) else 1
    last_year = int(editions["year"].max()) if len(editions) else 2022
    with st.form("new_edition"):
        left, right = st.columns(2)
        left.text_input(ctx.t("edition"), value=str(number), disabled=True)
        given = {"year": right.text_input(ctx.t("year"), value=str(last_year + 1))}
        for i, field in enumerate(records.DATE_FIELDS):
            column = left if i % 2 == 0 else right
            given[field] = column.text_input(ctx.t(f"field_{field}"), placeholder="2027-02-15",
                                             help=ctx.t("moment_help"))
        given["venue"] = left.text_input(ctx.t("field_venue"))
        given["note"] = right.text_input(ctx.t("field_note"))
        if not st.form_submit_button(ctx.t("new_edition_add"), type="primary"):
            return
    try:
        added = records.add_edition(db.db_path(), number, given)
    except records.RecordError as error:
        _problems(ctx, error)
        return
    st.success(ctx.t("new_edition_added", edition=added.number, year=added.year))


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
