"""``govreport-dbt``: starts dbt so that it dies with the run that started it.

dagster-dbt starts dbt as a child process of the run (``subprocess.Popen``, no hook to change
how). This guard is what it starts instead: it asks the kernel to kill it when its parent dies
(``prctl(PR_SET_PDEATHSIG, SIGKILL)``, kept across ``exec``), arms an alarm for the step
deadline (GOVREPORT_STEP_DEADLINE, kept across ``exec`` too: SIGALRM ends dbt), then replaces
itself by the real dbt (GOVREPORT_DBT_REAL). A killed ``govreport run`` therefore never leaves a
``dbt build`` writing the warehouse and holding its lock.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
import signal
import sys
from pathlib import Path

PR_SET_PDEATHSIG = 1


def die_with_parent() -> bool:
    """Ask Linux to SIGKILL this process when its parent dies; False where unsupported."""
    if not sys.platform.startswith("linux"):
        return False
    libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
    return libc.prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0) == 0


def main() -> None:
    parent = os.getppid()
    real = os.environ.get("GOVREPORT_DBT_REAL") or str(Path(sys.executable).parent / "dbt")
    real = shutil.which(real) or real
    die_with_parent()
    if parent == 1 or os.getppid() != parent:  # the parent died before the request took effect
        sys.exit(1)
    deadline = float(os.environ.get("GOVREPORT_STEP_DEADLINE") or 1800)
    signal.alarm(max(1, int(deadline)))
    os.execv(real, [real, *sys.argv[1:]])


if __name__ == "__main__":  # pragma: no cover
    main()
