"""Hypothesis: whatever a case holds — Chinese text, money, dates — comes back unchanged."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casework.cases import CaseFields, Category
from casework.store import Store

from .conftest import NOW, PG_URL, pg_schema_url

# Text as advocates type it: CJK, full-width punctuation, emoji, Latin — but no control chars
# (the store keeps them, pydantic strips surrounding whitespace on purpose).
chinese = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp")), max_size=60
).map(str.strip)
titles = chinese.filter(bool)
money = st.decimals(
    min_value=0, max_value=Decimal("99999999.99"), places=2, allow_nan=False, allow_infinity=False
)
order_ids = st.lists(st.from_regex(r"[0-9]{10,24}", fullmatch=True), max_size=3)

cases = st.builds(
    CaseFields,
    title=titles,
    category=st.sampled_from(list(Category)),
    platform=chinese,
    shop_name=chinese,
    respondent_name=chinese,
    respondent_address=chinese,
    complainant_name=chinese,
    complainant_address=chinese,
    order_numbers=order_ids,
    purchase_date=st.one_of(st.none(), st.dates(date(2000, 1, 1), date(2030, 12, 31))),
    amount_paid=st.one_of(st.none(), money),
    request=chinese,
    facts=chinese,
    is_report=st.booleans(),
)


@pytest.fixture(params=["sqlite", pytest.param("pg", marks=pytest.mark.pg)], scope="module")
def shared_store(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Store]:
    from casework.clock import fixed

    if request.param == "pg":
        if not PG_URL:
            pytest.skip("CASEWORK_TEST_PG_URL is not set")
        gen = pg_schema_url()
        s = Store.open(tmp_path_factory.mktemp("home"), next(gen), clock=fixed(NOW))
        yield s
        s.close()
        gen.close()
    else:
        s = Store.open(tmp_path_factory.mktemp("home"), None, clock=fixed(NOW))
        yield s
        s.close()


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(fields=cases)
def test_case_round_trip(shared_store: Store, fields: CaseFields) -> None:
    created = shared_store.create_case(fields)
    back = shared_store.get_case(created.id)
    assert back.model_dump(include=set(CaseFields.model_fields)) == fields.model_dump()
    assert isinstance(back.amount_paid, Decimal | type(None))


def test_home_is_created(tmp_path: Path) -> None:
    Store.open(tmp_path / "new" / "home").close()
    assert (tmp_path / "new" / "home" / "register.sqlite3").exists()
