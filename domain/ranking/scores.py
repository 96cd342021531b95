"""The inspection-score indicator of the red/black list (督查平均得分): the mean score of the visits done in
the period — a round period: that round's visits — per village, and over its villages' visits per town."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import MutableMapping
from datetime import date

import sqlalchemy as sa
from sqlmodel import Session

from config.ranking import Indicator
from domain.calendar import Period, PeriodKind
from domain.ranking.units import VillageUnit
from models.rounds import InspectionRound, Visit, VisitStatus

Values = MutableMapping[Indicator, float | None]


def inspection_scores(session: Session, period: Period, *, until: date, villages: dict[int, VillageUnit],
                      village_values: dict[int, Values], town_values: dict[str, Values]) -> None:
    """One grouped query over the visits; villages not visited in the period have no score."""
    q = (sa.select(Visit.village_id, sa.func.sum(Visit.score), sa.func.count(Visit.score))
         .where(Visit.status == VisitStatus.done, Visit.score.is_not(None)))
    if period.kind is PeriodKind.round:
        q = q.join(InspectionRound, InspectionRound.id == Visit.round_id).where(InspectionRound.key == period.key)
    else:
        q = q.where(Visit.day >= period.start, Visit.day <= until)
    sums: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for vid, total, n in session.execute(q.group_by(Visit.village_id)).all():
        if vid not in villages or not n:
            continue
        village_values[vid][Indicator.inspection_score] = total / n
        town = sums[villages[vid].town_code]
        town[0] += total
        town[1] += n
    for tcode, (total, n) in sums.items():
        town_values[tcode][Indicator.inspection_score] = total / n
