"""A place where the fault tests (tests/faults/) can hold a task still, to kill its
worker there. Does nothing unless the environment variable FAULT_PAUSE_DIR is set, which
only they do (it is no setting of the portal's)."""

import os
import time
from pathlib import Path

# However long a test forgets to let go: a worker is never held for good.
LONGEST_PAUSE_SECONDS = 60


def pause(point: str) -> None:
    """While `<FAULT_PAUSE_DIR>/<point>.hold` exists: say so in `<point>.reached` and wait."""
    folder = os.environ.get("FAULT_PAUSE_DIR")
    if not folder:
        return
    directory = Path(folder)
    hold = directory / f"{point}.hold"
    if not hold.exists():
        return
    (directory / f"{point}.reached").touch()
    deadline = time.monotonic() + LONGEST_PAUSE_SECONDS
    while hold.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
