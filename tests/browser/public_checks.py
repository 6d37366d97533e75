"""What a citizen sees, as scripts the browser runs on a page (test_browser_public.py): each returns a list of
problems, empty when the page is right. Table boxes are the `div.table-scroll` around every table."""

from __future__ import annotations

HINT_VISIBLE = """box => {
    const hint = box.previousElementSibling;
    return !!hint && hint.classList.contains('scroll-hint') && hint.offsetHeight > 0;
}"""

# Scrolled to its end, every body row of the table still shows its label, fully inside the box, and a figure.
LABELS_IN_VIEW = """box => {
    const out = [], frame = box.getBoundingClientRect();
    for (const tr of box.querySelectorAll('tbody tr')) {
        const tds = tr.querySelectorAll('td');
        if (!tds.length) continue;
        const ths = tr.querySelectorAll('th');
        if (!ths.length) continue;  // part 四: one row, its labels are the column heads
        const label = ths[ths.length - 1].getBoundingClientRect();
        if (label.left < frame.left - 1 || label.right > frame.right + 1)
            out.push(`row label "${ths[ths.length - 1].textContent.trim()}" out of view`);
        const last = tds[tds.length - 1].getBoundingClientRect();
        if (last.right < label.right + 16) out.push(`the last figure is under its row label`);
    }
    return out.slice(0, 5);
}"""

# The table's caption and sub-table titles are read inside the box, wherever it is scrolled to.
TITLES_IN_VIEW = """box => {
    const out = [], frame = box.getBoundingClientRect(), range = document.createRange();
    for (const title of box.querySelectorAll('caption, .section-label')) {
        range.selectNodeContents(title);
        const r = range.getBoundingClientRect();
        if (r.width && (r.left < frame.left - 1 || r.right > frame.right + 1))
            out.push(`title "${title.textContent.trim().slice(0, 40)}" runs out of the box`);
    }
    return out.slice(0, 3);
}"""

# No word of a table cell sticks out of it (a column too narrow for its words).
CELLS_HOLD_TEXT = """() => [...document.querySelectorAll('.table-scroll th, .table-scroll td')]
    .filter(c => c.offsetParent && c.scrollWidth > c.clientWidth + 1)
    .map(c => `text sticks out of its cell: "${c.textContent.trim().slice(0, 40)}"`).slice(0, 5)"""

# No word of a table stands one character a line (按/时/发/布, 自然/人): a column squeezed to a character's width.
# The lines of a cell's text are counted from the boxes of its characters; group labels set on their side
# (writing-mode vertical) are meant to read downwards.
WORDS_NOT_STACKED = """() => [...document.querySelectorAll('.table-scroll th, .table-scroll td')]
    .filter(c => c.offsetParent && !getComputedStyle(c).writingMode.startsWith('vertical'))
    .filter(c => {
        const text = c.textContent.replace(/\\s+/g, '');
        if (text.length < 3) return false;
        const range = document.createRange();
        range.selectNodeContents(c);
        const lines = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
        return lines.size >= 3 && lines.size >= 0.6 * text.length;
    })
    .map(c => `a word stands one character a line: "${c.textContent.trim().slice(0, 20)}"`).slice(0, 5)"""

CARDS = """() => [...document.querySelectorAll('.card-value, .card')]
    .filter(e => e.scrollWidth > e.clientWidth + 1)
    .map(e => `card overflows: ${e.textContent.trim()}`)"""

# No two texts of a chart's SVG overlap (axis labels, legend, figures at the bars' ends).
CHART_LABELS = """() => {
    const out = [];
    for (const svg of document.querySelectorAll('.chart-svg svg')) {
        // a text made transparent is not seen (none is, today)
        const seen = t => { for (let e = t; e && e !== svg; e = e.parentElement)
            if (e.getAttribute('opacity') === '0' || getComputedStyle(e).opacity === '0') return false; return true; };
        const boxes = [...svg.querySelectorAll('text')].filter(t => t.textContent.trim() && seen(t))
            .map(t => [t.textContent.trim(), t.getBoundingClientRect()]);
        for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
            const [a, ra] = boxes[i], [b, rb] = boxes[j];
            const x = Math.min(ra.right, rb.right) - Math.max(ra.left, rb.left);
            const y = Math.min(ra.bottom, rb.bottom) - Math.max(ra.top, rb.top);
            // the glyphs, not the line boxes: a text's box is taller than its letters by a third
            if (x > 2 && y > 0.35 * Math.min(ra.height, rb.height)) out.push(`chart labels overlap: "${a}" / "${b}"`);
        }
    }
    return out.slice(0, 5);
}"""

