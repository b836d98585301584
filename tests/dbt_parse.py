"""dbt's partial parse shared by the tests: a dbt invocation on a new warehouse path parses the
whole project again (~2.5 CPU s of the ~5 s of a `dbt parse`), because dbt keys its saved parse
(``target/partial_parse.msgpack``) on the profile, and the profile holds the warehouse path
(dbt.parser.manifest: ``profile_hash``, a sha256 of the credentials' connection_info). Every test
warehouse has its own path, so each of the ~35 dbt builds of the suite parsed from scratch.

``write_partial_parse(warehouse, target)`` writes into ``target`` the project's prepared parse
(``dbt_project/target/partial_parse.msgpack``, made by `govreport prepare` or by loading the
definitions) with its profile hash computed for a profile at ``warehouse``, so that dbt reuses it
(it still checks every file's checksum and re-parses what changed). dagster-dbt copies
``$DBT_TARGET_PATH/partial_parse.msgpack`` into each run's target folder (tests/conftest.py:
workspace); tests/synthetic/landing.py: run_dbt writes it into its ``--target-path``.

Only for a warehouse file named like the prepared one's (``govreport.duckdb``): dbt names the
database after the file, and the parsed nodes carry that name. Anything else (or no prepared
parse) writes nothing and dbt parses in full, as before: never wrong, only slower.
"""

from __future__ import annotations

import functools
import hashlib
import pprint
from pathlib import Path

import msgpack

REPO = Path(__file__).resolve().parent.parent
PREPARED = REPO / "dbt_project" / "target" / "partial_parse.msgpack"
DATABASE = "govreport"  # the stem of the prepared profile's warehouse (pipelines.settings.warehouse_path)


def profile_hash(warehouse: str) -> str:
    """sha256 of the connection keys of a dbt-duckdb profile at ``warehouse`` (threads: 1, as
    dbt_project/profiles.yml), computed as dbt-core 1.11 does (ManifestLoader.build_manifest_state_check)."""
    from dbt.adapters.duckdb.credentials import DuckDBCredentials

    credentials = DuckDBCredentials.from_dict({"path": warehouse, "threads": 1})
    return hashlib.sha256(pprint.pformat(sorted(credentials.connection_info())).encode("utf-8")).hexdigest()


@functools.cache
def _prepared(mtime_ns: int) -> tuple[bytes, bytes]:
    """The prepared parse's bytes and its profile hash (64 hex digits, as stored in them)."""
    data = PREPARED.read_bytes()
    state = msgpack.unpackb(data, raw=False, strict_map_key=False)["state_check"]
    return data, state["profile_hash"]["checksum"].encode("ascii")


def write_partial_parse(warehouse: str | Path, target: Path) -> bool:
    """Write ``target/partial_parse.msgpack`` for a profile at ``warehouse`` (see the module);
    False (nothing written) when there is no prepared parse or the file is not ``govreport.duckdb``."""
    path = Path(warehouse).resolve()
    if path.stem != DATABASE or not PREPARED.exists():
        return False
    data, old = _prepared(PREPARED.stat().st_mtime_ns)
    if data.count(old) != 1:  # the hash is a string of the same length: swapped in place
        return False
    target.mkdir(parents=True, exist_ok=True)
    (target / "partial_parse.msgpack").write_bytes(data.replace(old, profile_hash(str(path)).encode("ascii")))
    return True
