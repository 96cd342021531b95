"""The contract sheet (经营合同清理台账): one row per contract.

Columns: 合同编号 (the natural key), 镇街 and 村（社区） (shown, not read), 村（社区）编码, 承包方, 合同标的,
合同金额（元）, 年租金（元）, 签订日期, 起始日期, 终止日期, 清理启动日期; per configured review stage
`<stage>完成日期`, `<stage>结论` (合规 / 不合规), `<stage>问题类型` (the configured reasons, 、-separated); then
清理方式 (整改 / 终止), 清理完成日期, 追回资金（元）, 年增收（元）, 备注.

Every cell is checked and each bad one named by row and column before anything is written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from adapters.ledger_sheet import match_columns, row_texts, text_day
from adapters.sheets import Table, cell_whole
from config.errors import InputError, Problem
from config.ledgers import ContractRules
from domain.contracts.rules import OUTCOME_BY_TEXT, RESULT_BY_TEXT, StageDone
from models.contracts import CleanOutcome, ReviewResult

CODE, TOWN, VILLAGE_CODE, VILLAGE = "合同编号", "镇街", "村（社区）编码", "村（社区）"
PARTY, SUBJECT, AMOUNT, RENT = "承包方", "合同标的", "合同金额（元）", "年租金（元）"
SIGNED, START, END, STARTED = "签订日期", "起始日期", "终止日期", "清理启动日期"
OUTCOME, CLEANED, RECOVERED, ADDED, NOTE = "清理方式", "清理完成日期", "追回资金（元）", "年增收（元）", "备注"
SHOWN = {TOWN, VILLAGE, "序号", "状态"}


def stage_columns(rules: ContractRules) -> list[tuple[str, str, str]]:
    """(done column, result column, reasons column) per stage, in order."""
    return [(f"{s.name}完成日期", f"{s.name}结论", f"{s.name}问题类型") for s in rules.stages]


def headers(rules: ContractRules) -> list[str]:
    cols = [CODE, TOWN, VILLAGE_CODE, VILLAGE, PARTY, SUBJECT, AMOUNT, RENT, SIGNED, START, END, STARTED]
    cols += [c for cs in stage_columns(rules) for c in cs]
    return [*cols, OUTCOME, CLEANED, RECOVERED, ADDED, NOTE]


@dataclass
class ContractRecord:
    code: str
    where: str
    village: str
    counterparty: str
    subject: str
    amount_yuan: int | None
    rent_yuan: int | None
    signed_on: date | None
    term_start: date | None
    term_end: date | None
    review_started_on: date
    stages: list[StageDone]
    outcome: CleanOutcome | None
    cleaned_on: date | None
    recovered_yuan: int | None
    added_yuan_per_year: int | None
    note: str | None


def split_reasons(text: str) -> list[str]:
    if not text:
        return []
    return [p.strip() for p in re.split(r"[、,，;；/]", text) if p.strip()]


def parse_contracts(table: Table, rules: ContractRules, villages: set[str], today: date) -> list[ContractRecord]:
    name = table.path.name
    col = _columns(table, rules, name)
    problems: list[Problem] = []
    out: list[ContractRecord] = []
    seen: dict[str, int] = {}
    reasons_known = set(rules.reasons)
    for n, values in table.rows:
        where = f"{name} 第{n}行"
        before = len(problems)
        cells = row_texts(values, col)

        def text(h: str, cells=cells) -> str:
            return cells.get(h, "")

        def bad(h: str, message: str, where=where) -> None:
            problems.append(Problem(f"{where}: {h}", message))

        def whole(h: str, cells=cells) -> int | None:
            if not cells.get(h):
                return None
            try:
                v = cell_whole(cells[h])
            except ValueError:
                bad(h, f"{text(h)!r} 不是整数（元）")
                return None
            if v is not None and v < 0:
                bad(h, f"{v} 不能为负数")
                return None
            return v

        def day(h: str, *, past: bool = False, cells=cells) -> date | None:
            if not cells.get(h):
                return None
            try:
                d = text_day(cells[h])
            except ValueError:
                bad(h, f"{text(h)!r} 不是日期（应为 2022-10-08 这样的格式）")
                return None
            if past and d is not None and d > today:
                bad(h, f"{d} 晚于今天（{today}）")
                return None
            return d

        code = text(CODE)
        if not code or len(code) > 32:
            bad(CODE, "必填，最长32个字符：合同编号是合同的唯一标识")
            continue
        if code in seen:
            bad(CODE, f"与第{seen[code]}行重复：一份合同只填一行")
            continue
        seen[code] = n
        village = text(VILLAGE_CODE)
        if not village:
            bad(VILLAGE_CODE, "必填：合同所属村（社区）的编码")
        elif village not in villages:
            bad(VILLAGE_CODE, f"{village!r} 不是花名册中在册村（社区）的编码（见 `dudao roster show`）")
        party, subject = text(PARTY), text(SUBJECT)
        for h, v in ((PARTY, party), (SUBJECT, subject)):
            if not v:
                bad(h, "必填")
            elif len(v) > 128:
                bad(h, f"最长128个字符（现为{len(v)}个）")
        amount, rent = whole(AMOUNT), whole(RENT)
        signed, start, end = day(SIGNED, past=True), day(START), day(END)
        if start and end and end < start:
            bad(END, f"{end} 早于起始日期 {start}")
        started = day(STARTED, past=True)
        if started is None and not text(STARTED):
            bad(STARTED, "必填：清理启动日期（第一级审查的期限从这天起按工作日计算）")
        stages: list[StageDone] = []
        last_done = started
        for stage, (done_col, result_col, reason_col) in zip(rules.stages, stage_columns(rules), strict=True):
            done = day(done_col, past=True)
            result_text, reasons = text(result_col), split_reasons(text(reason_col))
            result = RESULT_BY_TEXT.get(result_text) if result_text else None
            if result_text and result is None:
                bad(result_col, f"{result_text!r}：应为 合规 或 不合规")
            if (done is None) != (result is None) and not (result_text and result is None):
                bad(result_col if done else done_col, f"{stage.name}的完成日期和结论要一起填")
            unknown = [r for r in reasons if r not in reasons_known]
            if unknown:
                bad(reason_col, f"{'、'.join(unknown)} 不是配置的问题类型；应为：{'、'.join(rules.reasons)}")
            if result is ReviewResult.non_compliant and not reasons:
                bad(reason_col, f"结论为不合规时须填问题类型（{'、'.join(rules.reasons)}）")
            if result is ReviewResult.compliant and reasons:
                bad(reason_col, "结论为合规时不填问题类型")
            if done is not None:
                if last_done is None:
                    bad(done_col, "上一级审查尚未完成（审查依次为：" + " → ".join(s.name for s in rules.stages) + "）")
                elif done < last_done:
                    bad(done_col, f"{done} 早于上一级审查完成（或清理启动）日期 {last_done}")
            last_done = done
            stages.append(StageDone(done, result, tuple(reasons)))
        outcome_text = text(OUTCOME)
        outcome = OUTCOME_BY_TEXT.get(outcome_text) if outcome_text else None
        if outcome_text and outcome is None:
            bad(OUTCOME, f"{outcome_text!r}：应为 整改 或 终止")
        cleaned, recovered, added = day(CLEANED, past=True), whole(RECOVERED), whole(ADDED)
        final = next((s.result for s in reversed(stages) if s.result is not None), None)
        if outcome is not None and final is not ReviewResult.non_compliant:
            bad(OUTCOME, "只有审查结论为不合规的合同才清理（整改或终止）")
        if outcome is None and (cleaned or recovered is not None or added is not None):
            bad(OUTCOME, "填了清理完成日期或金额，须同时填清理方式（整改 或 终止）")
        if outcome is CleanOutcome.terminate and cleaned is None and not text(CLEANED):
            bad(CLEANED, "终止合同须填清理完成日期（解除之日）")
        verdict_on = next((s.done_on for s in reversed(stages) if s.result is not None), None)
        if cleaned and verdict_on and cleaned < verdict_on:
            bad(CLEANED, f"{cleaned} 早于认定不合规的日期 {verdict_on}")
        note = text(NOTE) or None
        if note and len(note) > 500:
            bad(NOTE, "最长500个字符")
        if len(problems) > before or started is None:
            continue
        out.append(ContractRecord(code, where, village, party, subject, amount, rent, signed, start, end, started,
                                  stages, outcome, cleaned, recovered, added, note))
    if problems:
        raise InputError(f"{name} 有 {len(problems)} 处问题，未写入任何数据", problems)
    return out


def _columns(table: Table, rules: ContractRules, name: str) -> dict[str, int]:
    known = headers(rules)
    col, unknown = match_columns(table, known, skip=SHOWN)
    problems = [Problem(f"{name}: 列 {h!r}", f"不认识的列；应为：{'、'.join(known)}") for h in unknown]
    missing = [h for h in (CODE, VILLAGE_CODE, PARTY, SUBJECT, STARTED) if h not in col]
    if missing:
        problems.insert(0, Problem(name, f"缺少列：{'、'.join(missing)}（用 `dudao contracts template` 生成模板）"))
    if problems:
        raise InputError(f"{name} 不是经营合同清理台账", problems)
    return col
