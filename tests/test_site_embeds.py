"""Every ``{{< embed ... >}}`` finds its notebook cell the way Quarto does, with stored output.

Quarto does not execute the notebook when it renders; it embeds the
outputs stored in it, so a wrong label or an unexecuted cell is a broken page. The cell
lookup mirrors quarto-cli's ``cellForId`` (src/core/jupyter/jupyter-embed.ts): see
``quarto_site``'s docstring for the source read.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
import quarto_site as qs

# --------------------------------------------------------------------------- the real site


@pytest.mark.parametrize("path", qs.page_paths(), ids=lambda p: p.name)
def test_every_embed_resolves_to_a_cell_with_stored_output(path: Path) -> None:
    problems = qs.embed_problems(path)
    assert not problems, "\n".join(problems)


def test_the_required_pages_exist() -> None:
    missing = [name for name in (*qs.PAGES, qs.NOTEBOOK) if not (qs.ROOT / name).is_file()]
    assert not missing, f"missing from the project root: {missing}"


@pytest.mark.parametrize(
    ("name", "labels"),
    [
        (qs.INDEX, {"fig-overview", "tbl-properties"}),
        (qs.REFERENCE, {"fig-overview"}),
    ],
)
def test_pages_embed_the_overview(name: str, labels: set[str]) -> None:
    page = qs.load_page(qs.ROOT / name)
    embedded = {ident for e in qs.embeds_in(page.text) if e.path == qs.NOTEBOOK for ident in e.ids}
    assert labels <= embedded, f"{name} does not embed {sorted(labels - embedded)}"


def test_notebook_is_embeddable() -> None:
    problems = qs.notebook_problems(qs.load_notebook(qs.ROOT / qs.NOTEBOOK))
    assert not problems, "\n".join(problems)


# --------------------------------------------------------------------------- Quarto's lookup


def _cell(source: str, *, cell_id: str | None = None, tags=(), outputs=None, kind="code"):
    cell = {"cell_type": kind, "metadata": {"tags": list(tags)} if tags else {}, "source": source}
    if cell_id:
        cell["id"] = cell_id
    if kind == "code":
        cell["outputs"] = outputs if outputs is not None else [_IMAGE]
        cell["execution_count"] = 1
    return cell


_IMAGE = {"output_type": "display_data", "data": {"image/png": "iVBORw0KGgo="}, "metadata": {}}
_FIGURE_OPTIONS = "#| fig-cap: A caption.\n#| fig-alt: A description.\n"


def _resolved(cells: list[dict], ident: str) -> tuple[int, str] | None:
    found = qs.resolve_cell(qs.notebook_cells({"cells": cells}), ident)
    return None if found is None else (found[0].index, found[1])


def test_lookup_takes_the_first_cell_in_notebook_order_matching_id_label_or_tag() -> None:
    cells = [
        _cell("x = 1", tags=["fig-a"]),
        _cell("#| label: fig-a\nplot()"),
    ]
    # Quarto checks id, label and tag of each cell before moving to the next cell.
    assert _resolved(cells, "fig-a") == (0, "tag")
    assert _resolved(cells[1:], "fig-a") == (0, "label")


def test_a_labelled_cell_answers_to_cell_label_not_to_its_nbformat_id() -> None:
    cells = [_cell("#| label: fig-a\nplot()", cell_id="abc123")]
    assert _resolved(cells, "abc123") is None
    assert _resolved(cells, "cell-fig-a") == (0, "cell id")
    assert _resolved([_cell("plot()", cell_id="abc123")], "abc123") == (0, "cell id")


def test_label_may_come_from_cell_metadata_and_yaml_wins() -> None:
    cell = _cell("#| label: fig-yaml\nplot()")
    cell["metadata"]["label"] = "fig-meta"
    assert _resolved([cell], "fig-yaml") == (0, "label")
    assert _resolved([cell], "fig-meta") is None
    plain = _cell("plot()")
    plain["metadata"]["label"] = "fig-meta"
    assert _resolved([plain], "fig-meta") == (0, "label")


def test_option_lines_must_lead_the_cell() -> None:
    assert _resolved([_cell("import numpy\n#| label: fig-a\nplot()")], "fig-a") is None
    assert _resolved([_cell("#|label: fig-a\nplot()")], "fig-a") == (0, "label")


def test_markdown_attribute_matches_at_the_end_of_a_line() -> None:
    cells = [_cell("![A](a.png){#fig-md width=50%}", kind="markdown")]
    assert _resolved(cells, "fig-md") == (0, "markdown attribute")
    assert _resolved(cells, "fig-m") is None


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (_cell(f"#| label: fig-a\n{_FIGURE_OPTIONS}plot()", outputs=[]), "no stored output"),
        (
            _cell(
                f"#| label: fig-a\n{_FIGURE_OPTIONS}print(1)",
                outputs=[{"output_type": "stream", "name": "stdout", "text": "1"}],
            ),
            "no image output",
        ),
        (_cell(f"#| label: fig-a\n#| output: false\n{_FIGURE_OPTIONS}plot()"), "output: false"),
        (_cell(f"#| label: fig-a\n{_FIGURE_OPTIONS}plot()", tags=["remove-cell"]), "include"),
        (_cell("#| label: fig-a\n#| fig-alt: A description.\nplot()"), "fig-cap"),
        (_cell("#| label: tbl-a\n#| tbl-cap: T\ntable()"), "no table output"),
    ],
    ids=["unexecuted", "text-only", "output-false", "remove-cell-tag", "no-caption", "tbl-image"],
)
def test_output_check_fires(cell: dict, expected: str) -> None:
    (parsed,) = qs.notebook_cells({"cells": [cell]})
    assert parsed.label is not None
    problems = qs.cell_output_problems(parsed, parsed.label)
    assert any(expected in p for p in problems), problems


def test_output_check_passes_a_good_figure_cell() -> None:
    found = qs.resolve_cell(
        qs.notebook_cells({"cells": [_cell(f"#| label: fig-a\n{_FIGURE_OPTIONS}plot()")]}), "fig-a"
    )
    assert found is not None
    assert qs.cell_output_problems(found[0], "fig-a") == []


def test_duplicate_labels_are_reported() -> None:
    notebook = {
        "metadata": {"kernelspec": {"language": "python"}},
        "cells": [_cell("#| label: fig-a\nf()"), _cell("#| label: fig-a\ng()")],
    }
    assert any("must be unique" in p for p in qs.notebook_problems(notebook))


def test_embed_addresses_parse_like_quarto() -> None:
    text = (
        "{{< embed nb.ipynb#fig-a,fig-b echo=true >}}\n"
        "{{< embed /sub/nb.ipynb[1,3-2] >}}\n"
        "{{{< embed escaped.ipynb#x >}}}\n"
    )
    first, second = qs.embeds_in(text)
    assert (first.path, first.ids, first.line) == ("nb.ipynb", ("fig-a", "fig-b"), 1)
    assert (second.path, second.indexes) == ("/sub/nb.ipynb", (1, 3, 2))
    page = Path("/project/pages/p.qmd")
    assert qs.embed_target(page, second, Path("/project")) == Path("/project/sub/nb.ipynb")
    assert qs.embed_target(page, first, Path("/project")) == Path("/project/pages/nb.ipynb")


# --------------------------------------------------------------------------- broken copies


def _edit_labelled_cell(root: Path, label: str, edit: Callable[[dict], None]) -> None:
    path = root / qs.NOTEBOOK
    notebook = json.loads(path.read_text(encoding="utf-8"))
    cells = [
        c
        for c, q in zip(notebook["cells"], qs.notebook_cells(notebook), strict=True)
        if q.label == label
    ]
    assert cells, f"cannot break the notebook: no cell labelled {label}"
    edit(cells[0])
    path.write_text(json.dumps(notebook), encoding="utf-8")


def _relabel(cell: dict, new: str) -> None:
    source = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
    lines = source.splitlines(keepends=True)
    index = next(i for i, line in enumerate(lines) if line.lstrip("#| ").startswith("label:"))
    lines[index] = f"#| label: {new}\n"
    cell["source"] = "".join(lines)


def _break_page(old: str, new: str) -> Callable[[Path], None]:
    return lambda root: qs.replace_once(root / qs.REFERENCE, old, new)


_BREAKAGES: dict[str, tuple[Callable[[Path], None], str]] = {
    "unknown-label": (_break_page("#fig-sigmoid", "#fig-sigmoid-x"), "no cell has id"),
    "underscore-label": (_break_page("#fig-leaky-relu", "#fig-leaky_relu"), "no cell has id"),
    "missing-notebook": (
        _break_page("ActivationFunctions.ipynb#fig-relu", "ActivationFunction.ipynb#fig-relu"),
        "does not exist",
    ),
    "unexecuted-cell": (
        lambda root: _edit_labelled_cell(root, "fig-sigmoid", lambda c: c.update(outputs=[])),
        "no stored output",
    ),
    "image-dropped": (
        lambda root: _edit_labelled_cell(
            root,
            "fig-tanh",
            lambda c: c.update(
                outputs=[{"output_type": "stream", "name": "stdout", "text": "<Figure>"}]
            ),
        ),
        "no image output",
    ),
    "relabelled-cell": (
        lambda root: _edit_labelled_cell(root, "fig-elu", lambda c: _relabel(c, "fig-elu-old")),
        "no cell has id",
    ),
    "duplicate-label": (
        lambda root: _edit_labelled_cell(root, "fig-tanh", lambda c: _relabel(c, "fig-sigmoid")),
        "must be unique",
    ),
}


@pytest.mark.parametrize("breakage", sorted(_BREAKAGES))
def test_embed_check_fires_on_a_broken_copy(tmp_path: Path, breakage: str) -> None:
    root = qs.copy_project(tmp_path / "site")
    before = set(qs.embed_problems(root / qs.REFERENCE, root))
    breaker, expected = _BREAKAGES[breakage]
    breaker(root)
    new = set(qs.embed_problems(root / qs.REFERENCE, root)) - before
    assert any(expected in p for p in new), f"expected {expected!r} among {sorted(new)}"
