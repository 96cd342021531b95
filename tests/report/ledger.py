"""A hand-computed fixture ledger for the report: two towns, seven villages (one merged away in June), incomes
for 2021 and 2022, weekly and joint meetings with issues raised and settled across both kinds, inspection
teams, rounds and visit issues. The expected figures are written out in test_figures.py with the arithmetic."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlmodel import Session

from config.dates import DISTRICT_TZ
from config.district import DistrictConfig


def at(y: int, m: int, d: int, h: int = 9) -> datetime:
    return datetime(y, m, d, h, tzinfo=DISTRICT_TZ)


CONFIG = {
    "district": {"code": "FX", "name": "样板区", "province": "样板省", "income_floor_yuan": 50_000,
                 "income_bands_yuan": [100_000, 200_000]},
    "departments": [{"key": "nr", "name": "市自然资源局样板区分局"}],
    "campaign": {"name": "样板区2022年发展壮大村级集体经济百日攻坚行动", "start": "2022-08-15", "length_days": 100},
    "report": {"theme_education": "“不忘初心、牢记使命”", "brands": ["阳光小区党支部", "红旗屯党支部", "甲镇“红色引擎”",
                                                                  "乙镇“党建+合作社”"]},
}

# village: (id, town id, code, name, income 2021, income 2022, deactivated at)
VILLAGES = [
    (1, 1, "V1", "东村", 200_000, 250_000, None),
    (2, 1, "V2", "西村", 120_000, 150_000, None),
    (3, 1, "V3", "南社区", 55_000, 60_000, None),
    (4, 2, "V4", "北村", 90_000, 100_000, None),  # exactly 10万: counts as 10万以上
    (5, 2, "V5", "中村", 150_000, 200_000, None),  # exactly 20万: counts as 20万以上
    (6, 2, "V6", "上村", 30_000, 40_000, None),  # below the 5万 floor
    (7, 2, "V7", "下村", 280_000, 300_000, at(2022, 6, 1)),  # merged away on 1 June
]
# meeting: (id, kind, held on, title)
MEETINGS = [
    (1, "weekly", date(2022, 3, 7), "3月7日每周例会"),
    (2, "weekly", date(2022, 6, 6), "6月6日每周例会"),
    (3, "joint", date(2022, 4, 15), "第一次联席会议"),
    (4, "joint", date(2022, 9, 20), "第二次联席会议"),
    (5, "joint", date(2021, 12, 10), "2021年联席会议"),
    (6, "weekly", date(2022, 11, 14), "11月14日每周例会"),
    (7, "joint", date(2022, 11, 14), "第三次联席会议"),  # the same day as the weekly meeting
]
# issue: (id, source, village, title, opened, closed or None, 增收 or None, [(meeting, role)])
ISSUES = [
    (1, "meeting", 1, "合作社分红未落实", at(2022, 3, 7), at(2022, 6, 6), 85_000, [(1, "raised"), (2, "settled")]),
    # raised at a weekly meeting, settled by a joint one: counts once, as joint
    (2, "meeting", 2, "厂房租金偏低", at(2022, 3, 7), at(2022, 4, 15), 50_000, [(1, "raised"), (3, "settled")]),
    (3, "meeting", 4, "光伏收益未入账", at(2022, 4, 15), at(2022, 6, 6), 0, [(3, "raised"), (2, "settled")]),
    # closed through the lifecycle, not by a meeting: the latest meeting that handled it (joint) decides
    (4, "meeting", 5, "土地流转合同到期", at(2022, 4, 15), at(2022, 7, 1), 123_456, [(3, "raised")]),
    (5, "meeting", 1, "资产台账不全", at(2022, 9, 20), at(2022, 10, 10), None, [(4, "raised")]),
    (6, "meeting", 3, "项目选址未定", at(2022, 6, 6), None, None, [(2, "raised")]),
    (7, "meeting", 6, "集体林地经营", at(2021, 12, 10), at(2022, 4, 15), 30_000, [(5, "raised"), (3, "settled")]),
    (8, "meeting", 4, "往年问题", at(2021, 12, 10), at(2021, 12, 10), 70_000, [(5, "raised"), (5, "settled")]),
    # on both kinds' agendas (weekly raised it, joint settled it) with a large income
    (9, "meeting", 2, "物业用房出租", at(2022, 6, 6), at(2022, 9, 20), 1_000_000, [(2, "raised"), (4, "settled")]),
    (10, "visit", 1, "收益分配不公开", at(2022, 10, 12), at(2022, 10, 20), None, []),
    (11, "visit", 2, "账目不清", at(2022, 10, 12), at(2022, 11, 1), None, []),
    (12, "visit", 3, "制度未上墙", at(2022, 10, 26), None, None, []),
    (13, "visit", 4, "往年督查问题", at(2021, 10, 12), at(2021, 11, 1), None, []),
    # closed because its village was abolished (no on-time verdict): not solved, not counted
    (14, "meeting", 6, "村庄撤并遗留", at(2022, 6, 6), at(2022, 8, 1), 5_000, [(2, "raised")]),
    # before both meetings of 14 November, closed outside them: on one day the joint meeting is the later one
    (15, "meeting", 4, "冷库闲置", at(2022, 11, 14), at(2022, 11, 20), 20_000, [(6, "raised"), (7, "agenda")]),
    # the rectification issues of three weak-and-lax designations
    (16, "manual", 3, "软弱涣散整顿（南社区）", at(2022, 3, 1), at(2022, 9, 1), None, []),
    (17, "manual", 6, "软弱涣散整顿（上村）", at(2022, 4, 1), None, None, []),
    (18, "manual", 5, "软弱涣散整顿（中村，2021年认定）", at(2021, 5, 1), at(2022, 2, 1), None, []),
]
ABOLISHED = {14}
# round: (id, key, occurrence, closed at or None)
ROUNDS = [
    (1, "R2022-10-10", date(2022, 10, 10), at(2022, 10, 24, 17)),
    (2, "R2022-10-24", date(2022, 10, 24), at(2022, 11, 7, 17)),
    (3, "R2022-11-07", date(2022, 11, 7), None),
]


# party organisation id = village id; city-level ratings of 2022: (org, stars, rated on, level)
RATINGS = [(1, 5, date(2022, 3, 1), "city"), (2, 5, date(2022, 11, 1), "city"), (3, 4, date(2022, 3, 1), "city"),
           (4, 3, date(2022, 3, 1), "city"), (5, 3, date(2022, 3, 1), "district"), (7, 5, date(2022, 3, 1), "city")]
BRANDS = [("幸福小区党支部", 1, 2022, 1), ("金牛屯党支部", 4, 2021, 2), ("乙镇“红色管家”", 5, None, 3),
          ("明年的品牌", 2, 2023, 4)]
WEAK = [(3, 2022, date(2022, 3, 1), 16), (6, 2022, date(2022, 4, 1), 17), (5, 2021, date(2021, 5, 1), 18)]
# (year, level, village, cadre, reviewed on, finding, handled on)
REVIEWS = [(2022, "district", 1, "张明", date(2022, 1, 10), "clear", None),
           (2022, "town", 1, "张明", date(2022, 1, 15), "clear", None),
           (2022, "town", 2, "李强", date(2022, 1, 12), "record", date(2022, 2, 10)),
           (2022, "district", 3, "王刚", date(2022, 1, 20), "record", None),
           (2021, "town", 4, "赵丽", date(2021, 12, 20), "clear", None)]
# (code, starts on, stated cadres, stated members, listed cadres, listed members)
SESSIONS = [("S1", date(2022, 3, 1), 150, 1234, 0, 0), ("S2", date(2022, 6, 10), 50, 50, 3, 2),
            ("S3", date(2021, 11, 1), 99, 99, 0, 0)]
EXCELLENT = [(2021, "secretary", 1, "张明"), (2021, "secretary", 2, "李强"), (2021, "cadre", 3, "王刚"),
             (2021, "cadre", 4, "赵丽"), (2021, "cadre", 5, "钱多"), (2022, "secretary", 6, "孙亮")]
# (code, kind, applied year, status, build planned, build done, [(village, expected yuan)])
PROJECTS = [("P1", "central", 2021, "building", date(2022, 12, 20), None, [(1, 80_000), (2, 60_000)]),
            ("P2", "central", 2022, "approved", date(2022, 11, 30), None, [(2, 30_000), (4, None)]),
            ("P3", "central", 2022, "withdrawn", date(2022, 6, 1), None, [(5, 10_000)]),
            ("P4", "central", 2022, "applied", date(2023, 6, 30), None, [(6, 5_000)]),
            ("P5", "pilot", 2022, "built", date(2022, 9, 30), date(2022, 9, 15), [(3, 40_000)]),
            ("P6", "pilot", 2021, "operating", date(2021, 10, 1), date(2021, 10, 1), [(4, 20_000)]),
            ("P7", "provincial", 2022, "applied", None, None, [(5, None)]),
            ("P8", "provincial", 2021, "building", None, None, [(6, None)])]
# (code, village, verdict, outcome, cleaned on)
CONTRACTS = [("C1", 1, "non_compliant", "terminate", date(2022, 8, 1)), ("C2", 2, "non_compliant", None, None),
             ("C3", 3, "compliant", None, None), ("C4", 4, "non_compliant", "terminate", date(2021, 12, 1)),
             ("C5", 5, "non_compliant", "rectify", date(2022, 11, 11))]


def config() -> DistrictConfig:
    return DistrictConfig.model_validate(CONFIG)


def build(session: Session) -> None:
    from models.issues import Issue
    from models.meetings import Meeting, MeetingIssue
    from models.org import District, InspectionTeam, TeamMember, Town, Village
    from models.records import IncomeRecord
    from models.rounds import InspectionRound

    session.add(District(code="FX", name="样板区"))
    session.add_all([Town(id=1, code="T1", name="甲镇"), Town(id=2, code="T2", name="乙镇")])
    session.flush()
    for vid, tid, code, name, i21, i22, gone in VILLAGES:
        session.add(Village(id=vid, town_id=tid, code=code, name=name, active=gone is None, deactivated_at=gone,
                            kind="community" if name.endswith("社区") else "village"))
        session.add(IncomeRecord(village_id=vid, year=2021, amount_yuan=i21))
        session.add(IncomeRecord(village_id=vid, year=2022, amount_yuan=i22))
    session.flush()
    session.add_all([InspectionTeam(id=1, key="team-1", name="第一督导组", leader_name="李一"),
                     InspectionTeam(id=2, key="team-2", name="第二督导组", leader_name="王二"),
                     TeamMember(team_id=1, name="张三"), TeamMember(team_id=2, name="赵四")])
    for mid, kind, held, title in MEETINGS:
        session.add(Meeting(id=mid, kind=kind, held_on=held, title=title, recorded_at=at(2022, 12, 31),
                            recorded_by="测试"))
    session.flush()
    for iid, source, vid, title, opened, closed, income, _links in ISSUES:
        town = next(t for v, t, *_ in VILLAGES if v == vid)
        session.add(Issue(id=iid, source=source, source_ref=f"fx:{iid}", town_id=town, village_id=vid,
                          owner=f"village:V{vid}", category="其他", title=title, opened_at=opened,
                          original_deadline=opened.date(), deadline=opened.date(),
                          status="closed" if closed else "open", closed_at=closed, income_added_yuan=income,
                          closed_on_time=None if closed is None or iid in ABOLISHED
                          else closed.date() <= opened.date() + timedelta(days=60)))
    session.flush()
    for iid, *_, links in ISSUES:
        for mid, role in links:
            session.add(MeetingIssue(meeting_id=mid, issue_id=iid, role=role))
    _party(session)
    _projects(session)
    for rid, key, occ, closed in ROUNDS:
        session.add(InspectionRound(id=rid, key=key, cycle_key="biweekly-inspection", occurrence=occ,
                                    window_start=occ, window_end=occ, status="closed" if closed else "planned",
                                    planned_at=at(occ.year, occ.month, occ.day), max_load=1, repeats=0,
                                    closed_at=closed))
    session.commit()


def _party(session: Session) -> None:
    from models.party import (
        CadreReview,
        ExcellentCadre,
        OrgRating,
        PartyBrand,
        PartyOrg,
        TrainingAttendance,
        TrainingSession,
        WeakDesignation,
    )

    session.add_all([PartyOrg(id=vid, village_id=vid, name=f"{name}党支部") for vid, _, _, name, *_ in VILLAGES])
    session.flush()
    session.add_all([OrgRating(org_id=o, year=2022, level=lvl, stars=n, rated_on=d) for o, n, d, lvl in RATINGS])
    session.add(OrgRating(org_id=3, year=2021, level="city", stars=5, rated_on=date(2021, 3, 1)))
    session.add_all([PartyBrand(name=n, org_id=o, year=y, rank=r) for n, o, y, r in BRANDS])
    session.add_all([WeakDesignation(org_id=o, year=y, designated_on=d, reasons="班子不团结", town_secretary="书记",
                                     liaison_leader="区领导", issue_id=i) for o, y, d, i in WEAK])
    session.add_all([CadreReview(year=y, level=lvl, village_id=v, cadre=c, reviewed_on=d, finding=f, handled_on=h)
                     for y, lvl, v, c, d, f, h in REVIEWS])
    for n, (code, starts, cadres, members, listed_c, listed_m) in enumerate(SESSIONS, start=1):
        session.add(TrainingSession(id=n, code=code, title=f"培训{code}", kind="rotation", organiser="区委组织部",
                                    starts_on=starts, cadres=cadres, members=members))
        session.flush()
        session.add_all([TrainingAttendance(session_id=n, role="cadre", village_id=1 + i % 3, name=f"干部{i}")
                         for i in range(listed_c)])
        session.add_all([TrainingAttendance(session_id=n, role="member", village_id=1 + i % 3, name=f"党员{i}")
                         for i in range(listed_m)])
    session.add_all([ExcellentCadre(year=y, category=c, village_id=v, name=n) for y, c, v, n in EXCELLENT])
    session.flush()


def _projects(session: Session) -> None:
    from models.contracts import Contract
    from models.projects import ProjectMilestone, ProjectVillage, SupportProject

    for n, (code, kind, year, status, planned, done, villages) in enumerate(PROJECTS, start=1):
        session.add(SupportProject(id=n, code=code, name=f"项目{code}", kind=kind,
                                   lead="finance" if kind == "pilot" else "organization", applied_year=year,
                                   status=status, updated_at=at(2022, 12, 1), updated_by="测试"))
        session.flush()
        if planned or done:
            session.add(ProjectMilestone(project_id=n, milestone="build", planned_on=planned, done_on=done))
        session.add_all([ProjectVillage(project_id=n, village_id=v, expected_income_yuan=e) for v, e in villages])
    for code, vid, verdict, outcome, cleaned in CONTRACTS:
        session.add(Contract(code=code, village_id=vid, counterparty="某公司", subject="厂房租赁",
                             review_started_on=date(2022, 3, 1), verdict=verdict, verdict_stage="joint-review",
                             reasons=["租金明显偏低"] if verdict == "non_compliant" else [], outcome=outcome,
                             cleaned_on=cleaned, updated_at=at(2022, 12, 1), updated_by="测试"))
    session.flush()
