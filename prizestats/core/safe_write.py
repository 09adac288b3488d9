"""Files written so that a link placed in an output folder is never written through.

Someone who can put files in an output folder (a shared folder, the data folder) could leave a
symbolic link at the name of a file about to be written, or of its temporary file: writing by name
would then overwrite whatever the link points to. So every file is written first into a new
private folder made beside it (mkdtemp: created here and now, mode 0700, so nothing can be waiting
in it), then renamed into place; a rename replaces a link at the final name, never follows it.
"""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO


@contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """A path for another program to write (DuckDB, chromium), renamed to `path` when the block
    ends without error; nothing is left of it otherwise."""
    folder = Path(tempfile.mkdtemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent))
    try:
        staging = folder / path.name
        yield staging
        staging.replace(path)  # a rename: a link at `path` is replaced, not followed
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def atomic_file(path: Path, mode: str = "wb", **options) -> Iterator[IO]:
    """A new file (mode "wb" or "w", with open's other options) that becomes `path` once whole:
    a crash leaves the old file or the new one, never half."""
    with atomic_path(path) as staging, staging.open(mode.replace("w", "x"), **options) as handle:
        yield handle
        handle.flush()
        os.fsync(handle.fileno())


def atomic_write(path: Path, data: bytes | str, encoding: str = "utf-8") -> Path:
    """`data` as the whole content of `path` (text as UTF-8 unless told)."""
    if isinstance(data, str):
        data = data.encode(encoding)
    with atomic_file(path) as handle:
        handle.write(data)
    return path


def make_folder(path: Path) -> Path:
    """A folder a command makes inside its output folder (the press kit's en/, en/charts/): a
    link found in its place is refused, since writing into it would write elsewhere."""
    path.mkdir(exist_ok=True)
    if path.is_symlink():
        raise FileExistsError(errno.EEXIST, "is a link, not a folder: remove it first", str(path))
    return path


def open_lock(path: Path) -> IO:
    """A lock file, opened (made if need be) without following a link and without emptying what
    it finds: only its flock matters."""
    flags = os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC
    return os.fdopen(os.open(path, flags, 0o666), "r+b")
