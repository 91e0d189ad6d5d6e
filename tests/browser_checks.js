// Checks of a built page in Chromium, added to every page by tests/browser_checks.py. Each
// returns a list of problems, each naming the element (tag#id.class) and the section it is in.
window.siteChecks = (() => {
  // TeX a typesetter would have replaced: a command (\frac, \sigma), \( \) \[ \] or $$.
  const TEX = /\\(?:[A-Za-z]{2,}|[()[\]])|\$\$/;
  // Sub- and superscripts typed as TeX outside math: "s_i(δ_ij − s_j)", "e^{x_k}", "Swish_β". A
  // word, or a Greek letter, then _ and one or two letters or digits (or one Greek letter) that end
  // the word; identifiers such as leaky_relu or ml_dtypes do not match, and code is skipped.
  const SCRIPT = /[\^_]\{|(?<![\w./-])[A-Za-z\u0370-\u03ff]+_(?:[A-Za-z0-9]{1,2}|[\u0370-\u03ff])(?![\w\u0370-\u03ff])/;
  // Text a reader does not see as text: code, scripts, and the source and assistive copies
  // that typesetters keep beside what they draw.
  const NOT_TEXT = 'pre, code, script, style, noscript, textarea, template, annotation, math, '
    + 'mjx-assistive-mml, .katex-mathml, .sr-only, .visually-hidden';
  const ERRORS = '.katex-error, mjx-merror, merror';
  const FORMULA_PARTS = 'span.math, math, mjx-container, .katex';
  const px = Math.round;

  const describe = (el) => {
    const classes = [...el.classList].slice(0, 2).map((c) => `.${c}`).join('');
    return el.tagName.toLowerCase() + (el.id ? `#${el.id}` : '') + classes;
  };
  const section = (el) => {
    const parent = el.parentElement;
    const around = parent && parent.closest('section[id], .cell[id], [id^="fig-"]');
    return around ? ` in ${describe(around)}` : '';
  };
  const named = (el) => describe(el) + section(el);
  const snippet = (text) => JSON.stringify(text.replace(/\s+/g, ' ').trim().slice(0, 60));
  // What a formula draws: its glyphs and leaf boxes, as far as the boxes inside it that hide
  // or scroll their overflow let them show (KaTeX draws a radical's line 400em long and clips
  // it; a display formula may scroll sideways in its own box), and not
  // the copies typesetters keep for screen readers. The formula's own box does not count: a
  // formula it cuts off does not fit either.
  const HIDDEN = '.katex-mathml, mjx-assistive-mml, annotation, .sr-only, .visually-hidden';
  const ELEMENTS_AND_TEXT = NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT;
  const ink = (formula) => {
    const box = {left: Infinity, top: Infinity, right: -Infinity, bottom: -Infinity, width: 0};
    const add = (node, r) => {
      if (!r.width && !r.height) return;
      let [left, top, right, bottom] = [r.left, r.top, r.right, r.bottom];
      for (let a = node.parentElement; a && a !== formula; a = a.parentElement) {
        const style = getComputedStyle(a);
        const c = a.getBoundingClientRect();
        if (/hidden|clip|auto|scroll/.test(style.overflowX)) {
          [left, right] = [Math.max(left, c.left), Math.min(right, c.right)];
        }
        if (/hidden|clip|auto|scroll/.test(style.overflowY)) {
          [top, bottom] = [Math.max(top, c.top), Math.min(bottom, c.bottom)];
        }
      }
      if (right <= left || bottom <= top) return;
      [box.left, box.top] = [Math.min(box.left, left), Math.min(box.top, top)];
      [box.right, box.bottom] = [Math.max(box.right, right), Math.max(box.bottom, bottom)];
      box.width = box.right - box.left;
    };
    const hidden = (n) => n.nodeType === Node.ELEMENT_NODE && n.matches(HIDDEN);
    const walker = document.createTreeWalker(formula, ELEMENTS_AND_TEXT, {
      acceptNode: (n) => (hidden(n) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
    });
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (n.nodeType === Node.TEXT_NODE && n.data.trim()) {
        const range = document.createRange();
        range.selectNodeContents(n);
        add(n, range.getBoundingClientRect());
      } else if (n.nodeType === Node.ELEMENT_NODE && !n.firstElementChild) {
        add(n, n.getBoundingClientRect());
      }
    }
    return box;
  };
  const clipped = (el, stop) => {
    for (let a = el.parentElement; a && a !== stop; a = a.parentElement) {
      if (getComputedStyle(a).overflowX !== 'visible') return true;
    }
    return false;
  };
  // The box an element lies in: itself or its nearest ancestor that is not inline.
  const blockOf = (el) => {
    let box = el;
    while (box.parentElement && /^(inline|contents)/.test(getComputedStyle(box).display)) {
      box = box.parentElement;
    }
    return box;
  };
  const untypeset = () => [...document.querySelectorAll('span.math')]
    .filter((s) => !s.firstElementChild);
  const scale = () => (window.Reveal && window.Reveal.isReady() ? window.Reveal.getScale() : 1);

  // Formulas that run past their .column (else the block they are in), or over a figure.
  const formulas = (root = document.body) => {
    const problems = [];
    const figures = [...root.querySelectorAll('img, svg')].filter(
      (f) => !f.closest(FORMULA_PARTS) && f.getBoundingClientRect().width > 0);
    const roots = [...root.querySelectorAll('span.math, math')].filter(
      (f) => !f.parentElement.closest('span.math, math'));
    for (const formula of roots) {
      const r = ink(formula);
      if (!r.width) continue;
      const source = formula.querySelector('annotation');
      const name = `formula ${snippet((source || formula).textContent)}`;
      const box = formula.closest('.column') || blockOf(formula.parentElement);
      const b = box.getBoundingClientRect();
      const over = Math.max(r.right - b.right, b.left - r.left);
      if (over > 1) problems.push(`${name} runs ${px(over / scale())} px past its ${named(box)}`);
      for (const figure of figures) {
        const f = figure.getBoundingClientRect();
        const w = Math.min(r.right, f.right) - Math.max(r.left, f.left);
        const h = Math.min(r.bottom, f.bottom) - Math.max(r.top, f.top);
        if (w > 1 && h > 1) {
          problems.push(`${name} covers ${px(w / scale())} px of ${named(figure)}`);
        }
      }
    }
    return problems;
  };

  // What of a slide is drawn outside the slide: each element whose text, or which itself as a
  // leaf (an image, a rule), lies past an edge where the boxes it scrolls in let it show (the
  // slide's own box among them: a .scrollable slide scrolls what it cannot show).
  const slideEdges = (slide) => {
    const area = document.querySelector('.reveal .slides').getBoundingClientRect();
    const crossed = (node, r) => {
      let [left, top, right, bottom] = [r.left, r.top, r.right, r.bottom];
      for (let a = node.parentElement; a && a !== slide.parentElement; a = a.parentElement) {
        const style = getComputedStyle(a);
        if (style.overflowX === 'visible' && style.overflowY === 'visible') continue;
        const c = a.getBoundingClientRect();
        [left, top] = [Math.max(left, c.left), Math.max(top, c.top)];
        [right, bottom] = [Math.min(right, c.right), Math.min(bottom, c.bottom)];
      }
      if (right <= left || bottom <= top) return [];
      return [
        left < area.left - 1 && 'left', right > area.right + 1 && 'right',
        top < area.top - 1 && 'top', bottom > area.bottom + 1 && 'bottom',
      ].filter(Boolean);
    };
    const outside = new Map();
    const skip = (n) => n.nodeType === Node.ELEMENT_NODE && n.matches(`aside.notes, ${HIDDEN}`);
    const walker = document.createTreeWalker(slide, ELEMENTS_AND_TEXT, {
      acceptNode: (n) => (skip(n) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
    });
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const text = n.nodeType === Node.TEXT_NODE;
      if (text ? !n.data.trim() : n.firstElementChild) continue;
      let r = text ? null : n.getBoundingClientRect();
      if (text) {  // the glyphs, as high as the lines of the block they are set in
        const range = document.createRange();
        range.selectNodeContents(n);
        const glyphs = range.getBoundingClientRect();
        const lines = blockOf(n.parentElement).getBoundingClientRect();
        r = {left: glyphs.left, right: glyphs.right,
          top: Math.max(glyphs.top, lines.top), bottom: Math.min(glyphs.bottom, lines.bottom)};
      }
      const edges = crossed(n, r);
      if (edges.length) outside.set(text ? n.parentElement : n, edges);
    }
    return [...outside].slice(0, 3)
      .map(([el, edges]) => `${named(el)} runs past the slide's ${edges.join(' and ')} edge`);
  };

  return {
    untypeset: () => untypeset().length,
    typesetterLoaded: () => Boolean(window.katex || (window.MathJax && window.MathJax.startup)),

    // The page is wider than the window: what sticks out of its parent past the right edge.
    sidewaysScroll() {
      const width = document.documentElement.clientWidth;
      const by = document.documentElement.scrollWidth - width;
      if (by <= 0) return [];
      const culprits = [];
      for (const el of document.body.querySelectorAll('*')) {
        const r = el.getBoundingClientRect();
        if (!r.width || r.right <= width + 0.5) continue;
        if (r.right <= el.parentElement.getBoundingClientRect().right + 0.5) continue;
        if (!clipped(el, document.body)) culprits.push(`${named(el)} reaches ${px(r.right)} px`);
      }
      const found = culprits.slice(0, 4).join('; ') || 'no element found';
      return [`scrolls sideways by ${by} px: ${found}`];
    },

    // TeX left as text after the typesetter ran, and the typesetter's error marks.
    rawTex() {
      const problems = [];
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        if ((TEX.test(n.data) || SCRIPT.test(n.data)) && !n.parentElement.closest(NOT_TEXT)) {
          problems.push(`raw TeX in ${named(n.parentElement)}: ${snippet(n.data)}`);
        }
      }
      for (const e of document.querySelectorAll(ERRORS)) {
        problems.push(`typesetting error ${named(e)}: ${snippet(e.title || e.textContent)}`);
      }
      return problems;
    },

    formulas,

    // Code blocks whose lines are wider than their box (scrolling inside it, or widening it).
    codeLines() {
      const problems = [];
      for (const pre of document.querySelectorAll('main pre')) {
        const over = Math.max(pre.scrollWidth - pre.clientWidth,
          pre.getBoundingClientRect().right - pre.parentElement.getBoundingClientRect().right);
        if (over <= 1) continue;
        const longest = pre.textContent.split('\n').reduce((a, b) => (b.length > a.length ? b : a));
        problems.push(
          `${named(pre)}: a line ${px(over)} px wider than its box: ${snippet(longest)}`);
      }
      return problems;
    },

    // Figures drawn at less than ``minimum`` of their own width.
    figures(minimum) {
      const problems = [];
      for (const img of document.querySelectorAll('main img')) {
        if (!img.naturalWidth) {
          problems.push(`${named(img)} shows nothing: ${img.src}`);
          continue;
        }
        const drawn = img.getBoundingClientRect().width / img.naturalWidth;
        if (drawn < minimum) {
          problems.push(
            `${named(img)} is drawn at ${px(100 * drawn)}% of its ${img.naturalWidth} px`);
        }
      }
      return problems;
    },

    // Two-column layouts (.grid, .columns) whose cells sit side by side.
    sideBySide() {
      const problems = [];
      for (const layout of document.querySelectorAll('.grid, .columns')) {
        const cells = [...layout.children].filter((c) => c.getBoundingClientRect().width > 0);
        const rects = cells.map((c) => c.getBoundingClientRect());
        if (rects.some((r, i) => i > 0 && r.top < rects[i - 1].bottom - 1)) {
          const widths = rects.map((r) => `${px(r.width)} px`).join(' + ');
          problems.push(`the cells of ${named(layout)} sit side by side (${widths})`);
        }
      }
      return problems;
    },

    // Every slide (or the one with id ``only``) with all its fragments shown: {slide, kind,
    // problem} for each problem.
    async slides(only) {
      const found = [];
      let checked = 0;
      for (const [number, slide] of Reveal.getSlides().entries()) {
        if (only && slide.id !== only) continue;
        checked += 1;
        const {h, v} = Reveal.getIndices(slide);
        Reveal.slide(h, v);
        slide.querySelectorAll('.fragment').forEach((f) => f.classList.add('visible'));
        const images = [...slide.querySelectorAll('img')];
        await Promise.all(images.map((i) => i.decode().catch(() => null)));
        await new Promise(requestAnimationFrame);
        const heading = slide.querySelector('h1, h2');
        const name = `slide ${number + 1} ${snippet(heading ? heading.textContent : '')}`;
        const add = (kind) => (problem) => found.push({slide: name, kind, problem});
        slideEdges(slide).forEach(add('edges'));
        formulas(slide).forEach(add('formulas'));
        const notes = slide.querySelector('aside.notes');
        if (slide.id !== 'title-slide' && !(notes && notes.textContent.trim())) {
          add('notes')('has no speaker notes (aside.notes)');
        }
      }
      return {total: Reveal.getTotalSlides(), checked, found};
    },
  };
})();
