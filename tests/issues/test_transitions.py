"""The lifecycle's transition table on plain values (no database): every legal and illegal action, the
messages that name what is allowed, and the shortest walk between two statuses."""

from __future__ import annotations

import pytest

from config.errors import IllegalTransition, InputError
from domain.issues.transitions import Action, allowed_actions, next_status, parse_action, path_to
from models.issues import IssueStatus as S

pytestmark = pytest.mark.rules

LEGAL = {
    (S.open, Action.start): S.rectifying,
    (S.rectifying, Action.submit): S.awaiting_verification,
    (S.awaiting_verification, Action.pass_): S.closed,
    (S.awaiting_verification, Action.fail): S.rectifying,
    (S.closed, Action.reopen): S.rectifying,
}


@pytest.mark.parametrize(("status", "action"), sorted(LEGAL))
def test_each_legal_action_leads_where_the_lifecycle_says(status, action):
    assert next_status(status, action, where="issue 7") == LEGAL[status, action]


@pytest.mark.parametrize(("status", "action"), [(s, a) for s in S for a in Action if (s, a) not in LEGAL])
def test_each_illegal_action_is_refused_naming_the_allowed_ones(status, action):
    with pytest.raises(IllegalTransition) as refused:
        next_status(status, action, where="issue 7")
    (problem,) = refused.value.problems
    assert problem.where == "issue 7"
    for allowed in allowed_actions(status):
        assert allowed.value in problem.message


def test_an_unknown_action_is_named():
    with pytest.raises(InputError) as refused:
        parse_action("close", where="issue 7")
    assert "'close'" in refused.value.problems[0].message


@pytest.mark.parametrize(("start", "target"), [(s, t) for s in S for t in S if t is not S.open or s is S.open])
def test_the_walk_between_two_statuses_is_legal_and_shortest(start, target):
    """Every status but 交办 can be reached from any other (nothing goes back to 交办)."""
    walk = path_to(start, target)
    here = start
    for action in walk:
        here = next_status(here, action, where="walk")
    assert here == target
    assert len(walk) <= 3 and (walk == []) == (start == target)
