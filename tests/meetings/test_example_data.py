"""The example district's meeting season is what its generator writes (deterministic)."""

import importlib.util

from tests.conftest import EXAMPLES


def test_meetings_2022_csv_is_what_make_meetings_writes():
    spec = importlib.util.spec_from_file_location("make_meetings", EXAMPLES / "make_meetings.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    rows = module.season()
    assert len(rows) > 50 and {r[1] for r in rows} == {"每周例会", "联席会议"}
    assert (EXAMPLES / "meetings-2022.csv").read_text(encoding="utf-8") == module.render(rows)