# A chart shows once (the phone's drawing or the wide one), its text at 13 px or more at any width: 15 px drawn,
# scaled by the width the page gives the SVG.
CHART_TEXT_SIZE = """() => {
    const out = [];
    for (const figure of document.querySelectorAll('figure.chart')) {
        const shown = [...figure.querySelectorAll('.chart-svg svg')].filter(s => s.getBoundingClientRect().width > 0);
        if (shown.length !== 1) { out.push(`chart ${figure.id}: ${shown.length} drawings shown`); continue; }
        const svg = shown[0];
        const size = 15 * svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
        if (size < 13) out.push(`chart ${figure.id}: its text is ${size.toFixed(1)} px`);
    }
    return out;
}"""

# English quotes are Latin (narrow), not the full-width glyphs of a CJK font.
LATIN_QUOTES = """() => {
    const span = document.createElement('span');
    span.textContent = '\\u201cx\\u2019\\u201d';
    span.style.whiteSpace = 'nowrap';
    document.querySelector('main').appendChild(span);
    const em = parseFloat(getComputedStyle(span).fontSize), w = span.getBoundingClientRect().width;
    span.remove();
    return w > 1.9 * em ? [`English quotes are full-width: "x" is ${w.toFixed(0)} px at ${em} px`] : [];
}"""

# One of a thing is singular in English ("1 report", not "1 reports").
PLURAL_OF_ONE = r"""() => [...new Set(document.body.innerText.match(/\b1 (?!(?:was|has|is|does)\b)[a-z]+s\b/g) || [])]
    .map(s => `"${s}": one of a thing is singular`)"""

# The year-over-year table's labels are not squeezed to one character per line.
YEAR_TABLE = """() => [...document.querySelectorAll('table.yoy tbody th')]
    .filter(th => th.getBoundingClientRect().width < 4 * parseFloat(getComputedStyle(th).fontSize))
    .map(th => `year table label squeezed: ${th.textContent.trim()}`).slice(0, 3)"""

# The label of each merged group cell of a statutory table (三、本年度办理结果, (三)不予公开…) is shown somewhere
# in its row, in lines of text (not on its side, not one word per line): in its own cell, or (on a phone) as
# the heading of the group's first row.
GROUP_LABELS_READABLE = """() => {
    const out = [], range = document.createRange();
    for (const group of document.querySelectorAll('table.statutory th.group')) {
        const label = group.textContent.trim();
        const shown = [group, ...group.parentElement.querySelectorAll('.group-inline')].filter(e =>
            e.textContent.trim() === label && e.getClientRects().length && e.getBoundingClientRect().width > 0
            && parseFloat(getComputedStyle(e).fontSize) >= 12);
        if (!shown.length) { out.push(`group label "${label}" is not shown`); continue; }
        const e = shown[0];
        if (getComputedStyle(e).writingMode !== 'horizontal-tb') out.push(`group label "${label}" runs on its side`);
        range.selectNodeContents(e);
        let lines = 0, last = -1e9;
        for (const top of [...range.getClientRects()].filter(r => r.width > 0).map(r => r.top).sort((a, b) => a - b))
            if (top - last > 4) { lines++; last = top; }
        if (lines > 3) out.push(`group label "${label}" takes ${lines} lines`);
        if (e.scrollWidth > e.clientWidth + 1) out.push(`group label "${label}" sticks out of its cell`);
    }
    return out.slice(0, 5);
}"""

# Two animation frames: a table's scroll timeline (which shows its cue) is updated by the frames after a layout
# (the page's first, or a "Chart data" opened), not at once.
FRAMES = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(() => done(true))))"

# Every scroll hint against its table box: [shown, the box scrolls] per hint (the hint shows only over a box that
# has something to scroll).
HINTS_MATCH = """() => [...document.querySelectorAll('.scroll-hint')].map(hint => {
    const box = hint.nextElementSibling;
    return [hint.offsetHeight > 0, !!box && box.scrollWidth > box.clientWidth + 1];
})"""

# Before any scrolling, a figure that spans columns shows in view when its cell begins in view (at the far end of
# its span, beyond the box's edge, it left the cell looking blank). A column cut by the box's edge is plain
# scrolling: its right-aligned figures show whole once scrolled to, never cut (a cut figure could be misread).
FIGURES_IN_VIEW = """box => {
    const out = [], frame = box.getBoundingClientRect(), range = document.createRange();
    for (const td of box.querySelectorAll('td.num[colspan]')) {
        if (!td.textContent.trim() || td.getBoundingClientRect().left > frame.right - 24) continue;
        range.selectNodeContents(td);
        if (range.getBoundingClientRect().left > frame.right - 8)
            out.push(`figure ${td.textContent.trim()} is beyond the box's edge: its cell looks empty`);
    }
    return out.slice(0, 3);
}"""
