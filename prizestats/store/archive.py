"""The database versions an import, a build or a restore keeps (data/versions/), and the raw
uploads kept beside them (data/imports/)."""

from __future__ import annotations

import contextlib
import re
import shutil
from datetime import datetime
from pathlib import Path

import duckdb

from prizestats.core.safe_write import atomic_file, atomic_write
from prizestats.core.times import KST
from prizestats.store import db
from prizestats.store.guards import refuse
from prizestats.store.reading import Upload

VERSIONS_KEPT = 5


def data_dir(target: Path) -> Path:
    return target.parent


def keep_raw(upload: Upload, digest: str, target: Path) -> Path:
    """The imported file, kept beside the database so an import can be checked later (and
    purged: purge_uploads)."""
    folder = data_dir(target) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    kept = folder / f"{digest}{Path(upload.name).suffix.lower() or '.dat'}"
    if not kept.is_file() or kept.is_symlink():
        atomic_write(kept, upload.data)
    return kept


def versions_dir(target: Path) -> Path:
    return data_dir(target) / "versions"


def save_version(target: Path, prune: bool = True) -> str:
    """Copy the live database aside (then keep the newest VERSIONS_KEPT, unless told not to yet)."""
    folder = versions_dir(target)
    folder.mkdir(parents=True, exist_ok=True)
    name = datetime.now(KST).strftime("%Y%m%d-%H%M%S-%f")
    with atomic_file(folder / f"{name}.duckdb") as copy, target.open("rb") as live:
        shutil.copyfileobj(live, copy)
    if prune:
        prune_versions(target)
    return name


def discard_version(target: Path, version: str) -> None:
    """Undo save_version after a write that failed: leave every file as it was."""
    (versions_dir(target) / f"{version}.duckdb").unlink(missing_ok=True)
    with contextlib.suppress(OSError):  # a folder this version made, and nothing else holds
        versions_dir(target).rmdir()


def prune_versions(target: Path) -> None:
    for old in list_versions(target)[VERSIONS_KEPT:]:
        (versions_dir(target) / f"{old['version']}.duckdb").unlink()


def list_versions(target: Path) -> list[dict[str, object]]:
    """Newest first: version name, when it was built, what it held, and the last change of
    its import history (what made it as it is; None when it has none)."""
    folder = versions_dir(target)
    found = []
    for path in sorted(folder.glob("*.duckdb"), reverse=True) if folder.exists() else []:
        meta = db.read_meta(path) or {}
        found.append({"version": path.stem, "built_at": meta.get("built_at", "?"),
                      "dataset": meta.get("dataset", "?"), "source": meta.get("source", "?"),
                      "last_change": db.read_last_change(path)})
    return found


def saved_version(target: Path, version: str) -> Path:
    source = versions_dir(target) / f"{version}.duckdb"
    if not re.fullmatch(r"[0-9-]+", version) or not source.is_file():
        names = ", ".join(v["version"] for v in list_versions(target))
        raise (refuse(version, "no_such_version", names=names) if names
               else refuse(version, "no_such_version_none"))
    return source


def restore_version(target: Path, version: str) -> str:
    """Bring a saved version back (the current database is saved as a version first)."""
    source = saved_version(target, version)
    try:
        duckdb.connect(str(source), read_only=True).close()
    except duckdb.Error as error:
        raise refuse(version, "version_unreadable", detail=str(error)) from None
    # Copy the version out first: saving the current database prunes old versions, which may
    # include the very one being restored.
    with atomic_file(target) as copy:
        with source.open("rb") as version:
            shutil.copyfileobj(version, copy)
        saved = save_version(target) if target.exists() else None
    return saved or ""


def purge_uploads(target: Path, days: int, now: datetime | None = None) -> list[Path]:
    """Delete kept raw uploads older than `days` days (they hold personal data)."""
    folder = data_dir(target) / "imports"
    cutoff = (now or datetime.now(KST)).timestamp() - days * 86400
    removed = []
    for path in sorted(folder.glob("*")) if folder.exists() else []:
        if path.is_file() and path.stat().st_mtime < cutoff:
            path.unlink()
            removed.append(path)
    return removed
