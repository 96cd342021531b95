"""The evidence store's files: content-addressed (<root>/ab/abcdef…), written atomically, with a JPEG thumbnail
for images when Pillow is installed. What may be stored is decided above (domain.evidence)."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

from adapters.files import write_atomically

THUMB_SIZE = (320, 320)


def blob_path(root: Path, sha256: str) -> Path:
    return root / sha256[:2] / sha256


def thumb_path(root: Path, sha256: str) -> Path:
    return root / "thumbs" / f"{sha256}.jpg"


def put(root: Path, data: bytes) -> str:
    """Store `data` under its SHA-256 (once: the same content again is not written again); its hex digest."""
    sha = hashlib.sha256(data).hexdigest()
    path = blob_path(root, sha)
    if not path.exists():
        write_atomically(path, lambda p: p.write_bytes(data))
    return sha


def make_thumbnail(root: Path, sha256: str, data: bytes) -> bool:
    """A JPEG thumbnail of an image (False when Pillow is missing or the image cannot be decoded)."""
    try:
        from PIL import Image
    except ImportError:  # pragma: no cover - Pillow is in the dependency tree
        return False
    path = thumb_path(root, sha256)
    if path.exists():
        return True
    try:
        with Image.open(io.BytesIO(data)) as img:
            img.thumbnail(THUMB_SIZE)
            out = io.BytesIO()
            img.convert("RGB").save(out, "JPEG", quality=80)
    except Exception:  # a file whose magic bytes say image but whose body is not one: no thumbnail
        return False
    write_atomically(path, lambda p: p.write_bytes(out.getvalue()))
    return True
