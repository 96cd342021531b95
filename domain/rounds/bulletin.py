"""The round's bulletin (督查通报): figures computed from the recorded visits and findings, and its text.

Figures: visits planned / done / not visited / not reported and the average score, per team and per town;
new issues (this round's findings) by town and category; issues closed since the last round; every village
not visited and why (a visit with no result when the round closes counts as 未报送督查结果).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

import sqlalchemy as sa
from sqlmodel import Session

from adapters.document import Document
from config.dates import cn_date, cn_month_day
from domain.rounds.finding_issues import ClosedIssues
from models.org import District, InspectionTeam, Town, Village
from models.rounds import Finding, InspectionRound, Visit, VisitStatus

UNREPORTED = "未报送督查结果"


@dataclass
class Tally:
    """Visits of one team, one town or the whole round."""

    name: str
    planned: int = 0
    done: int = 0
    not_visited: int = 0
    unreported: int = 0
    score_sum: int = 0

    @property
    def average(self) -> float | None:
        return round(self.score_sum / self.done, 1) if self.done else None

    def add(self, status: VisitStatus, score: int | None) -> None:
        self.planned += 1
        if status is VisitStatus.done:
            self.done += 1
            self.score_sum += score or 0
        elif status is VisitStatus.not_visited:
            self.not_visited += 1
        else:
            self.unreported += 1


class Missed(NamedTuple):
    """A village of the round not visited (or not reported), for the bulletin's last table."""

    town: str
    village: str
    team: str
    reason: str


@dataclass
class BulletinFigures:
    district: str
    key: str
    window: tuple[date, date]
    total: Tally
    teams: list[Tally]
    towns: list[Tally]
    new_issues: dict[str, Counter]  # town → category → count
    categories: list[str]
    closed: list[ClosedIssues]  # issues closed since the last round, per town
    missed: list[Missed] = field(default_factory=list)

    @property
    def new_issue_total(self) -> int:
        return sum(sum(c.values()) for c in self.new_issues.values())


def bulletin_figures(session: Session, rnd: InspectionRound, categories: list[str],
                     closed: list[ClosedIssues]) -> BulletinFigures:
    rows = session.execute(
        sa.select(Visit.status, Visit.score, Visit.reason, InspectionTeam.name, Town.name, Village.name)
        .join(InspectionTeam, InspectionTeam.id == Visit.team_id).join(Village, Village.id == Visit.village_id)
        .join(Town, Town.id == Village.town_id).where(Visit.round_id == rnd.id)
        .order_by(Town.code, Village.code)).all()
    total = Tally("合计")
    teams: dict[str, Tally] = {}
    towns: dict[str, Tally] = {}
    missed = []
    for status, score, reason, team, town, village in rows:
        for tally in (total, teams.setdefault(team, Tally(team)), towns.setdefault(town, Tally(town))):
            tally.add(status, score)
        if status is not VisitStatus.done:
            missed.append(Missed(town, village, team, reason if status is VisitStatus.not_visited else UNREPORTED))
    new: dict[str, Counter] = defaultdict(Counter)
    for town, category in session.execute(
            sa.select(Town.name, Finding.category).join(Visit, Visit.id == Finding.visit_id)
            .join(Town, Town.id == Finding.town_id).where(Visit.round_id == rnd.id)):
        new[town][category] += 1
    district = session.execute(sa.select(District.name)).scalar() or ""
    present = {c for counter in new.values() for c in counter}
    used = [c for c in categories if c in present] + sorted(present - set(categories))
    return BulletinFigures(district, rnd.key, (rnd.window_start, rnd.window_end), total,
                           sorted(teams.values(), key=lambda t: _team_order(t.name)), list(towns.values()),
                           dict(new), used, closed, missed)


def _team_order(name: str) -> tuple[int, str]:
    digits = "一二三四五六七八九十"
    return (digits.index(name[1]) if len(name) > 1 and name[1] in digits else 99, name)


def _avg(t: Tally) -> str:
    return "" if t.average is None else f"{t.average:.1f}"


def bulletin_document(f: BulletinFigures) -> Document:
    start, end = f.window
    t = f.total
    doc = Document(f"{f.district}两周一督查通报（{f.key}）")
    summary = (f"{cn_date(start)}至{cn_month_day(end)}，各督导组以座谈了解、实地查看、"
               f"查阅资料等方式，对全区{t.planned}个村（社区）集体经济发展进度开展督查。已督查{t.done}个，"
               f"未走访{t.not_visited}个，未报送督查结果{t.unreported}个"
               + (f"，平均得分{t.average:.1f}分" if t.average is not None else "")
               + f"；发现问题{f.new_issue_total}个")
    summary += f"；上轮以来销号问题{sum(c.closed for c in f.closed)}个"
    doc.para(summary + "。现将有关情况通报如下。")
    head = ["应督查", "已督查", "未走访", "未报送", "平均得分"]
    doc.heading("一、各督导组督查情况")
    doc.table(["督导组", *head], [[x.name, x.planned, x.done, x.not_visited, x.unreported, _avg(x)]
                                for x in [*f.teams, t]])
    doc.heading("二、各镇街督查情况")
    doc.table(["镇街", *head, "新发现问题"],
              [[x.name, x.planned, x.done, x.not_visited, x.unreported, _avg(x), sum(f.new_issues.get(x.name,
                                                                                                   {}).values())]
               for x in f.towns] + [["合计", t.planned, t.done, t.not_visited, t.unreported, _avg(t),
                                     f.new_issue_total]])
    doc.heading("三、新发现问题（按镇街和类别）")
    if f.new_issue_total:
        towns = [x.name for x in f.towns if x.name in f.new_issues]
        doc.table(["镇街", *f.categories, "合计"],
                  [[town, *(f.new_issues[town].get(c, 0) for c in f.categories), sum(f.new_issues[town].values())]
                   for town in towns]
                  + [["合计", *(sum(f.new_issues[x].get(c, 0) for x in towns) for c in f.categories),
                      f.new_issue_total]])
        doc.para("以上问题已交办责任单位，请按期整改，整改情况将在下轮督查中核查。")
    else:
        doc.para("本轮未发现新问题。")
    doc.heading("四、上轮以来问题销号情况")
    if not f.closed:
        doc.para("上轮以来无销号问题。")
    else:
        doc.table(["镇街", "销号问题", "其中按期整改"], [[c.town, c.closed, c.on_time] for c in f.closed]
                  + [["合计", sum(c.closed for c in f.closed), sum(c.on_time for c in f.closed)]])
    doc.heading("五、未走访村（社区）及原因")
    if f.missed:
        doc.table(["镇街", "村（社区）", "督导组", "原因"], [list(m) for m in f.missed])
    else:
        doc.para("本轮所有村（社区）均已督查。")
    return doc


def town_summary(f: BulletinFigures, town: str) -> str:
    """One line for a town's leader (the full bulletin goes to e-mail as the .docx)."""
    x = next((t for t in f.towns if t.name == town), None)
    if x is None:
        return ""
    text = (f"{f.key}督查通报：{town}应督查{x.planned}个村（社区），已督查{x.done}个"
            + (f"，平均得分{x.average:.1f}分" if x.average is not None else "")
            + f"，新发现问题{sum(f.new_issues.get(town, {}).values())}个")
    missed = [m for m in f.missed if m.town == town]
    if missed:
        text += "；未走访：" + "、".join(f"{m.village}（{m.reason}）" for m in missed)
    return text + "。"
