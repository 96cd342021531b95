"""The red/black list bulletin (红黑榜通报) as a document (markdown and .docx), and the messages that announce it."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime

from adapters.document import Document
from config.dates import DISTRICT_TZ, cn_date
from config.ranking import BOARD_NAMES, INDICATOR_NAMES, NORMALISED, Board, Direction, Indicator, RankingRules
from domain.calendar import Period
from domain.outbox import Outgoing
from domain.ranking.engine import Ranked, format_value
from domain.ranking.rule import LeftOut
from domain.ranking.snapshot import left_out
from models.ranking import Listing, RankingSnapshot

DIRECTION_NAMES = {Direction.higher: "越高越好", Direction.lower: "越低越好"}
UNIT_WORD = {Board.towns: "镇（街道）", Board.villages: "村（社区）", Board.villages_in_town: "村（社区）"}


def _names(rows: Sequence[Ranked]) -> str:
    return "、".join(r.name for r in rows) or "无"


def bulletin_document(district: str, period: Period, snapshot: RankingSnapshot, rows: Sequence[Ranked],
                      rules: RankingRules, town_names: dict[str, str]) -> Document:
    """The bulletin: for each board its red list, its black list (reasons, streak, required action),
    the units left out for lack of data, and the indicators with their weights."""
    by_board: dict[Board, list[Ranked]] = defaultdict(list)
    for r in rows:
        by_board[Board(r.board)].append(r)
    doc = Document(f"{district}红黑榜（{period.label}）")
    doc.para(f"发布时间：{cn_date(snapshot.published_at.astimezone(DISTRICT_TZ))}　发布人：{snapshot.published_by}　"
             f"规则版本：{snapshot.rule_version}（计分规则第{snapshot.scoring_rule}版）　第{snapshot.version}版")
    if snapshot.reason:
        doc.para(f"重新发布说明：{snapshot.reason}")
    boards = [b for b in (Board.towns, Board.villages, Board.villages_in_town) if b in by_board]
    for n, board in enumerate(boards):
        entries = by_board[board]
        doc.heading(f"{'一二三四'[n]}、{BOARD_NAMES[board]}")
        if board is Board.villages_in_town:
            by_town: dict[str, list[Ranked]] = defaultdict(list)
            for r in entries:
                by_town[r.group].append(r)
            doc.table(["镇（街道）", "红榜", "黑榜"], [
                [town_names.get(town, town), _names([r for r in by_town[town] if r.listing == Listing.red]),
                 _names([r for r in by_town[town] if r.listing == Listing.black])] for town in sorted(by_town)])
            continue
        red = [r for r in entries if r.listing == Listing.red]
        black = [r for r in entries if r.listing == Listing.black]
        doc.para(f"红榜（{len(red)}个）：" + ("" if red else "无"))
        if red:
            doc.table(["排名", UNIT_WORD[board], "综合得分"],
                      [[r.rank, _unit(r, board, town_names), f"{r.score:.2f}"] for r in red])
        doc.para(f"黑榜（{len(black)}个）：" + ("" if black else "无"))
        if black:
            doc.table(["排名", UNIT_WORD[board], "综合得分", "原因", "连续上榜", "处理措施"],
                      [[r.rank or "—", _unit(r, board, town_names), "—" if r.score is None else f"{r.score:.2f}",
                        "；".join(_causes(r)), f"{r.streak}次", r.action or "—"] for r in black])
    no_data = sorted({(r.board != Board.towns, r.code, r.name) for r in rows
                      if r.listing == Listing.no_data and r.board != Board.villages_in_town})
    if no_data:
        doc.heading("本期无考核数据、未参与排名的单位").para("、".join(name for *_, name in no_data))
    doc.heading("本期未计入的指标")
    dropped = left_out_rows(left_out(snapshot), town_names)
    if dropped:
        doc.table(["榜单", "范围", "指标", "原因"], dropped)
    else:
        doc.para("无：各项指标在各榜单中均有区分度，全部计入。")
    doc.heading("指标与权重").table(["指标", "权重", "方向", "计分方式"], [
        [INDICATOR_NAMES[i.key], f"{i.weight:g}", DIRECTION_NAMES[i.direction], scale_name(i.key)]
        for i in rules.indicators if i.key.value in snapshot.indicators])
    doc.para(METHOD)
    return doc


def scale_name(key: Indicator) -> str:
    """How an indicator's value becomes points (domain/ranking_rule.py), for the bulletin's indicator table."""
    if key in NORMALISED:
        return "按本榜单位最小值、最大值换算为0–100分"
    if key is Indicator.inspection_score:
        return "按实际得分计分"
    return "按实际比率计分（62%计62分，最高100分）"

METHOD = ("综合得分为各指标得分（0–100）的加权平均。比率和督查得分按实际数值计分（各单位数值相同时也照常计分）；"
          "逾期问题数、集体收入增长按本榜参与排名单位的最小值和最大值换算，本榜各单位数值相同时不计入（无区分度，"
          "见“本期未计入的指标”）。本期没有问题的单位，问题销号率、按期整改率按100%计，逾期问题数按0个计；待验收的问题"
          "在各项指标和否决性规则中均按提交整改时的状态计算（灯号冻结）。多一个问题、多逾期一天或少完成一个攻坚节点，"
          "得分和名次都不会因此上升。得分相同者并列；触及否决性规则者直接列入黑榜，不列入红榜。详见 docs/ranking.md。")


def left_out_rows(dropped: Sequence[LeftOut], town_names: dict[str, str]) -> list[list[str]]:
    """One row per board, indicator and common value; a villages_in_town row names the towns whose board it is."""
    grouped: dict[tuple[Board, str, float], list[str]] = defaultdict(list)
    for x in dropped:
        grouped[(x.board, x.indicator.value, x.value)].append(x.scope)
    order = {b: n for n, b in enumerate((Board.towns, Board.villages, Board.villages_in_town))}
    rows = []
    for (board, key, value), scopes in sorted(grouped.items(), key=lambda kv: (order[kv[0][0]], kv[0][1], kv[0][2])):
        where = "、".join(town_names.get(s, s) for s in sorted(scopes)) if board is Board.villages_in_town else "全区"
        rows.append([BOARD_NAMES[board], where, INDICATOR_NAMES[key],
                     f"各单位数值相同（均为{format_value(key, value)}），无区分度"])
    return rows


def _unit(r: Ranked, board: Board, town_names: dict[str, str]) -> str:
    if board is Board.villages and r.town:
        return f"{town_names.get(r.town, r.town)}{r.name}"
    return r.name


def _causes(r: Ranked) -> list[str]:
    """The reasons without the streak line (shown in its own columns)."""
    return [x for x in r.reasons if "列入黑榜" not in x]


def ranking_messages(district: str, period: Period, snapshot: RankingSnapshot, rows: Sequence[Ranked],
                     town_codes: Sequence[str], files: Sequence[str], *, at: datetime) -> list[Outgoing]:
    """A message to every town and to leadership, and one to each black-listed unit with its reasons and
    required actions. Keys: <recipient> / ranking:<period> / ranking-publish|ranking-black / v<version>."""
    item, version = f"ranking:{period.key}", f"v{snapshot.version}"
    title = f"{district}红黑榜（{period.label}）"
    listed = [r for r in rows if r.listing is Listing.black or r.listing is Listing.red]
    by_unit: dict[str, list[Ranked]] = defaultdict(list)
    for r in listed:
        by_unit[f"town:{r.code}" if r.board == Board.towns else f"village:{r.code}"].append(r)
    summary = []
    for board in (Board.towns, Board.villages):
        red = [r for r in listed if r.board == board and r.listing == Listing.red]
        black = [r for r in listed if r.board == board and r.listing == Listing.black]
        if red or black:
            summary.append(f"{BOARD_NAMES[board]}红榜：{_names(red)}；黑榜：{_names(black)}。")
    out = [Outgoing(rec, item, "ranking-publish", version, {
        "title": title, "text": "".join([f"【红黑榜】{period.label}红黑榜已发布。", *summary, "全文见通报。"]),
        "attachments": list(files)}) for rec in ["leadership", *(f"town:{c}" for c in town_codes)]]
    for recipient, entries in sorted(by_unit.items()):
        black = [r for r in entries if r.listing == Listing.black]
        if not black:
            continue
        lines = [f"【黑榜通知】{black[0].name}在{period.label}红黑榜中列入黑榜："]
        for r in black:
            lines.append(f"【{BOARD_NAMES[Board(r.board)]}】" + "；".join(_causes(r)) + "。")
        actions = sorted({(r.streak, r.action) for r in black if r.action}, reverse=True)
        if actions:
            streak, action = actions[0]
            lines.append(("首次列入黑榜" if streak == 1 else f"连续第{streak}次列入黑榜") + f"，处理措施：{action}。")
        lines.append("请针对上述问题制定整改措施，限期整改到位，并将整改情况报区委组织部。")
        out.append(Outgoing(recipient, item, "ranking-black", version, {
            "title": f"{title}：黑榜通知", "text": "".join(lines), "action": actions[0][1] if actions else None}))
    return out


def revoke_messages(district: str, period: Period, snapshot: RankingSnapshot, town_codes: Sequence[str]
                    ) -> list[Outgoing]:
    text = f"【红黑榜撤销】{period.label}红黑榜（第{snapshot.version}版）已撤销。撤销原因：{snapshot.revoke_reason}"
    return [Outgoing(rec, f"ranking:{period.key}", "ranking-revoke", f"v{snapshot.version}",
                     {"title": f"{district}红黑榜（{period.label}）撤销通知", "text": text})
            for rec in ["leadership", *(f"town:{c}" for c in town_codes)]]
