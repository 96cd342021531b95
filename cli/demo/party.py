"""Demo steps: the party-building, cadre, training and plan ledgers of the example district's 2022.

The sheets under config/examples/party/ (written by config/examples/make_party.py) are loaded through the real
imports on 2022-10-25, the day the district moves its loose spreadsheets into dudao; the weak-and-lax
rectifications done so far are recorded (submitted on their day, verified, 销号) — the last one, designated
in August with its deadline on 2022-10-10, was submitted on the make-up working day 2022-10-09 after National
Day — and a qualification case found on 2022-09-26 is reminded before its deadline (20 working days, across
the holiday: 2022-10-27), once, and handled.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from cli.demo.context import EXAMPLES
from config.dates import DISTRICT_TZ

if TYPE_CHECKING:
    from cli.demo.context import DemoContext

PARTY = EXAMPLES / "party"
LOADED_AT = datetime(2022, 10, 25, 9, 0, tzinfo=DISTRICT_TZ)
FILES = [("orgs", "party_orgs.xlsx"), ("ratings", "party_ratings.xlsx"), ("weak", "party_weak.xlsx"),
         ("brands", "party_brands.xlsx"), ("reviews", "cadre_reviews.xlsx"), ("assessments", "cadre_assessments.xlsx"),
         ("excellent", "cadre_excellent.xlsx"), ("sessions", "training_sessions.xlsx"),
         ("attendance", "training_attendance.xlsx")]
# designated on → rectification submitted on (the last: 10-09, the Sunday worked after National Day)
SUBMITTED = {date(2022, 3, 15): date(2022, 6, 2), date(2022, 4, 18): date(2022, 7, 8),
             date(2022, 8, 15): date(2022, 10, 9)}


def step_load(ctx: DemoContext) -> None:
    """Import every party, cadre, training and plan sheet; record the rectifications done (销号)."""
    from adapters.sheets import read_table
    from cli.output import say
    from domain.issues import update_issue, verify_issue
    from domain.party import SHEET_NAMES, import_party_sheet, list_weak
    from domain.plans import import_plans

    with ctx.work(LOADED_AT) as uow:
        for kind, name in FILES:
            done = import_party_sheet(uow, kind, read_table(PARTY / name))
            say(f"{SHEET_NAMES[kind]}（{name}）：{done.synced.summary()}"
                + (f"；整顿问题{len(done.issues)}个" if done.issues else ""))
        plans = import_plans(uow, read_table(PARTY / "plans.xlsx"))
        say(f"规划与实施方案（plans.xlsx）：方案{plans.plans.summary()}；目标{plans.goals.summary()}")
    with ctx.work(LOADED_AT.replace(hour=10), actor="组织科") as uow:
        for w in list_weak(uow, 2022):
            update_issue(uow, w.issue_id, action="start", note="镇党（工）委制定整顿方案")
            submitted = SUBMITTED[w.designated_on]
            update_issue(uow, w.issue_id, action="submit", submitted_on=submitted, note="整顿完成，申请销号")
            done = verify_issue(uow, w.issue_id, passed=True, note="区委组织部验收通过，销号")
            say(f"{w.org}：认定{w.designated_on}，整顿期限{w.deadline}，{submitted}提交，"
                f"{'按期' if done.closed_on_time else '逾期'}销号")
    ctx.look += [("party organisations", ".venv/bin/dudao party list --year 2022"),
                 ("weak-and-lax rectification", ".venv/bin/dudao party weak --year 2022"),
                 ("qualification reviews", ".venv/bin/dudao cadres reviews --year 2022 --found"),
                 ("excellent cadres of 2021", ".venv/bin/dudao cadres excellent --year 2021"),
                 ("training", ".venv/bin/dudao training list --year 2022"),
                 ("plans", ".venv/bin/dudao plans list; .venv/bin/dudao plans progress --year 2022")]


def step_reviews(ctx: DemoContext) -> None:
    """The open qualification case reminded once before its deadline and handled; the year's party figures."""
    from cli.output import say
    from domain.party import handle_review_case, list_reviews, party_figures, sweep_reviews

    sweep = LOADED_AT.replace(hour=11)
    with ctx.work(sweep, actor="dudao:deadline-sweep") as uow:
        first = sweep_reviews(uow)
    with ctx.work(sweep.replace(hour=15), actor="dudao:deadline-sweep") as uow:
        again = sweep_reviews(uow)
    say(f"10月25日 会商处理期限检查：{first} 条提醒入队；同日 15:00 再次检查：{again} 条（每个提醒只发一次）")
    with ctx.work(datetime(2022, 10, 26, 16, 0, tzinfo=DISTRICT_TZ), actor="组织科") as uow:
        for r in list_reviews(uow, 2022, found_only=True):
            if r.handled_on is None:
                handle_review_case(uow, r.id, handling="区镇会商：依法依规罢免职务")
                say(f"10月26日 {r.town}{r.village}{r.cadre}（{r.reviewed_on}审查发现，"
                    f"处理期限{r.handle_by}）会商处理完毕")
    with ctx.work(datetime(2022, 12, 31, 18, 0, tzinfo=DISTRICT_TZ)) as uow:
        f = party_figures(uow, 2022)
    say(f"2022年：党组织{f.orgs}个（五星{f.stars[5]}、四星{f.stars[4]}、三星{f.stars[3]}）；"
        f"品牌{'、'.join(f.brands)}；软弱涣散{f.weak_designated}个、销号{f.weak_closed}个；"
        f"资格审查{f.cadres_reviewed}名、违法记录会商处理{f.records_handled}名；培训{f.sessions}期、"
        f"干部{f.cadre_attendances}人次、党员{f.member_attendances}人次；{f.excellent_year}年度优秀书记"
        f"{f.excellent_secretaries}名、优秀干部{f.excellent_cadres}名")
    ctx.look += [("party figures (report)", ".venv/bin/dudao party figures --year 2022 --as-of 2022-12-31"),
                 ("review reminders", ".venv/bin/dudao notify outbox")]
