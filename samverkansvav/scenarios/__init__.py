"""Scenarios before a decision: a municipality exits, a host stops, where to join.

Every function is pure: it takes a
:class:`~samverkansvav.model.CooperationWeb` and returns a frozen result object
of codes and values (a status code, a cost-split code, the counts behind a
candidate's score) with ``to_dict()`` (JSON-ready: plain Python values, ISO dates,
``None`` for unknown; the JSON keeps the Swedish evidence and checklist texts it
has always had) and ``tables(lang)`` (DataFrames for the Excel export). The words
a reader sees, in Swedish or English, come from one presentation layer:
:mod:`.text` (sentences, labels, the command line's text) and :mod:`.tables`
(export tables headed in either language), shared by the command line, the web
page and the export. Unknown facts stay unknown: a missing cost gives ``None``,
never 0.

Ranking of candidate new hosts
------------------------------
When a host leaves (or stops), the remaining members are ranked by a transparent
score built from evidence in the web, each part shown to the user::

    score = 3 · (other arrangements in the same area it already hosts)
          + 2 · (share of the other remaining members it already performs a task for)
          + 1 · (its shared arrangements with the other remaining members,
                 relative to the best candidate's)
          + 1 · (its population relative to the largest candidate's)

Hosting the same area weighs most because it means staff, systems and routines
already exist; serving the others already and many ties show the relation is
established; population stands for capacity. Ties: higher population, then
kommunkod. Only remaining members are candidates: a host must be a member.

Examples
--------
>>> from samverkansvav.model import CooperationWeb
>>> web = CooperationWeb.from_records(
...     parties=[{"id": i, "name": n, "kind": "kommun"} for i, n in
...              [("0001", "A"), ("0002", "B"), ("0003", "C")]],
...     arrangements=[{"id": "av", "name": "Lön", "form": "avtalssamverkan",
...                    "area": "lön", "host": "0001"}],
...     memberships=[{"arrangement_id": "av", "party_id": "0001", "role": "utförare"},
...                  {"arrangement_id": "av", "party_id": "0002", "role": "uppdragsgivare"}])
>>> result = exit_scenario(web, "0002")
>>> result.arrangements[0].status, result.arrangements[0].remaining
('upplöses', ('0001',))
>>> [f.id for f in result.functions_to_rebuild]
['av']
"""

from __future__ import annotations

from samverkansvav.scenarios.before_after import LostProvider, MunicipalityFigures, NetworkFigures
from samverkansvav.scenarios.candidates import CANDIDATE_WEIGHTS, HostCandidate
from samverkansvav.scenarios.checklists import ChecklistItem, checklist_for
from samverkansvav.scenarios.exit import (
    ArrangementExit,
    ExitResult,
    FunctionToRebuild,
    MemberIncrease,
    exit_scenario,
)
from samverkansvav.scenarios.host_stops import DependentLoss, HostedArrangement, HostStopResult, host_stops
from samverkansvav.scenarios.index import (
    CONTINUES,
    DISSOLVES,
    FORM_LABELS,
    NO_HOST,
    STATUS_LABELS,
    add_months,
)
from samverkansvav.scenarios.join import AreaHost, JoinOption, JoinOptions, where_to_join

__all__ = [
    "DISSOLVES",
    "NO_HOST",
    "CONTINUES",
    "FORM_LABELS",
    "CANDIDATE_WEIGHTS",
    "ChecklistItem",
    "HostCandidate",
    "MemberIncrease",
    "ArrangementExit",
    "FunctionToRebuild",
    "LostProvider",
    "MunicipalityFigures",
    "NetworkFigures",
    "ExitResult",
    "HostedArrangement",
    "DependentLoss",
    "HostStopResult",
    "JoinOption",
    "AreaHost",
    "JoinOptions",
    "checklist_for",
    "exit_scenario",
    "host_stops",
    "where_to_join",
    "add_months",
    "STATUS_LABELS",
]
