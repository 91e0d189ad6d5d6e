"""Running a notebook the way the notebook tests need: a fresh kernel, warnings as errors."""

from __future__ import annotations

import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

__all__ = ["WARNINGS_AS_ERRORS", "execute"]

# Every warning an error, except those ipykernel raises about itself: its shutdown handler warns
# (PendingDeprecationWarning, ipykernel 7 with IPython 8), and an error there leaves the kernel
# to be killed after a timeout.
WARNINGS_AS_ERRORS = (
    "import warnings\n"
    "warnings.simplefilter('error')\n"
    "warnings.filterwarnings('ignore', category=PendingDeprecationWarning, module='ipykernel')"
)


def execute(notebook: nbformat.NotebookNode, cwd: Path) -> float:
    """Run ``notebook`` in place in a fresh python3 kernel started in ``cwd``; return seconds.

    Before the first cell, the kernel's warnings filter is set to "error" silently: no output
    and no execution count, so the stored cells run exactly as they are.
    """
    client = NotebookClient(
        notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(cwd)}}
    )

    async def warnings_as_errors(**_: object) -> None:
        msg_id = client.kc.execute(WARNINGS_AS_ERRORS, silent=True, store_history=False)
        reply = await client.async_wait_for_reply(msg_id)
        assert reply["content"]["status"] == "ok", reply["content"]

    client.on_notebook_start = warnings_as_errors
    start = time.perf_counter()
    client.execute()
    return time.perf_counter() - start
