"""The 46 masked slots of the seed's work report (../shared/SEED_FIGURES.md): number, kind, the way the
sentence writes the figure, and the definition in the words the explain workbook shows."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    name = "name"
    figure = "figure"


class Style(StrEnum):
    """How the sentence writes a slot's value (domain/report/rules.py)."""

    text = "text"  # a name, as configured
    count = "count"  # an exact count
    count_more = "count_more"  # 多: floored to two significant digits when ≥ 20
    wan_more = "wan_more"  # 余万元: yuan floored to 万元, then to two significant digits
    percent = "percent"  # one decimal
    wan_floor = "wan_floor"  # N万元以上: floored to whole 万元


@dataclass(frozen=True)
class Slot:
    number: int
    kind: Kind
    style: Style
    definition: str

    @property
    def unit(self) -> str:
        """The word after the figure in its sentence (个, 名, 万元, ％ …), said with the figure so that
        （无数据） never leaves a dangling unit."""
        return UNITS.get(self.number, "")


N, F = Kind.name, Kind.figure
SLOTS: tuple[Slot, ...] = (
    Slot(1, N, Style.text, "区名（配置 district.name）"),
    Slot(2, N, Style.text, "省名（配置 district.province）"),
    Slot(3, F, Style.count, "截至报告日在册（未撤并）的村（社区）数"),
    Slot(4, F, Style.wan_floor, "集体经济年收入底线（配置 income_floor_yuan，万元）；明细为当年收入低于底线或无收入记录的在册村（社区）"),
    Slot(5, F, Style.count, "当年集体经济收入≥第一档（10万元）的在册村（社区）数"),
    Slot(6, F, Style.percent, "#5 ÷ #3，百分比保留一位小数"),
    Slot(7, F, Style.count, "当年集体经济收入≥第二档（20万元）的在册村（社区）数"),
    Slot(8, F, Style.percent, "#7 ÷ #3，百分比保留一位小数"),
    Slot(9, N, Style.text, "区名（三年规划名称）"),
    Slot(10, F, Style.count, "每周例会提出或列入议题、在报告期内销号的问题数（同一问题两类会议都研究过的，计入使其销号的会议类型，只计一次）"),
    Slot(11, F, Style.count, "#10 的问题中录有增收（>0）的不同村（社区）数"),
    Slot(12, F, Style.wan_more, "#10 的问题上录入的增收合计（元，文中以万元计、取整后加“余”）"),
    Slot(13, N, Style.text, "区名（领导小组工作规则名称）"),
    Slot(14, F, Style.count, "截至报告日在册的村（社区）党组织数"),
    Slot(15, F, Style.count, "报告期内最近一次评定为五星级（市级）的党组织数"),
    Slot(16, F, Style.count, "报告期内最近一次评定为四星级的党组织数"),
    Slot(17, F, Style.count, "报告期内最近一次评定为三星级的党组织数"),
    Slot(18, N, Style.text, "党建品牌之一（台账，无则配置 report.brands）"),
    Slot(19, N, Style.text, "党建品牌之二"),
    Slot(20, N, Style.text, "其余党建品牌，以“、”连接"),
    Slot(21, N, Style.text, "当年主题教育名称（配置 report.theme_education）"),
    Slot(22, F, Style.count, "报告期内认定的软弱涣散党组织中已整顿销号的个数"),
    Slot(23, F, Style.count, "报告期内接受任职资格审查（区、镇两级）的村（社区）干部人数"),
    Slot(24, F, Style.count, "审查发现有违法记录且已会商处理的干部人数"),
    Slot(25, F, Style.count, "报告期内举办的培训期数"),
    Slot(26, F, Style.count_more, "上述培训的村（社区）干部参训人次（每期每人计一次）"),
    Slot(27, F, Style.count_more, "上述培训的农村党员参训人次"),
    Slot(28, F, Style.count, "报告期内召开的联席会议次数"),
    Slot(29, F, Style.count_more, "联席会议提出或列入议题、在报告期内销号的问题数（规则同 #10）"),
    Slot(30, F, Style.count, "#29 的问题中录有增收（>0）的不同村（社区）数"),
    Slot(31, F, Style.wan_more, "#29 的问题上录入的增收合计（元；两类会议都研究过的问题只计入使其销号的一类）"),
    Slot(32, F, Style.count, "上一考核年度评选的优秀村（社区）书记人数"),
    Slot(33, F, Style.count, "上一考核年度评选的优秀村（社区）干部人数"),
    Slot(34, F, Style.count, "组织部门牵头、计划当年建成的中央扶持项目数"),
    Slot(35, F, Style.count, "#34 项目受益的不同村（社区）数"),
    Slot(36, F, Style.wan_floor, "#35 各受益村（社区）预计年收益中的最小值（万元，取整）"),
    Slot(37, F, Style.count, "财政部门牵头、建成节点已完成的试点项目数"),
    Slot(38, F, Style.count, "报告期内申报的试点项目数"),
    Slot(39, F, Style.count, "报告期内申报的省扶持项目数"),
    Slot(40, N, Style.text, "省名（省扶持项目）"),
    Slot(41, F, Style.count, "经村自查、镇初审、区联审认定不规范并在报告期内清理（整改或终止）的合同份数"),
    Slot(42, N, Style.text, "区名（自然资源分局的配置名称）"),
    Slot(43, N, Style.text, "区名（百日攻坚行动的配置名称）"),
    Slot(44, F, Style.count, "报告期组织的督导组数（已配置的督导组）"),
    Slot(45, F, Style.count, "报告期内结束（已通报）的督查轮次数"),
    Slot(46, F, Style.count, "督查走访发现、在报告期内销号的问题数"),
)
BY_NUMBER = {s.number: s for s in SLOTS}
assert len(SLOTS) == 46 and sorted(BY_NUMBER) == list(range(1, 47))

UNITS = {3: "个", 4: "万元", 5: "个", 6: "％", 7: "个", 8: "％", 10: "个", 11: "个", 12: "万元", 14: "个", 15: "个",
         16: "个", 17: "个", 22: "个", 23: "名", 24: "名", 25: "期", 26: "名", 27: "名", 28: "次", 29: "个", 30: "个",
         31: "万元", 32: "名", 33: "名", 34: "个", 35: "个", 36: "万元", 37: "个", 38: "个", 39: "个", 41: "份", 44: "个",
         45: "次", 46: "个"}
