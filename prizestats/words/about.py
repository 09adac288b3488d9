"""The About page, in English and Korean: definitions and rules in plain words, and the
glossary and the published figures' sources as tables."""

from __future__ import annotations

import pandas as pd

from prizestats.core import reference, safe
from prizestats.core.disclosure import FLAGS
from prizestats.words import catalog, i18n

# The About page's rules (about.* messages): a heading, the list of what is counted, then one
# paragraph a rule. The report's definitions are the same text.
HEADING = "counted"
COUNTED = ("counted.1", "counted.2", "counted.3")
RULES = ("regions", "as_of", "embargo", "published_figures", "small_counts", "personal_data")


def rules(lang: str) -> str:
    """The rules as markdown: definitions, regions, as-of, embargo, published figures, small
    counts, personal data."""
    say = lambda name: catalog.lookup(f"about.{name}", lang)  # noqa: E731
    blocks = [say(HEADING), "\n".join(f"- {say(name)}" for name in COUNTED),
              *(say(name) for name in RULES)]
    return "\n" + "\n\n".join(blocks) + "\n"


def text(lang: str, is_sample: bool, dataset: dict[str, str]) -> str:
    origin = (i18n.t("about.dataset_sample", lang) if is_sample
              else i18n.t("about.dataset_other", lang, built_at=dataset.get("built_at", "?")))
    return f"{origin}\n\n{rules(lang)}\n{flags_legend(lang)}"


def flags_legend(lang: str) -> str:
    """The status flags of the machine outputs, as the About page explains them."""
    lines = [f"- `{flag}`: {i18n.t(f'bundle.flag.{flag}', lang)}" for flag in FLAGS]
    return i18n.t("about.flags", lang) + "\n\n" + "\n".join(lines) + "\n"


def glossary_table(lang: str) -> pd.DataFrame:
    """The glossary (data/reference/glossary.csv) as the About page shows it: each term in
    English and Korean, with what it means in the page's language (note, note_ko)."""
    rows = reference.glossary()
    note = "note_ko" if lang == "ko" else "note"
    return pd.DataFrame({
        i18n.t("english", lang): [row["en"] for row in rows],
        i18n.t("korean", lang): [row["ko"] for row in rows],
        i18n.t("note", lang): [row[note] for row in rows],
    })


def sources_table(published: pd.DataFrame, lang: str, organiser: bool = False) -> pd.DataFrame:
    """Every published figure the viewer may see (published_as_of); organisers also see from
    when each is public, figures not public yet included."""
    table = pd.DataFrame({
        i18n.t("year", lang): published["year"],
        i18n.t("metric", lang): [i18n.label(m, lang) for m in published["metric"]],
        i18n.t("dimension", lang): [i18n.label(d, lang) for d in published["dimension"]],
        i18n.t("published", lang): published["value"],
        i18n.t("published_on", lang): [i18n.day(d, lang) for d in published["published_on"]],
        i18n.t("source", lang): [safe.web_link(u) for u in published["source_url"]],
    })
    if organiser:
        table[i18n.t("public_from_column", lang)] = [
            i18n.t("never_public", lang) if pd.isna(moment)
            else i18n.moment(moment.to_pydatetime(), lang) for moment in published["public_at"]]
    return table
