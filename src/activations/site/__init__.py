"""The site layer: how each activation is shown, the figures, the handout, the explorer, tables.

These modules draw what the numerical core computes. They need the ``[site]`` extra
(matplotlib and plotly, ``pip install .[site]``); the core (:mod:`activations`) needs only
numpy and scipy and never imports this subpackage. This file imports nothing, so that
importing one light module (:mod:`activations.site.pages`, :mod:`activations.site.tables`) does
not load matplotlib.

- :mod:`activations.site.pages`: how the site shows each registry entry (display name,
  formulas, family, labels), one record per entry;
- :mod:`activations.site.decision`: which activation to use where, the decision aid's rows;
- :mod:`activations.site.plotting`: the one plot helper behind every figure;
- :mod:`activations.site.handout`: the printable class handout (PDF);
- :mod:`activations.site.explorer`: the explorer's data and markup (``Explorer.ipynb``);
- :mod:`activations.site.tables`: the properties table as Markdown;
- :mod:`activations.site.latex`: numbers, ranges and smoothness classes as LaTeX.
"""
