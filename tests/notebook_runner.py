"""Running a notebook the way the notebook tests need: a fresh kernel, warnings as errors."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
from nbclient import NotebookClient

__all__ = ["WARNINGS_AS_ERRORS", "execute", "output_problems"]

# Every warning an error, except those ipykernel raises about itself: its shutdown handler warns
# (PendingDeprecationWarning, ipykernel 7 with IPython 8), and an error there leaves the kernel
# to be killed after a timeout.
WARNINGS_AS_ERRORS = (
    "import warnings\n"
    "warnings.simplefilter('error')\n"
    "warnings.filterwarnings('ignore', category=PendingDeprecationWarning, module='ipykernel')"
)


def execute(notebook: nbformat.NotebookNode, cwd: Path) -> None:
    """Run ``notebook`` in place in a fresh python3 kernel started in ``cwd``.

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
    client.execute()


def output_problems(notebook: nbformat.NotebookNode) -> list[str]:
    """Every error and every stderr output of the code cells, named by cell label or number."""
    problems = []
    for number, cell in enumerate(notebook["cells"]):
        if cell["cell_type"] != "code":
            continue
        label = re.search(r"^#\|\s*label:\s*(\S+)", cell["source"], flags=re.MULTILINE)
        name = label.group(1) if label else f"cell {number}"
        for output in cell["outputs"]:
            if output["output_type"] == "error":
                problems.append(f"{name}: {output['ename']}: {output['evalue']}")
            elif output["output_type"] == "stream" and output["name"] == "stderr":
                problems.append(f"{name}: stderr: {output['text'][:300]}")
    return problems
