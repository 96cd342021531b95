"""Splitting and truncation at a channel's size limit, never inside a character."""

from __future__ import annotations

import pytest

from notifications.fit import clip, fit, nbytes

TITLE = "督导提醒｜青山镇｜10月12日（共40项）"
LINES = [f"{n}. 【已逾期】青山镇·顺乐村「村集体资产台账不全第{n}项」已逾期{n}个工作日（期限9月23日），请抓紧整改"
         for n in range(1, 41)]


def test_a_short_digest_is_one_part():
    (part,) = fit(TITLE, LINES[:3], max_bytes=2000, max_parts=3)
    assert part.title == TITLE and part.body == "\n".join(LINES[:3]) and part.lines == (0, 1, 2)


@pytest.mark.parametrize("limit", [300, 2000, 4096])
def test_split_at_line_boundaries_within_the_limit(limit):
    parts = fit(TITLE, LINES, max_bytes=limit, max_parts=None)
    assert all(p.size <= limit for p in parts)
    assert [i for p in parts for i in p.lines] == list(range(40))  # every line once, in order
    assert "\n".join(p.body for p in parts).splitlines() == LINES  # no line cut or lost
    assert len(parts) > 1 and parts[0].title == f"{TITLE}（1/{len(parts)}）"
    assert sum(p.size for p in parts) > limit * (len(parts) - 1) * 0.5  # parts are reasonably full


def test_past_max_parts_the_rest_is_summarised():
    parts = fit(TITLE, LINES, max_bytes=2000, max_parts=2)
    assert len(parts) == 2 and all(p.size <= 2000 for p in parts)
    shown = [line for p in parts for line in p.body.splitlines() if line.startswith(tuple("0123456789"))]
    rest = 40 - len(shown)
    assert parts[-1].body.splitlines()[-1] == f"其余{rest}项见台账" and rest > 0
    assert sorted(i for p in parts for i in p.lines) == list(range(40))  # summarised lines count as delivered


def test_an_over_long_line_is_clipped_at_a_character_boundary():
    long_line = "很长的问题描述" * 200
    (part,) = fit("标题", [long_line], max_bytes=300, max_parts=1)
    assert part.size <= 300 and part.body.endswith("…")
    assert long_line.startswith(part.body[:-1])
    part.body.encode("utf-8").decode("utf-8")  # valid UTF-8: nothing cut mid-character


@pytest.mark.parametrize("limit", range(1, 40))
def test_clip_never_splits_a_character(limit):
    text = "一二三四五六七八九十abc"
    clipped = clip(text, limit)
    assert nbytes(clipped) <= max(limit, nbytes("…"))
    assert text.startswith(clipped.removesuffix("…"))


def test_footer_is_kept_in_every_part_and_counted():
    parts = fit(TITLE, LINES, max_bytes=600, max_parts=None, footer="@13900000101")
    assert all(p.body.endswith("\n@13900000101") and p.size <= 600 for p in parts)


def test_no_limit_means_one_part():
    (part,) = fit(TITLE, LINES, max_bytes=None, max_parts=None)
    assert part.body.splitlines() == LINES
