"""An IO manager for per-report assets that may run one report or a batch of reports in a run.

Per-report assets return ``dict[report_id, value]``; this IO manager stores one pickle per
report under ``<base_dir>/<asset>/<report_id>.pkl`` (written to a temp file, then renamed), and
loads the dict back for the partitions a downstream step asks for. Dagster's built-in
filesystem IO manager refuses outputs that span several partitions, which single-run backfills
need.
"""

from __future__ import annotations

import os
import pickle
import tempfile
from pathlib import Path
from typing import Any

import dagster as dg


class ReportStoreIOManager(dg.ConfigurableIOManager):
    base_dir: str

    def _dir(self, asset_key: dg.AssetKey) -> Path:
        return Path(self.base_dir).joinpath(*asset_key.path)

    def handle_output(self, context: dg.OutputContext, obj: dict[str, Any]) -> None:
        if not isinstance(obj, dict):
            raise TypeError(f"{context.asset_key.to_user_string()}: per-report assets return dict[report_id, value]")
        folder = self._dir(context.asset_key)
        folder.mkdir(parents=True, exist_ok=True)
        # a report of this run that the step left out (it failed) must not be read downstream from
        # an earlier run's result: remove that stale result
        for report_id in set(context.asset_partition_keys) - set(obj):
            (folder / f"{report_id}.pkl").unlink(missing_ok=True)
        for report_id, value in obj.items():
            fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
            with os.fdopen(fd, "wb") as f:
                pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, folder / f"{report_id}.pkl")
        context.add_output_metadata({"reports": len(obj), "path": str(folder)})

    def load_input(self, context: dg.InputContext) -> dict[str, Any]:
        folder = self._dir(context.asset_key)
        out: dict[str, Any] = {}
        for report_id in context.asset_partition_keys:
            path = folder / f"{report_id}.pkl"
            if path.exists():  # a report that failed upstream in this run has no file: absent downstream
                with open(path, "rb") as f:
                    out[report_id] = pickle.load(f)
        return out
