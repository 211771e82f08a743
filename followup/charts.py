"""The dashboards' charts: SVG drawn on the server by pygal, put inline in the page.

The portal's CSP forbids inline scripts and styles, and pygal puts both in every SVG
(a <script> with its configuration, even with `js=[]`, and a <style>). So `render`
strips them: the SVG is shown as it is drawn, with no script, and its style comes
from static/css/charts.css, which is pygal's own stylesheet for these charts scoped
to `.chart`, written by `stylesheet()` (a test keeps the file and the function
the same: `python manage.py shell -c "from followup.charts import write; write()"`).

Every chart has the same figures in a data table beside it; the SVG is hidden from
screen readers (aria-hidden) so they read the table, and it has no links, so nothing
hidden can take focus. The series are told apart by patterns as well as colours
(the patterns are defined once per page, templates/followup/_chart_patterns.html),
and the bars carry their values as text.
"""

import base64
import hashlib
import json
import re
from functools import wraps
from pathlib import Path

import pygal
from django.conf import settings
from django.core.cache import cache
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from pygal.style import Style

from .dashboard import NOT_REPORTED, STATUS_KEYS
from .models import MeasureReport

# One colour per series, each at least 3:1 against white (WCAG 1.4.11), and a pattern
# per series (#chart-pattern-<n>) so that no two are told apart by colour alone.
COLOURS = ("#1b6b3a", "#1f5fa8", "#a34f00", "#a4262c", "#4d4d4d", "#6b6b6b", "#6a3d9a")
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"

STYLE = Style(
    background="#ffffff",
    plot_background="#ffffff",
    foreground="#212529",
    foreground_strong="#212529",
    foreground_subtle="#595959",
    opacity="1",
    opacity_hover="1",
    transition="0ms",
    colors=COLOURS,
    font_family=FONT,
    label_font_size=15,
    major_label_font_size=15,
    value_font_size=15,
    legend_font_size=15,
    title_font_size=17,
    tooltip_font_size=14,
)

CONFIG = {
    "style": STYLE,
    "js": [],
    "no_prefix": True,
    "disable_xml_declaration": True,
    "print_values": True,
    "print_zeroes": False,
    "legend_at_bottom": True,
    "legend_at_bottom_columns": 2,
    "legend_box_size": 16,
    "show_y_guides": False,
    "truncate_legend": 26,
    # Narrow, so that on a phone (a 360 px column) the text is still 11 px or more.
    "width": 480,
    # Few graduations: on a phone the chart is a third of its size.
    "max_scale": 6,
    "min_scale": 3,
    "margin": 10,
    "spacing": 12,
}

CSS_PATH = Path(settings.BASE_DIR) / "static" / "css" / "charts.css"

_STRIP = [
    re.compile(r"<script\b.*?</script>", re.S),
    re.compile(r"<style\b.*?</style>", re.S),
    re.compile(r"<!--.*?-->", re.S),
    re.compile(r"\s(?:style|id)=\"[^\"]*\""),
]


def render(chart) -> str:
    """The chart's SVG, without what the CSP forbids, hidden from assistive technology
    (the table beside it says the same)."""
    svg = chart.render(is_unicode=True)
    for pattern in _STRIP:
        svg = pattern.sub("", svg)
    svg = svg.replace("<svg ", '<svg aria-hidden="true" focusable="false" ', 1)
    return mark_safe(svg)  # noqa: S308 (drawn by pygal from our own figures, escaped by it)


# pygal leaves a horizontal chart's labels whole, and long ones squeeze the bars to
# nothing; the table beside the chart has them in full.
LABEL_CHARS = 18


# On paper a chart is as wide as the page, and its labels can be longer: the round
# titles ("Halvtidsuppföljning 2025") must stay told apart.
PRINT_WIDTH = 720
PRINT_LABEL_CHARS = 32


def _short(label, chars=LABEL_CHARS) -> str:
    text = str(label)
    return text if len(text) <= chars else text[: chars - 1].rstrip() + "…"


def _sized(config, printed):
    return {**config, "width": PRINT_WIDTH} if printed else config


def _height(bars: int) -> int:
    return 110 + 40 * max(bars, 1)


def _hidden(_value):
    return ""


