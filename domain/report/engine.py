"""The report's figures: every slot of the seed computed for a window, with the rows behind each figure."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from sqlmodel import Session

from config.district import DistrictConfig
from domain.report import (
    meeting_figures,
    party_figures,
    pending_figures,
    project_figures,
    roster_figures,
    round_figures,
    rules,
)
from domain.report.basis import NONE, Measured, Rows, Window
from domain.report.slots import SLOTS, Kind, Slot, Style
from models.meetings import MeetingKind
from models.party import ExcellentCategory

T = TypeVar("T")


@dataclass(frozen=True)
class SlotValue:
    """One slot filled: the text the sentence writes (None: no data), the exact value and the rows behind it."""

    slot: int
    kind: Kind
    definition: str
    value: str | None
    exact: int | float | str | None
    rows: Rows | None = None
    note: str = ""

    @property
    def text(self) -> str:
        return rules.say(self.value)

    def as_json(self) -> dict:
        return {"slot": self.slot, "kind": self.kind.value, "definition": self.definition, "value": self.value,
                "exact": self.exact}


def written(slot: Slot, exact: int | None) -> str | None:
    """The figure as its sentence writes it (SEED_FIGURES.md conventions)."""
    if exact is None:
        return None
    return {Style.count: str, Style.count_more: rules.approx_count, Style.wan_more: rules.approx_wan,
            Style.wan_floor: rules.wan_at_least}[slot.style](exact)


def compute(session: Session, cfg: DistrictConfig, window: Window, *, brands: list[str] | None = None
            ) -> list[SlotValue]:
    """Every slot, in order."""
    brands = brands or party_figures.brands(session, window) or list(cfg.report.brands)
    names = _names(cfg, window, brands)
    bands = cfg.district.income_bands_yuan
    figures: dict[int, Callable[[], Measured]] = {
        3: lambda: roster_figures.active_villages(session, window),
        4: lambda: roster_figures.below_floor(session, window, cfg.district.income_floor_yuan),
        5: lambda: roster_figures.income_at_least(session, window, bands[0], "05 收入第一档以上"),
        7: lambda: roster_figures.income_at_least(session, window, bands[1], "07 收入第二档以上"),
        28: lambda: meeting_figures.meetings_held(session, window, MeetingKind.joint),
        14: lambda: party_figures.organisations(session, window),
        15: lambda: party_figures.rated(session, window, 5),
        16: lambda: party_figures.rated(session, window, 4),
        17: lambda: party_figures.rated(session, window, 3),
        22: lambda: party_figures.weak_closed(session, window),
        23: lambda: party_figures.cadres_reviewed(session, window),
        24: lambda: party_figures.records_handled(session, window),
        25: lambda: party_figures.training(session, window, "sessions"),
        26: lambda: party_figures.training(session, window, "cadres"),
        27: lambda: party_figures.training(session, window, "members"),
        32: lambda: party_figures.excellent(session, window, ExcellentCategory.secretary),
        33: lambda: party_figures.excellent(session, window, ExcellentCategory.cadre),
        34: lambda: project_figures.central_due(session, window),
        35: lambda: project_figures.central_villages(session, window),
        36: lambda: project_figures.smallest_expected(session, window),
        37: lambda: project_figures.pilot_built(session, window),
        38: lambda: project_figures.applied(session, window, project_figures.PILOT),
        39: lambda: project_figures.applied(session, window, project_figures.PROVINCIAL),
        41: lambda: project_figures.contracts_cleaned(session, window),
        44: lambda: round_figures.teams(session, window),
        45: lambda: round_figures.rounds_closed(session, window),
        46: lambda: round_figures.visit_issues_closed(session, window),
    }
    closed = _once(lambda: meeting_figures.closed_by_kind(session, window))  # one read for both kinds
    for kind, slots in ((MeetingKind.weekly, (10, 11, 12)), (MeetingKind.joint, (29, 30, 31))):
        three = _once(lambda kind=kind: meeting_figures.kind_figures(session, window, kind, closed))
        for i, slot in enumerate(slots):
            figures[slot] = lambda three=three, i=i: three()[i]
    for slot in pending_figures.PENDING:
        figures.setdefault(slot, lambda: pending_figures.no_ledger(session, window))
    measured: dict[int, Measured] = {}
    out: list[SlotValue] = []
    for slot in SLOTS:
        if slot.kind is Kind.name:
            value = names.get(slot.number)
            out.append(SlotValue(slot.number, slot.kind, slot.definition, value, value))
            continue
        if slot.style is Style.percent:
            out.append(_share(slot, measured.get(slot.number - 1, NONE), measured.get(3, NONE)))
            continue
        m = measured[slot.number] = figures[slot.number]()
        note = ""
        if m.exact is None and slot.number in pending_figures.PENDING:
            note = f"尚无{pending_figures.PENDING[slot.number]}"
        elif m.exact is None and slot.number in (4, 5, 7) and not window.period.is_yearly:
            note = "收入指标仅用于年度报告"
        elif m.exact is None:
            note = "台账中尚无此类记录"
        if slot.number == 4:
            out.append(SlotValue(4, slot.kind, slot.definition,
                                 None if m.exact is None else rules.wan_at_least(cfg.district.income_floor_yuan),
                                 m.exact, m.rows, note))
            continue
        out.append(SlotValue(slot.number, slot.kind, slot.definition, written(slot, m.exact), m.exact, m.rows, note))
    return out


def _once(compute: Callable[[], T]) -> Callable[[], T]:
    """Compute what several figures share once, whichever of them is asked first."""
    done: list[T] = []

    def get() -> T:
        if not done:
            done.append(compute())
        return done[0]

    return get


def _share(slot: Slot, part: Measured, whole: Measured) -> SlotValue:
    """#6 / #8: a percentage of #3, with the numerator's rows (row count ÷ #3 is the figure)."""
    if part.exact is None or not whole.exact:
        return SlotValue(slot.number, slot.kind, slot.definition, None, None)
    rows = part.rows
    # the numerator's own sheet, read against #3 (not a copy of its rows)
    shared = Rows(rows.sheet, rows.headers, rows.fetch, "count", whole.exact) if rows else None
    return SlotValue(slot.number, slot.kind, slot.definition, rules.percent(part.exact, whole.exact),
                     round(100 * part.exact / whole.exact, 6), shared)


def _names(cfg: DistrictConfig, window: Window, brands: list[str]) -> dict[int, str | None]:
    district = cfg.district.name
    province = cfg.district.province
    nature = next((d.name for d in cfg.departments if "自然资源" in d.name), None)
    campaign = cfg.campaign.name if cfg.campaign else None
    return {
        1: district, 2: province, 9: district, 13: district,
        18: brands[0] if brands else None,
        19: brands[1] if len(brands) > 1 else None,
        20: "、".join(brands[2:]) or None,
        21: cfg.report.theme_education,
        40: province,
        42: _between(nature, "自然资源局", "分局") or (district if nature else None),
        43: _before(campaign, str(window.period.year)) or (district if campaign else None),
    }


def _between(text: str | None, left: str, right: str) -> str | None:
    """The part of 市自然资源局示范区分局 between 自然资源局 and 分局 (示范区)."""
    if not text or left not in text or not text.endswith(right):
        return None
    return text.split(left, 1)[1][: -len(right)] or None


def _before(text: str | None, marker: str) -> str | None:
    """The district part of 示范区2022年发展壮大…行动 (示范区)."""
    if not text or marker not in text:
        return None
    return text.split(marker, 1)[0] or None
