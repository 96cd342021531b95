"""Figures from the roster (#3–#8): active villages and the year's collective incomes."""

from __future__ import annotations

import sqlalchemy as sa
from sqlmodel import Session

from domain.report.basis import NONE, Measured, Window, exists, measure
from models.org import Town, Village
from models.records import IncomeRecord

KIND = sa.case((Village.kind == "community", "社区"), else_="村")
VILLAGE_HEADERS = ("镇街", "村社区", "类型", "编码")


def active_at(window: Window) -> sa.ColumnElement[bool]:
    """Active at the as-of moment: not deactivated, or deactivated after it."""
    return sa.or_(Village.active.is_(True), Village.deactivated_at >= window.end)


def _villages(window: Window, *extra) -> sa.Select:
    return (sa.select(Town.name.label("town"), Village.name.label("village"), KIND.label("kind"),
                      Village.code.label("code"), *extra)
            .join(Town, Town.id == Village.town_id).where(active_at(window)).order_by(Town.code, Village.code))


def active_villages(session: Session, window: Window) -> Measured:
    """#3 全区**个村（社区）."""
    select = _villages(window)
    return measure(session, select, sheet="03 村社区", headers=VILLAGE_HEADERS,
                   data=exists(session, sa.select(Village.id)))


def _income(window: Window):
    return sa.and_(IncomeRecord.village_id == Village.id, IncomeRecord.year == window.period.year)


def income_data(session: Session, window: Window) -> bool:
    """Incomes exist only for yearly periods, and only once the year's incomes are in the ledger."""
    return window.period.is_yearly and exists(session, sa.select(IncomeRecord.id)
                                              .where(IncomeRecord.year == window.period.year))


def income_at_least(session: Session, window: Window, threshold_yuan: int, sheet: str) -> Measured:
    """#5 / #7: active villages whose income for the year is ≥ threshold."""
    if not income_data(session, window):
        return NONE
    select = (_villages(window, IncomeRecord.amount_yuan.label("income"))
              .join(IncomeRecord, _income(window)).where(IncomeRecord.amount_yuan >= threshold_yuan))
    return measure(session, select, sheet=sheet, headers=(*VILLAGE_HEADERS, "年收入（元）"))


def below_floor(session: Session, window: Window, floor_yuan: int) -> Measured:
    """#4: the active villages below the floor or without an income for the year (the sentence says how many
    fall short; none → 全部达到)."""
    if not income_data(session, window):
        return NONE
    select = (_villages(window, IncomeRecord.amount_yuan.label("income"))
              .outerjoin(IncomeRecord, _income(window))
              .where(sa.or_(IncomeRecord.amount_yuan.is_(None), IncomeRecord.amount_yuan < floor_yuan)))
    return measure(session, select, sheet="04 未达底线", headers=(*VILLAGE_HEADERS, "年收入（元）"))
