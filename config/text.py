"""Text dudao accepts (文本校验): no control characters, checked where text comes in.

A NUL or another control character in a title, a village name or a note breaks every output later: openpyxl
refuses it (IllegalCharacterError), python-docx and lxml too (XMLSyntaxError), and a scheduled flow that
writes a bulletin would fail on it every time. So the doors refuse it — command-line arguments
(cli/main.py), every cell of a sheet (domain/sheets.py), every string of the district config and the acting
user of the settings — naming where it is and which character. Tab, line feed and carriage return are text.
"""

from __future__ import annotations

import re

# C0 controls but tab, LF, CR; DEL; C1 controls; lone surrogates (undecodable bytes in an argument);
# the two non-characters XML refuses
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def control_character(text: str) -> str | None:
    """What is wrong with `text`, in the user's words ('第 4 个字符是控制字符 U+0001'), or None when it is fine."""
    m = CONTROL.search(text)
    if m is None:
        return None
    return f"第 {m.start() + 1} 个字符是控制字符 U+{ord(m[0]):04X}"


def refuse_control(text: str) -> str:
    """A pydantic after-validator: the text itself, or ValueError saying which character is wrong."""
    problem = control_character(text)
    if problem:
        raise ValueError(f"{problem}；请删除后重试")
    return text
