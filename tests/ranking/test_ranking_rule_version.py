"""A snapshot records the scoring rule it was computed with: lists published before migration 0007 are rule 1
(min–max), new ones rule 2; an old period revoked and republished (with a reason) is rule 2 from then on."""

import json

import sqlalchemy as sa

from domain.calendar.periods import parse_period
from domain.ranking.publish import revoke_lists
from domain.ranking.rule import SCORING_RULE
from models.db import get_engine, session_scope
from models.migrate import upgrade
from models.ranking import RankingSnapshot
from tests.ranking.test_ranking_snapshot import CFG, at, ledger, publish_year  # noqa: F401  (ledger: a fixture)


def test_lists_published_before_the_migration_are_rule_1(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.db'}"
    upgrade(url, "0006_ranking_campaign_meetings")
    with get_engine(url).begin() as conn:
        conn.execute(sa.text(
            "INSERT INTO rankingsnapshot (period, period_kind, period_start, period_end, version, rule_version, rules,"
            " indicators, as_of, status, published_at, published_by) VALUES ('2022-10', 'month', '2022-10-01',"
            " '2022-10-31', 1, '2022-1', '{}', '[]', '2022-11-01 00:00:00', 'published', '2022-11-01 00:00:00',"
            " '区委组织部')"))
    upgrade(url)
    with session_scope(url) as s:
        old = s.execute(sa.select(RankingSnapshot)).scalar_one()
        assert (old.scoring_rule, old.left_out, old.rule_version) == (1, [], "2022-1")


def test_an_old_list_revoked_and_republished_under_the_new_rule(ledger, tmp_path, cli):  # noqa: F811
    assert SCORING_RULE == 2
    first = publish_year(ledger, 2020, tmp_path)
    assert first.snapshot.scoring_rule == 2
    with session_scope(ledger) as s:  # as if it had been published before the rule changed
        s.execute(sa.update(RankingSnapshot).values(scoring_rule=1))
    with session_scope(ledger) as s:
        revoke_lists(s, CFG, parse_period("2020"), reason="计分规则更新为第2版", at=at(2020), actor="组织部")
    second = publish_year(ledger, 2020, tmp_path, reason="按第2版计分规则重新发布")
    assert (second.snapshot.version, second.snapshot.scoring_rule) == (2, 2)
    text = second.markdown.read_text(encoding="utf-8")
    assert "规则版本：t1（计分规则第2版）　第2版" in text and "重新发布说明：按第2版计分规则重新发布" in text
    assert "## 本期未计入的指标" in text

    shown = json.loads(cli("ranking", "show", "--period", "2020", "--json").stdout)
    assert (shown["version"], shown["scoring_rule"], shown["rule_version"]) == (2, 2, "t1")
    assert "红黑榜 2020 第2版（已发布；计分规则第2版）" in cli("ranking", "show", "--period", "2020").stdout
    history = json.loads(cli("ranking", "history", "V1", "--json").stdout)["history"]
    assert [(h["version"], h["status"], h["scoring_rule"]) for h in history] == [(1, "revoked", 1),
                                                                                (2, "published", 2)]
    assert "第1版" in cli("ranking", "history", "V1").stdout
