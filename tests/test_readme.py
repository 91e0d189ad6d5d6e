"""The README's commands are the ones CI runs and the files they name exist."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
BASH_BLOCKS = re.findall(r"```bash\n(.*?)```", README, flags=re.DOTALL)


def _commands(text: str) -> list[str]:
    """Non-comment shell lines, with backslash continuations joined."""
    joined = re.sub(r"\\\n\s*", "", text)
    return [
        line.strip() for line in joined.splitlines() if line.strip() and not line.startswith("#")
    ]


def test_ci_runs_the_readme_test_command():
    # The set-up section has exactly two commands: the site, then the tests.
    site, tests = BASH_BLOCKS[0].strip(), BASH_BLOCKS[1].strip()
    assert "quarto preview" in site and "pytest" in tests
    assert _commands((ROOT / ".ci" / "run").read_text(encoding="utf-8"))[-1] == tests


def test_every_file_a_readme_command_names_exists():
    named = {
        word for block in BASH_BLOCKS for word in re.findall(r"[\w./-]+\.(?:ipynb|py|txt)\b", block)
    }
    assert named, "the README names no file"
    assert all((ROOT / name).is_file() for name in named), sorted(named)