def drawn_once(draw):
    """A chart is a pure function of its arguments (figures, labels, sizes): drawn once
    and kept in the shared cache under a digest of them, so a dashboard asked again is
    not drawn again (pygal is most of its time), and a changed figure is a new key,
    never an old picture."""

    @wraps(draw)
    def cached(*args, **kwargs):
        identity = json.dumps(
            [draw.__name__, args, kwargs], sort_keys=True, ensure_ascii=False, default=str
        )
        key = f"chart:{hashlib.sha256(identity.encode()).hexdigest()}"
        svg = cache.get(key)
        if svg is None:
            svg = draw(*args, **kwargs)
            cache.set(key, str(svg), settings.CHART_CACHE_SECONDS)
        return mark_safe(svg)  # noqa: S308 (render's SVG, as drawn above)

    return cached


@drawn_once
def stacked(groups, series, *, horizontal=True, printed=False):
    """A stacked bar per group: `groups` is [(label, {series key: n})], `series` is
    [(key, label)]; one colour and pattern per series. The legend is the page's
    (`legend`), in HTML, where it stays legible on a phone. `printed`: for the page
    of the PDF report, wider and with longer labels."""
    kind = pygal.HorizontalStackedBar if horizontal else pygal.StackedBar
    chart = kind(height=_height(len(groups)), show_legend=False, **_sized(CONFIG, printed))
    # pygal draws the first label at the bottom; the table reads from the top.
    ordered = list(reversed(groups)) if horizontal else list(groups)
    chars = PRINT_LABEL_CHARS if printed else LABEL_CHARS
    chart.x_labels = [_short(label, chars) for label, _counts in ordered]
    # A segment too narrow for its number keeps it in the table only.
    widest = max((sum(counts.values()) for _label, counts in groups), default=0)
    for key, label in series:
        values = []
        for _label, counts in ordered:
            n = counts.get(key, 0) or None
            if n and n < widest * 0.08:
                n = {"value": n, "formatter": _hidden}
            values.append(n)
        chart.add(str(label), values)
    return render(chart)


def legend(series):
    """The legend of a stacked chart, as (n, label): the template draws each swatch in
    the n-th pattern."""
    return [(n, label) for n, (_key, label) in enumerate(series)]


@drawn_once
def bars(values, *, horizontal=False, title="", printed=False):
    """One series of bars: `values` is [(label, n)]."""
    kind = pygal.HorizontalBar if horizontal else pygal.Bar
    config = _sized({**CONFIG, "show_legend": False}, printed)
    height = _height(len(values)) if horizontal else 320
    chart = kind(height=height, **config)
    ordered = list(reversed(values)) if horizontal else list(values)
    chars = PRINT_LABEL_CHARS if printed else LABEL_CHARS
    chart.x_labels = [_short(label, chars) for label, _n in ordered]
    chart.add(str(title), [n or None for _label, n in ordered])
    return render(chart)


def status_series():
    """The scale's steps and "not reported", as (key, label) series."""
    labels = dict(MeasureReport.Status.choices)
    labels[NOT_REPORTED] = gettext("Ej rapporterad")
    return [(key, labels[key]) for key in STATUS_KEYS]


# The stylesheet --------------------------------------------------------------------

# What the portal adds to pygal's rules: the patterns as fills, legible values, no
# tooltips (they need pygal's script).
EXTRA_CSS = "".join(
    f".chart svg .color-{n},.chart svg .color-{n} a:visited{{fill:url(#chart-pattern-{n})}}"
    for n in range(len(COLOURS))
) + (
    ".chart svg .text-overlay text.value{stroke:#fff !important;stroke-width:4px;"
    "paint-order:stroke;fill:#000 !important;font-weight:600}"
    ".chart svg .tooltip{display:none}"
    ".chart svg{display:block;width:100%;height:auto;max-width:36rem}"
)


def _scoped(css: str) -> str:
    rules = []
    for selectors, body in re.findall(r"([^{}]*)\{([^{}]*)\}", css):
        scoped = ",".join(
            f".chart svg {s.strip()}".rstrip() if s.strip() else ".chart svg"
            for s in selectors.split(",")
        )
        rules.append(f"{scoped}{{{body}}}")
    return "\n".join(rules)


