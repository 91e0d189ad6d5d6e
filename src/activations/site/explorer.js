// The activation explorer's controls. Every curve was computed by the `activations` package in
// Explorer.ipynb and arrives as base64 float64; this script only chooses which stored curves to
// show and hands them to Plotly. It computes no activation.
(function () {
  "use strict";

  function decode(b64) {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    return new Float64Array(bytes.buffer);
  }

  function setUp(root) {
    const plot = root.querySelector(".explorer-plot");
    const form = root.querySelector(".explorer-controls");
    if (typeof Plotly === "undefined") {
      // The notebook's own view (Explorer-preview.html) does not load Plotly: send the reader
      // to the Explorer page, which does and lies beside it in the site.
      const link = document.createElement("a");
      link.href = "explore.html";
      link.textContent = "the Explorer page";
      plot.replaceChildren(
        "The interactive figure needs the Plotly library. Open it on ",
        link,
        ", which loads it."
      );
      return;
    }
    const data = JSON.parse(root.querySelector(".explorer-data").textContent);
    const x = decode(data.x);
    const byName = new Map(data.activations.map((a) => [a.name, a]));
    const narrow = window.matchMedia(data.narrow);

    function parameterIndex(entry) {
      if (!entry.parameter) return 0;
      return Number(form.elements[entry.name].value);
    }

    function showValue(entry) {
      const slider = form.elements[entry.name];
      const text = entry.parameter.symbol + " = " + entry.parameter.values[parameterIndex(entry)];
      slider.setAttribute("aria-valuetext", text);
      form.querySelector('output[for="' + slider.id + '"]').textContent = text;
    }

    function yRange(entries, which) {
      let low = Infinity;
      let high = -Infinity;
      for (const entry of entries) {
        low = Math.min(low, entry.extent[which][0]);
        high = Math.max(high, entry.extent[which][1]);
      }
      if (!(high > low)) return [low - 0.5, high + 0.5];
      const pad = 0.06 * (high - low);
      return [low - pad, high + pad];
    }

    function draw() {
      const view = form.elements.view.value;
      const chosen = Array.from(form.querySelectorAll('input[name="show"]:checked'), (box) =>
        byName.get(box.value)
      );
      const panels =
        view === "both"
          ? [["f", "x", "y"], ["df", "x2", "y2"]]
          : [[view === "function" ? "f" : "df", "x", "y"]];
      const traces = [];
      chosen.forEach((entry, rank) => {
        const line = Object.assign({}, entry.trace.line, data.styles[rank % data.styles.length]);
        panels.forEach(([which, xaxis, yaxis], panel) => {
          traces.push(
            Object.assign({}, entry.trace, {
              line: line,
              x: x,
              y: decode(entry[which][parameterIndex(entry)]),
              xaxis: xaxis,
              yaxis: yaxis,
              legendgroup: entry.name,
              showlegend: panel === 0,
              meta: { activation: entry.name, curve: which },
            })
          );
        });
      });
      const layout = JSON.parse(JSON.stringify(data.layouts[view]));
      panels.forEach(([which, , yaxis]) => {
        const key = yaxis === "y" ? "yaxis" : "yaxis2";
        if (chosen.length) layout[key].range = yRange(chosen, which);
      });
      // On a narrow screen the plot is short and its two panels close together: the upper
      // panel's x labels would run into the lower one, whose labels serve both.
      if (view === "both" && narrow.matches) layout.xaxis.showticklabels = false;
      Plotly.react(plot, traces, layout, data.config);
    }

    form.addEventListener("input", (event) => {
      const entry = byName.get(event.target.name);
      if (entry && event.target.type === "range") showValue(entry);
      draw();
    });
    narrow.addEventListener("change", draw);
    form.hidden = false;
    draw();
    followNavbar(root);
  }

  // On a phone or a tablet the page's style makes the plot stick at the top of the window, at
  // the height --explorer-top. The site's navbar is fixed at the top and slides away while the
  // reader scrolls down and back when they scroll up (Quarto uses Headroom.js and announces
  // each change with the event quarto-hrChanged); the plot follows its bottom edge.
  function followNavbar(root) {
    const navbar = document.querySelector("header.fixed-top");
    if (!navbar) return;
    const update = () => {
      const hidden = navbar.classList.contains("headroom--unpinned");
      root.style.setProperty("--explorer-top", (hidden ? 0 : navbar.offsetHeight) + "px");
    };
    window.addEventListener("quarto-hrChanged", update);
    window.addEventListener("resize", update);
    update();
  }

  document.querySelectorAll(".activation-explorer").forEach(setUp);
})();
