"""The evidence store's operations, each on a unit of work: store a file (from an upload or a path given to the
CLI), attach stored files to an issue, list an issue's files, find one to serve."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import sqlalchemy as sa

from adapters import evidence_store
from config.errors import InputError, NotFound, Problem
from config.settings import get_settings
from domain.evidence.kinds import IMAGES, KIND_NAMES, MAX_BYTES, media_type_of, safe_name
from models.accounts import EvidenceFile, IssueEvidence

if TYPE_CHECKING:
    from domain.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class Stored:
    sha256: str
    name: str
    media_type: str
    size: int

    @property
    def ref(self) -> str:
        """How the issue's history names the file: evidence/<sha256>/<name>."""
        return f"evidence/{self.sha256}/{self.name}"


@dataclass(frozen=True)
class Attached:
    sha256: str
    name: str
    media_type: str
    size: int
    thumbnail: bool
    attached_at: object
    attached_by: str

    @property
    def is_image(self) -> bool:
        return self.media_type in IMAGES


def store_root() -> Path:
    return get_settings().home / "evidence"


def store_evidence(uow: UnitOfWork, data: bytes, name: str | None, *, root: Path | None = None,
                   where: str = "文件") -> Stored:
    """Put one file in the store, its type checked from its content and its size limited; the same content
    stored twice is one file."""
    label = safe_name(name, "")
    if not data:
        raise InputError("证明材料为空", [Problem(f"{where} {label}", "文件没有内容")])
    if len(data) > MAX_BYTES:
        size = f"{len(data) / 1048576:.1f} MB，每个文件不超过 {MAX_BYTES // 1048576} MB"
        raise InputError("证明材料太大", [Problem(f"{where} {label}", size)])
    kind = media_type_of(data)
    if kind is None:
        raise InputError("不接受这种文件", [Problem(f"{where} {label}", f"按内容判断不是{KIND_NAMES}（与文件名无关）")])
    root = root or store_root()
    sha = evidence_store.put(root, data)
    if uow.session.get(EvidenceFile, sha) is None:
        thumb = kind in IMAGES and evidence_store.make_thumbnail(root, sha, data)
        uow.session.add(EvidenceFile(sha256=sha, size=len(data), media_type=kind, thumbnail=thumb,
                                     stored_at=uow.as_of, stored_by=uow.who))
        uow.session.flush()
    return Stored(sha, safe_name(name, kind), kind, len(data))


def store_evidence_file(uow: UnitOfWork, path: Path, *, root: Path | None = None) -> Stored:
    """The CLI's `--evidence PATH`: copy a regular file into the store (a folder, a device or a missing path is
    refused with its name)."""
    where = f"--evidence {path}"
    if not path.exists():
        raise InputError("找不到证明材料", [Problem(where, "没有这个文件")])
    if path.is_dir():
        raise InputError("证明材料不能是文件夹", [Problem(where, "是文件夹；请给出其中的文件")])
    if not path.is_file():
        raise InputError("证明材料必须是普通文件", [Problem(where, "不是普通文件（设备、管道等）")])
    if path.stat().st_size > MAX_BYTES:
        raise InputError("证明材料太大", [Problem(where, f"每个文件不超过 {MAX_BYTES // 1048576} MB")])
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError("无法读取证明材料", [Problem(where, exc.strerror or str(exc))]) from None
    return store_evidence(uow, data, path.name, root=root, where="--evidence")


def attach_evidence(uow: UnitOfWork, issue_id: int, files: Sequence[Stored]) -> int:
    """Attach stored files to an issue (a file attached before is not attached again); how many were new."""
    have = set(uow.session.scalars(sa.select(IssueEvidence.sha256).where(IssueEvidence.issue_id == issue_id)))
    new = 0
    for f in files:
        if f.sha256 in have:
            continue
        have.add(f.sha256)
        uow.session.add(IssueEvidence(issue_id=issue_id, sha256=f.sha256, name=f.name, attached_at=uow.as_of,
                                      attached_by=uow.who))
        new += 1
    return new


def issue_evidence(uow: UnitOfWork, issue_id: int) -> list[Attached]:
    """An issue's files, oldest first."""
    rows = uow.session.execute(
        sa.select(IssueEvidence, EvidenceFile).join(EvidenceFile, EvidenceFile.sha256 == IssueEvidence.sha256)
        .where(IssueEvidence.issue_id == issue_id).order_by(IssueEvidence.attached_at, IssueEvidence.name))
    return [Attached(e.sha256, e.name, f.media_type, f.size, f.thumbnail, e.attached_at, e.attached_by)
            for e, f in rows]


def evidence_file(uow: UnitOfWork, issue_id: int, sha256: str, *, thumbnail: bool = False,
                  root: Path | None = None) -> tuple[Path, str, str]:
    """The file (or its thumbnail) attached to this issue: path, media type, name. NotFound when the file is
    not attached to this issue — the caller has checked that the user may see the issue."""
    row = uow.session.execute(
        sa.select(IssueEvidence.name, EvidenceFile.media_type, EvidenceFile.thumbnail)
        .join(EvidenceFile, EvidenceFile.sha256 == IssueEvidence.sha256)
        .where(IssueEvidence.issue_id == issue_id, IssueEvidence.sha256 == sha256)).first()
    if row is None:
        raise NotFound("没有这个证明材料", [Problem(f"问题 {issue_id}", f"没有文件 {sha256[:12]}…")])
    name, kind, thumb = row
    root = root or store_root()
    if thumbnail:
        if not thumb:
            raise NotFound("没有缩略图", [Problem(f"问题 {issue_id}", name)])
        return evidence_store.thumb_path(root, sha256), "image/jpeg", name
    return evidence_store.blob_path(root, sha256), kind, name
