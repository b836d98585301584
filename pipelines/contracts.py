"""Table contracts: one CSV per landing table in pipelines/reference/, listed by landing_tables.csv.

Every copy of a landing table's shape is read or generated from these files, nowhere else: the
DuckDB DDL (pipelines.load.warehouse), the Pandera schemas (pipelines.validate.models), the row
builders (:func:`frame`, used by pipelines.load.rows), the dbt sources and staging YAML
(pipelines.transform.staging, written by scripts/generate_dbt_yaml.py) and the Dagster column
schemas. Adding a column to a landing table is one row in its CSV (and the value in its builder).

landing_tables.csv: ``table`` (landing.<table>), ``contract`` (its CSV), ``primary_key`` (true:
the key is declared PRIMARY KEY in DuckDB; false: checked by Pandera, the load and dbt without an
index, see docs/scale.md), ``staging_adds`` ('|'-separated columns its staging view computes,
documented as doc blocks ``col_<name>`` in dbt_project/models/_docs.md), ``description``.

A contract CSV (fact_schema.csv is the model) has one row per column, in table order:

- ``column``: the name; ``dtype``: string | int64 | float64 | date | timestamp;
  ``nullable``: true | false (a nullable int64 is pandas' Int64);
- ``allowed_values``: '|'-separated vocabulary, or ``=<table>.<column>`` for that column's;
- ``key``: true for the columns that together identify a row;
- ``min`` / ``max``: inclusive bounds of the value (numbers) or of its length (strings);
- ``pattern``: a regular expression the value matches from its start (``re.match``);
- ``references``: ``<table>.<column>`` in which every value must exist;
- ``set_by``: empty when the row builder sets it (the validated frame holds it), ``load`` when
  the load writes it (``loaded_at``, ``occurred_at``: the time of the write, UTC);
- ``description``: what the column means (the dbt column doc and the Dagster column schema).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path

REFERENCE_DIR = Path(__file__).parent / "reference"
TABLES_FILE = "landing_tables.csv"

CONTRACT_FIELDS = [
    "column", "dtype", "nullable", "allowed_values", "key", "min", "max", "pattern", "references", "set_by",
    "description",
]
SQL_TYPES = {"string": "VARCHAR", "int64": "BIGINT", "float64": "DOUBLE", "date": "DATE", "timestamp": "TIMESTAMP"}


class ContractError(ValueError):
    """A contract file is malformed, or a frame does not hold to its contract."""


@dataclass(frozen=True)
class ContractColumn:
    name: str
    dtype: str
    nullable: bool
    allowed_values: tuple[str, ...] = ()
    vocabulary_of: str | None = None  # "<table>.<column>" whose vocabulary this one shares
    key: bool = False
    min: float | None = None
    max: float | None = None
    pattern: str | None = None
    references: str | None = None
    set_by: str | None = None
    description: str = ""
    row: Mapping[str, str] = field(default_factory=dict, compare=False, repr=False)  # the CSV row as read

    @property
    def sql_type(self) -> str:
        return SQL_TYPES[self.dtype]

    @property
    def pandas_dtype(self) -> str:
        """The dtype of the column in a built frame (pandas' string dtype for strings, as the extractor's)."""
        return {
            "string": "string",
            "int64": "Int64" if self.nullable else "int64",
            "float64": "float64",
            "date": "datetime64[ns]",
            "timestamp": "datetime64[ns]",
        }[self.dtype]


@dataclass(frozen=True)
class Contract:
    table: str
    file: Path
    columns: tuple[ContractColumn, ...]
    primary_key: bool = False
    staging_adds: tuple[str, ...] = ()
    description: str = ""

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]

    @property
    def built(self) -> list[ContractColumn]:
        """The columns the row builders set: the frame that is validated and then loaded."""
        return [c for c in self.columns if not c.set_by]

    @property
    def key(self) -> list[str]:
        return [c.name for c in self.columns if c.key]

    def column(self, name: str) -> ContractColumn:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(f"landing.{self.table} has no column {name!r} in {self.file.name}")


def _flag(value: str, where: str, *, empty: bool | None = None) -> bool:
    if value == "" and empty is not None:
        return empty
    if value not in ("true", "false"):
        raise ContractError(f"{where}: expected true or false, found {value!r}")
    return value == "true"


def _number(value: str, where: str) -> float | None:
    try:
        return float(value) if value != "" else None
    except ValueError:
        raise ContractError(f"{where}: expected a number, found {value!r}") from None


def _read_csv(path: Path, fields: list[str]) -> list[dict[str, str]]:
    if not path.exists():
        raise ContractError(f"{path}: no such contract file")
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        if reader.fieldnames != fields:
            raise ContractError(f"{path}: the header must be {','.join(fields)}, found {','.join(reader.fieldnames or [])}")
        rows = list(reader)
    for n, row in enumerate(rows, start=2):
        if None in row or None in row.values():
            raise ContractError(f"{path}:{n}: {len(fields)} fields expected: {row}")
    return rows


def _column(row: dict[str, str], where: str) -> ContractColumn:
    if row["dtype"] not in SQL_TYPES:
        raise ContractError(f"{where}: dtype {row['dtype']!r} is not one of {', '.join(SQL_TYPES)}")
    if row["set_by"] not in ("", "load"):
        raise ContractError(f"{where}: set_by must be empty or load, found {row['set_by']!r}")
    allowed = row["allowed_values"]
    return ContractColumn(
        name=row["column"],
        dtype=row["dtype"],
        nullable=_flag(row["nullable"], f"{where} nullable"),
        allowed_values=() if allowed.startswith("=") else tuple(v for v in allowed.split("|") if v),
        vocabulary_of=allowed[1:] if allowed.startswith("=") else None,
        key=_flag(row["key"], f"{where} key", empty=False),
        min=_number(row["min"], f"{where} min"),
        max=_number(row["max"], f"{where} max"),
        pattern=row["pattern"] or None,
        references=row["references"] or None,
        set_by=row["set_by"] or None,
        description=row["description"],
        row=dict(row),
    )


def _resolve(contracts: dict[str, Contract]) -> dict[str, Contract]:
    """Check the cross-table references and give ``=<table>.<column>`` vocabularies their values."""

    def target(ref: str, where: str) -> ContractColumn:
        table, _, column = ref.partition(".")
        if table not in contracts or column not in contracts[table].names:
            raise ContractError(f"{where}: {ref!r} names no column of a landing table")
        return contracts[table].column(column)

    out = {}
    for name, contract in contracts.items():
        columns = []
        for c in contract.columns:
            where = f"{contract.file.name} column {c.name}"
            if c.references:
                target(c.references, where)
            if c.vocabulary_of:
                shared = target(c.vocabulary_of, where)
                if not shared.allowed_values:
                    raise ContractError(f"{where}: {c.vocabulary_of} has no vocabulary of its own")
                c = replace(c, allowed_values=shared.allowed_values)
            columns.append(c)
        out[name] = replace(contract, columns=tuple(columns))
    return out


@cache
def landing_contracts(reference_dir: Path | None = None) -> dict[str, Contract]:
    """Every landing table's contract, in the order of landing_tables.csv. ``reference_dir``
    (default pipelines/reference) lets a test read a scratch copy."""
    folder = Path(reference_dir) if reference_dir else REFERENCE_DIR
    tables = _read_csv(folder / TABLES_FILE, ["table", "contract", "primary_key", "staging_adds", "description"])
    contracts = {}
    for t in tables:
        path = folder / t["contract"]
        rows = _read_csv(path, CONTRACT_FIELDS)
        columns = tuple(_column(r, f"{path.name} column {r['column']}") for r in rows)
        names = [c.name for c in columns]
        duplicated = sorted({n for n in names if names.count(n) > 1})
        if duplicated or not columns:
            raise ContractError(f"{path}: {'duplicate columns ' + ', '.join(duplicated) if duplicated else 'no columns'}")
        contracts[t["table"]] = Contract(
            table=t["table"],
            file=path,
            columns=columns,
            primary_key=_flag(t["primary_key"], f"{TABLES_FILE} {t['table']} primary_key"),
            staging_adds=tuple(v for v in t["staging_adds"].split("|") if v),
            description=t["description"],
        )
    return _resolve(contracts)


def contract(table: str, reference_dir: Path | None = None) -> Contract:
    contracts = landing_contracts(reference_dir)
    if table not in contracts:
        raise KeyError(f"no landing table {table!r} in {TABLES_FILE} (tables: {', '.join(contracts)})")
    return contracts[table]


def frame(table: str, rows: Iterable[Mapping], *, reference_dir: Path | None = None):
    """The rows of a row builder as a DataFrame in the contract's built columns, order and dtypes.

    Raises ContractError naming the table and the columns when a row lacks a column of the
    contract or holds one the contract does not have: a column is never dropped or left empty
    silently."""
    import pandas as pd  # only the builders need pandas: text and ingest modules import this module too

    c = contract(table, reference_dir)
    names = [col.name for col in c.built]
    rows = list(rows)
    expected = set(names)
    for i, row in enumerate(rows):
        if set(row) != expected:
            missing, extra = sorted(expected - set(row)), sorted(set(row) - expected)
            raise ContractError(
                f"landing.{table} row {i}: the row builder and {c.file.name} disagree: "
                + "; ".join(
                    part for part in (
                        f"missing {', '.join(missing)}" if missing else "",
                        f"not in the contract {', '.join(extra)}" if extra else "",
                    ) if part
                )
            )
    df = pd.DataFrame(rows, columns=names)
    for col in c.built:
        try:
            if col.dtype in ("date", "timestamp"):
                df[col.name] = pd.to_datetime(df[col.name])
            else:
                df[col.name] = df[col.name].astype(col.pandas_dtype)
        except (TypeError, ValueError) as exc:
            raise ContractError(f"landing.{table} column {col.name}: not a {col.dtype}"
                                f"{'' if col.nullable else ' without NULLs'}: {exc}") from exc
    return df
