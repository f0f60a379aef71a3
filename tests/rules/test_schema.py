"""The rule files are validated by typed models at load, and their JSON Schema ships beside them."""

from __future__ import annotations

import copy
import json
from importlib import resources
from typing import Any

import pytest

from casework.rules.citations import RuleDataError, load, typed, validate
from casework.rules.schema import MODELS, schema_name, schema_text


@pytest.mark.parametrize("name", list(MODELS))
def test_the_shipped_schema_is_the_generated_one(name: str) -> None:
    shipped = resources.files("casework") / "rules" / "data" / schema_name(name)
    assert shipped.read_text(encoding="utf-8") == schema_text(name), (
        f"{schema_name(name)} is stale: run `casework rules-check --write-schema`"
    )
    # And every data file names its schema, so an editor validates an edit as it is typed.
    assert load(name)["$schema"] == f"./{schema_name(name)}"


@pytest.mark.parametrize("name", list(MODELS))
def test_every_shipped_file_validates(name: str) -> None:
    assert typed(name) is not None


def _broken(name: str, edit: Any) -> RuleDataError:
    data = copy.deepcopy(load(name))
    edit(data)
    with pytest.raises(RuleDataError) as err:
        validate(name, data)
    return err.value


def _rule(data: dict[str, Any], rid: str) -> dict[str, Any]:
    return next(r for r in data["rules"] if r["id"] == rid)


BREAKAGES = [
    (
        "deadlines.json",
        lambda d: _rule(d, "refund_after_return").update(unit="weeks"),
        "refund_after_return",
        "unit",
    ),
    (
        "deadlines.json",
        lambda d: _rule(d, "mediation_60d").update(kind="promise"),
        "mediation_60d",
        "kind",
    ),
    (
        "deadlines.json",
        lambda d: _rule(d, "regulator_acceptance")["citations"][0].update(law="no_such_law"),
        "regulator_acceptance",
        "citations.0.law",
    ),
    (
        "deadlines.json",
        lambda d: _rule(d, "mediation_45wd")["citations"][0].update(paragraph="1(5)"),
        "mediation_45wd",
        "paragraph",
    ),
    (
        "deadlines.json",
        lambda d: _rule(d, "quality_return").pop("decided_by"),
        "quality_return",
        "decided_by",
    ),
    (
        "routing.json",
        lambda d: d["steps"]["platform"].update(actor="wizard"),
        "platform",
        "actor",
    ),
    (
        "damages.json",
        lambda d: _rule(d, "fraud_3x").update(multiplier="three"),
        "fraud_3x",
        "multiplier",
    ),
    (
        "laws.json",
        lambda d: d["laws"]["complaint_measures"].update(in_force_until="the day before"),
        "complaint_measures",
        "in_force_until",
    ),
]


@pytest.mark.parametrize(("name", "edit", "rule", "field"), BREAKAGES)
def test_a_broken_rule_file_says_file_rule_and_field_in_one_line(
    name: str, edit: Any, rule: str, field: str
) -> None:
    err = _broken(name, edit)
    line = err.message()
    assert "\n" not in line
    assert f"casework/rules/data/{name}" in line and rule in line and field in line, line


def test_a_schema_change_is_caught_by_the_json_schema_too() -> None:
    """The shipped schema rejects what the model rejects (an editor sees the same error)."""
    schema = json.loads(schema_text("deadlines.json"))
    units = schema["$defs"]["DeadlineRule"]["properties"]["unit"]["enum"]
    assert units == ["days", "working_days", "months", "years"]
