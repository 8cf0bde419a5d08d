"""Content-addressed archive of every byte we fetched or were given.

Layout: ``<root>/<sha[:2]>/<sha>`` where ``sha`` is the lowercase hex sha256 of
the bytes. Writes are atomic (temporary file in the same folder, fsync, rename),
so a crash leaves either no file or the complete file, never a half-written one.
Storing the same bytes twice is a no-op. File names never come from the outside
world; `safe_name` exists for the places that want a readable name next to the
hash (exports, inbox quarantine) and guarantees it cannot leave its folder.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import tempfile
import unicodedata
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

__all__ = ["Archive", "archive_relpath", "atomic_write", "safe_join", "safe_name", "sha256_hex"]

_SHA_RE = re.compile(r"^[0-9a-f]{64}$")
_UNSAFE_CHARS = re.compile(r"[^\w.\-\u3400-\u9fff]+", re.UNICODE)
_WINDOWS_RESERVED = {
    "con",
    "prn",
    "aux",
    "nul",
    *(f"com{i}" for i in range(1, 10)),
    *(f"lpt{i}" for i in range(1, 10)),
}


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def archive_relpath(sha256: str) -> str:
    """Where the bytes of `sha256` live under the warehouse folder (always derived, never stored)."""
    return f"archive/{sha256[:2]}/{sha256}"


def atomic_write(path: str | os.PathLike[str], data: bytes, *, prefix: str = ".tmp-") -> None:
    """Write `data` to `path` so that a crash leaves the old file or the new one, never half of one.

    The one atomic writer of acquire/ (archive, intake records, validator state, fetch-log
    staging): a temporary file in the same folder (named `prefix...`, so it never matches the
    final names' globs), fsync, rename over `path`, fsync of the folder so the rename survives
    a power cut. The temporary file is removed if anything fails.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=prefix, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    _fsync_dir(path.parent)


class Archive:
    """Content-addressed store rooted at `root` (created on first write).

    `Archive.under(warehouse_dir)` gives the conventional ``<warehouse_dir>/archive``.
    """

    def __init__(self, root: str | os.PathLike[str]) -> None:
        self.root = Path(root).resolve()

    @classmethod
    def under(cls, folder: str | os.PathLike[str]) -> Archive:
        return cls(Path(folder) / "archive")

    def path_for(self, sha256: str) -> Path:
        sha = sha256.lower()
        if not _SHA_RE.match(sha):
            raise ValueError(f"not a sha256 hex digest: {sha256!r}")
        return self.root / sha[:2] / sha  # the layout of archive_relpath, under any root

    def exists(self, sha256: str) -> bool:
        return self.path_for(sha256).is_file()

    def read(self, sha256: str) -> bytes:
        return self.path_for(sha256).read_bytes()

    def store(self, data: bytes) -> tuple[str, Path]:
        """Store `data`; return (sha256, path). Idempotent and atomic."""
        sha = sha256_hex(data)
        path = self.path_for(sha)
        try:
            if path.stat().st_size == len(data):
                return sha, path
        except FileNotFoundError:
            pass
        atomic_write(path, data, prefix=f".tmp-{sha[:12]}-")
        return sha, path


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - platforms without directory fds
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(fd)


def safe_name(url_or_filename: str, *, max_bytes: int = 120, default: str = "document") -> str:
    """A single, harmless file-name component derived from a URL or a file name.

    The result never contains a path separator, NUL or control character, is never
    ``.``/``..``/empty/hidden, is at most `max_bytes` UTF-8 bytes, and keeps the
    extension where it can. Names that had to be shortened get a short hash of the
    original so distinct inputs stay distinct.
    """
    text = url_or_filename or ""
    text = text.replace("\x00", "")
    if re.match(r"^[A-Za-z][A-Za-z0-9+.\-]*://", text):
        path = urlsplit(text).path
    else:
        path = text.split("?", 1)[0].split("#", 1)[0]
    path = unquote(path).replace("\x00", "").replace("\\", "/")
    last = PurePosixPath(path).name if path.strip("/") else ""
    last = unicodedata.normalize("NFC", last)
    cleaned = _UNSAFE_CHARS.sub("_", last).strip("._ ")
    cleaned = re.sub(r"_+", "_", cleaned)
    if not cleaned or cleaned in {".", ".."}:
        cleaned = default
    stem, dot, ext = cleaned.rpartition(".")
    if not dot:
        stem, ext = cleaned, ""
    if stem.lower() in _WINDOWS_RESERVED:
        cleaned = "_" + cleaned
    encoded = cleaned.encode("utf-8")
    if len(encoded) > max_bytes or cleaned != last:
        # Keep names recognisable but unambiguous once they were altered.
        digest = hashlib.sha256(url_or_filename.encode("utf-8", "surrogatepass")).hexdigest()[:10]
        ext = ext[:16] if dot else ""
        suffix = f"-{digest}" + (f".{ext}" if ext else "")
        stem_part = cleaned[: -(len(ext) + 1)] if ext and cleaned.endswith("." + ext) else cleaned
        room = max_bytes - len(suffix.encode("utf-8"))
        stem_bytes = stem_part.encode("utf-8")[: max(room, 1)]
        stem_part = stem_bytes.decode("utf-8", "ignore").rstrip("._ ") or default[: max(room, 1)]
        cleaned = stem_part + suffix
    return cleaned


def safe_join(folder: str | os.PathLike[str], url_or_filename: str, **kwargs: object) -> Path:
    """`folder / safe_name(...)`, checked to stay inside `folder`."""
    base = Path(folder).resolve()
    candidate = (base / safe_name(url_or_filename, **kwargs)).resolve()  # type: ignore[arg-type]
    if candidate.parent != base:
        raise ValueError(f"refusing a name that escapes {base}: {url_or_filename!r}")
    return candidate
