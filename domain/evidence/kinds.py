"""What may be stored as evidence, as plain rules: the type from the content's first bytes, a name without folders."""

from __future__ import annotations

import io
import re
import zipfile

MAX_BYTES = 20 * 1024 * 1024  # 20 MB per file
IMAGES = frozenset({"image/jpeg", "image/png", "image/gif", "image/webp"})
_OOXML = {"word/": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
          "xl/": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
          "ppt/": "application/vnd.openxmlformats-officedocument.presentationml.presentation"}
EXTENSIONS = {"image/jpeg": ".jpg", "image/png": ".png", "image/gif": ".gif", "image/webp": ".webp",
              "application/pdf": ".pdf", "application/x-ole-storage": ".doc",
              _OOXML["word/"]: ".docx", _OOXML["xl/"]: ".xlsx", _OOXML["ppt/"]: ".pptx"}
KIND_NAMES = "照片（JPEG、PNG、GIF、WebP）、PDF、Office 文件（Word、Excel、PowerPoint）"


def media_type_of(data: bytes) -> str | None:
    """The media type the content's magic bytes say, among those accepted; None for anything else (an
    executable renamed .jpg, a script, an archive that is not an Office file)."""
    head = data[:16]
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "application/x-ole-storage"  # .doc / .xls / .ppt (97–2003)
    if head.startswith(b"PK\x03\x04"):
        try:
            names = zipfile.ZipFile(io.BytesIO(data)).namelist()
        except (zipfile.BadZipFile, ValueError):
            return None
        if "[Content_Types].xml" in names:
            for prefix, kind in _OOXML.items():
                if any(n.startswith(prefix) for n in names):
                    return kind
    return None


def safe_name(name: str | None, media_type: str) -> str:
    """The uploaded file's own name, without any folder it claimed (`../../etc/x.jpg` → `x.jpg`), control
    characters or more than 100 characters; a name from the type when nothing is left."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = "".join(c for c in base if c.isprintable() and c not in '<>:"|?*').strip().lstrip(".")
    if not base:
        base = "file" + EXTENSIONS.get(media_type, "")
    return base[-100:]
