"""Every setting of prizestats, read in one place: the environment and the project's Streamlit config.

Each setting is read when it is asked for (not at import), so a test or a command can point it
elsewhere. SETTINGS is the list the README's "Configuration" table documents (tests/test_docs.py
checks that every one is there). Two things are read by Streamlit itself and reach the code
through the app's edge (prizestats.app.frame): the secrets file's [auth] and [prizestats.roles]
(st.secrets; the digest reads the same file with `secrets_file`), and the address the server is
bound to (st.get_option).
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import NamedTuple

from prizestats.core.reference import ROOT


class Setting(NamedTuple):
    name: str
    meaning: str


SETTINGS = (
    Setting("PRIZESTATS_DB", "the database file"),
    Setting("PRIZESTATS_ROLE", "the role a local run is viewed as"),
    Setting("PRIZESTATS_PUBLIC", "public mode: press only"),
    Setting("PRIZESTATS_ALLOW_SAMPLE", "public mode may show the sample"),
    Setting("PRIZESTATS_UPLOAD_RETENTION_DAYS", "how long purge-uploads keeps raw uploads"),
    Setting("PRIZESTATS_NOW", "the clock, for tests and replays"),
    Setting("PRIZESTATS_PUBLIC_URL",
            "the dashboard's public address, for share links, embeds and bundles"),
    Setting("STREAMLIT_SERVER_MAX_UPLOAD_SIZE", "the largest upload, in MB"),
    Setting("PRIZESTATS_LICENCE", "the licence of published data"),
)

DEFAULT_DB = ROOT / "data" / "prizestats.duckdb"
STREAMLIT_CONFIG = ROOT / ".streamlit" / "config.toml"
DEFAULT_SECRETS = Path(".streamlit/secrets.toml")  # where `streamlit run` looks, from the working folder
UPLOAD_SIZE_VARIABLE = "STREAMLIT_SERVER_MAX_UPLOAD_SIZE"
STREAMLIT_DEFAULT_UPLOAD_MB = 200  # Streamlit's own default, when nothing sets server.maxUploadSize
DEFAULT_RETENTION_DAYS = 365
DEFAULT_APP_URL = "http://127.0.0.1:8501"  # where `make run` serves the dashboard
# The licences published data can carry (their words: the licence.* messages; their addresses:
# prizestats.figures.press.LICENCES). KOGL Type 1: the Korean public sector's open licence.
LICENCE_CODES = ("kogl-1", "cc-by-4.0")
DEFAULT_LICENCE = "kogl-1"


def _text(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def _switch(name: str) -> bool:
    return _text(name) in ("1", "true", "yes")


def database() -> Path:
    """PRIZESTATS_DB when set, else data/prizestats.duckdb."""
    return Path(_text("PRIZESTATS_DB") or DEFAULT_DB)


def fixed_now() -> str | None:
    """PRIZESTATS_NOW, the clock of tests and replays (ISO 8601), or None: the real clock."""
    return _text("PRIZESTATS_NOW") or None


def public_url() -> str | None:
    """PRIZESTATS_PUBLIC_URL as written (the caller checks it is an http(s) address), or None:
    share links then take the address in the reader's browser."""
    return _text("PRIZESTATS_PUBLIC_URL") or None


def public_mode() -> bool:
    return _switch("PRIZESTATS_PUBLIC")


def sample_allowed_in_public() -> bool:
    return _switch("PRIZESTATS_ALLOW_SAMPLE")


def local_role(default: str) -> str:
    """PRIZESTATS_ROLE as written (lowercased), else `default`; the caller checks it is a role."""
    return _text("PRIZESTATS_ROLE", default).lower()


def upload_retention_days() -> str:
    """PRIZESTATS_UPLOAD_RETENTION_DAYS as written; the caller says what is wrong with it."""
    return _text("PRIZESTATS_UPLOAD_RETENTION_DAYS") or str(DEFAULT_RETENTION_DAYS)


def upload_limit_text(config: Path = STREAMLIT_CONFIG) -> str:
    """server.maxUploadSize as `streamlit run` takes it: its environment variable, else the
    project's .streamlit/config.toml, else Streamlit's default. The uploader and the importer
    both read this one setting."""
    text = _text(UPLOAD_SIZE_VARIABLE)
    if text:
        return text
    try:
        with config.open("rb") as handle:
            server = tomllib.load(handle).get("server", {})
    except FileNotFoundError:
        server = {}
    return str(server.get("maxUploadSize", STREAMLIT_DEFAULT_UPLOAD_MB))


class SettingsError(ValueError):
    """A setting that cannot be read, said in one line."""


def licence() -> str:
    """PRIZESTATS_LICENCE (kogl-1 or cc-by-4.0), else KOGL Type 1: the licence every published
    file, page and image names."""
    code = _text("PRIZESTATS_LICENCE", DEFAULT_LICENCE).lower() or DEFAULT_LICENCE
    if code not in LICENCE_CODES:
        raise SettingsError(f"PRIZESTATS_LICENCE={code!r}: the licences are "
                            f"{', '.join(LICENCE_CODES)}")
    return code



def read_secrets(path: Path | None) -> dict:
    """The secrets file as a dict: the one given, else the app's own. None at the default place
    means no role map and no SMTP settings, while a file given that is missing is an error."""
    explicit = path is not None
    path = path or DEFAULT_SECRETS
    if not path.exists():
        if explicit:
            raise SettingsError(f"{path}: secrets file not found")
        return {}
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise SettingsError(f"{path}: not a readable TOML file ({error})") from None
