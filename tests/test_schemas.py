"""The Pandera models hold to the fact schema file and name what is wrong."""

import pandas as pd

from pipelines.model import fact_schema
from pipelines.validate.models import landing_schema, violations


def test_facts_schema_is_the_fact_contract():
    schema = landing_schema("facts")
    assert list(schema.columns) == [c["column"] for c in fact_schema()]
    for c in fact_schema():
        assert schema.columns[c["column"]].nullable == (c["nullable"] == "true"), c["column"]


def good_row(**overrides):
    row = dict(
        report_id="110119-2023", fact_id="f1", part="review", section=None, subject="地区生产总值",
        indicator_code="gdp", metric="value", value=213.0, value_high=None, unit="亿元",
        value_normalized=2.13e10, unit_normalized="元", comparator="eq", period="2022", status="estimate",
        basis=None, evidence="地区生产总值预计完成213亿元", char_start=10, char_end=13, subject_normalized="地区生产总值", pegged_to=None,
    )
    row.update(overrides)
    return row


def table(*rows):
    df = pd.DataFrame(list(rows))
    return df.astype({"value": float, "value_high": float, "value_normalized": float, "char_start": int, "char_end": int})


def test_a_valid_table_passes():
    assert violations(landing_schema("facts"), table(good_row()), "facts") == []


def test_a_broken_table_is_rejected_with_report_column_and_rows():
    df = table(
        good_row(),
        good_row(fact_id="f2", comparator="about", period="22年"),
        good_row(fact_id="f3", report_id="440300-2024", value=5.0, value_high=4.5),
    )
    found = {v.report_id: v.message for v in violations(landing_schema("facts"), df, "facts")}
    assert set(found) == {"110119-2023", "440300-2024"}
    assert "comparator" in found["110119-2023"] and "'about'" in found["110119-2023"]
    assert "period" in found["110119-2023"] and "1 row(s) [1:" in found["110119-2023"]
    assert "value_high must not be below value" in found["440300-2024"] and "row 2" in found["440300-2024"]