def stylesheet() -> str:
    """pygal's stylesheet for these charts, scoped to `.chart`, and the portal's rules."""
    chart = pygal.Bar(**CONFIG)
    chart.add("x", [1])
    svg = chart.render(is_unicode=True)
    css = "".join(re.findall(r"<style[^>]*>(.*?)</style>", svg, re.S))
    css = css.replace("&gt;", ">")
    return (
        "/* Written by followup.charts.stylesheet(): pygal's rules scoped to .chart. */\n"
        + _scoped(css)
        + "\n"
        + EXTRA_CSS.replace("}", "}\n")
    )


def write() -> None:
    CSS_PATH.write_text(stylesheet(), encoding="utf-8")


# One pattern per colour: solid, diagonal stripes, dots, cross-hatch, horizontal lines,
# vertical lines, a checkerboard; white marks on the colour keep its contrast.
_MARKS = (
    "",
    '<path d="M-2,2 l4,-4 M0,8 l8,-8 M6,10 l4,-4" stroke="#fff" stroke-width="1.6"/>',
    '<circle cx="4" cy="4" r="1.6" fill="#fff"/>',
    '<path d="M0,0 L8,8 M8,0 L0,8" stroke="#fff" stroke-width="1.3"/>',
    '<path d="M0,4 H8" stroke="#fff" stroke-width="1.8"/>',
    '<path d="M4,0 V8" stroke="#fff" stroke-width="1.8"/>',
    '<rect width="4" height="4" fill="#fff" fill-opacity="0.45"/>'
    '<rect x="4" y="4" width="4" height="4" fill="#fff" fill-opacity="0.45"/>',
)


def patterns() -> str:
    """The patterns the charts' stylesheet fills with, once per page, in an SVG of no size."""
    defs = "".join(
        f'<pattern id="chart-pattern-{n}" patternUnits="userSpaceOnUse" width="8" height="8">'
        f'<rect width="8" height="8" fill="{colour}"/>{_MARKS[n]}</pattern>'
        for n, colour in enumerate(COLOURS)
    )
    return mark_safe(  # noqa: S308 (constants of this module)
        '<svg class="chart-patterns" aria-hidden="true" focusable="false" width="0" height="0">'
        f"<defs>{defs}</defs></svg>"
    )


# The charts in the PDF report ---------------------------------------------------

# WeasyPrint draws each SVG on its own: no page stylesheet and no pattern defined
# elsewhere in the page reach it. It draws no `paint-order` either, so the values'
# white halo would cover them: in print they are white with a thin dark outline,
# legible on every colour and pattern.
PRINT_CSS = (
    "svg,svg text{font-family:'DejaVu Sans',sans-serif !important}"
    # The first series is a plain colour: drawn as a pattern, its tiles' seams show.
    f"svg .color-0{{fill:{COLOURS[0]}}}"
    "svg .text-overlay text.value{stroke:#000 !important;stroke-width:0.7px;"
    "fill:#fff !important;font-weight:700;font-size:18px}"
)


# On paper the patterns are drawn twice as large: at the page's scale the screen's
# 8-unit tiles blur into a grey that hides the numbers printed over them.
PRINT_PATTERN_SCALE = 2


def _print_defs() -> str:
    defs = re.search(r"<defs>.*</defs>", patterns(), re.S).group(0)
    return defs.replace(
        'patternUnits="userSpaceOnUse"',
        f'patternUnits="userSpaceOnUse" patternTransform="scale({PRINT_PATTERN_SCALE})"',
    )


def print_image(svg: str) -> str:
    """A chart as a self-contained SVG data: URI (its stylesheet and patterns inside it),
    for the print template's <img>."""
    css = stylesheet().replace(".chart svg ", "").replace(".chart svg", "svg")
    css = re.sub(r"svg \.text-overlay text\.value\{stroke:[^}]*\}", "", css) + PRINT_CSS
    defs = _print_defs()
    own = re.sub(
        r"(<svg\b[^>]*>)", lambda m: f"{m.group(1)}{defs}<style>{css}</style>", svg, count=1
    )
    return "data:image/svg+xml;base64," + base64.b64encode(own.encode()).decode("ascii")


def print_swatch(n: int) -> str:
    """The n-th series' colour and pattern as a small SVG data: URI, for the printed legend."""
    defs = _print_defs()
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16" viewBox="0 0 16 16">'
        f'{defs}<rect width="16" height="16" fill="url(#chart-pattern-{n})"/></svg>'
    )
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode("ascii")
