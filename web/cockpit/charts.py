"""Charts as SVG drawn on the server with pygal: no script, nothing fetched.

pygal embeds a small configuration script for its optional tooltips; it is
removed, so the SVG is static and the page needs no JavaScript at all. Its
``<style>`` element is allowed by hash in the page's Content-Security-Policy
(``web.headers.allow_style``); the one inline style attribute (the hidden,
empty tooltip) is dropped, since the policy allows none.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

import pygal
from markupsafe import Markup
from pygal.style import Style

from web.headers import allow_style

_SCRIPT = re.compile(r"<script\b.*?</script>", re.S)
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_STYLE = re.compile(r"<style[^>]*>(.*?)</style>", re.S)
_STYLE_ATTRIBUTE = re.compile(r'\sstyle="[^"]*"')
STYLE = Style(
    background="transparent",
    plot_background="transparent",
    foreground="#1b2430",
    foreground_strong="#1b2430",
    foreground_subtle="#5a6474",
    font_family="DejaVu Sans, Arial, sans-serif",
    colors=("#1d4f91", "#4f8fd6", "#7fb069", "#e3a72f", "#b3261e", "#6c4f9c", "#5a6474"),
)


def _svg(chart: pygal.graph.graph.Graph, title: str) -> Markup:
    chart.title = title
    svg = chart.render(is_unicode=True)
    svg = _STYLE_ATTRIBUTE.sub("", _COMMENT.sub("", _SCRIPT.sub("", svg)))
    for css in _STYLE.findall(svg):
        # The browser hashes the element's text: its character references decoded.
        allow_style(html.unescape(css))
    # Name the picture for screen readers; the table beside it holds the figures.
    svg = svg.replace("<svg ", f'<svg role="img" aria-label="{Markup.escape(title)}" ', 1)
    return Markup(svg)


def _config(**extra: object) -> dict[str, object]:
    return {
        "js": [],
        "disable_xml_declaration": True,
        "style": STYLE,
        "width": 720,
        "height": 360,
        "legend_at_bottom": True,
        "truncate_legend": -1,
        "print_values": False,
        **extra,
    }


def stacked_bars(title: str, labels: Sequence[str], series: dict[str, Sequence[int]]) -> Markup:
    chart = pygal.StackedBar(**_config(x_label_rotation=0))
    chart.x_labels = list(labels)
    for name, values in series.items():
        chart.add(name, list(values))
    return _svg(chart, title)


def bars(title: str, pairs: Sequence[tuple[str, float | None]]) -> Markup:
    chart = pygal.HorizontalBar(**_config(show_legend=False, height=40 + 36 * max(1, len(pairs))))
    chart.x_labels = [label for label, _ in reversed(pairs)]
    chart.add(title, [value for _, value in reversed(pairs)])
    return _svg(chart, title)


def grouped_bars(title: str, labels: Sequence[str], series: dict[str, Sequence[float]]) -> Markup:
    """Horizontal bars, one group per label and one bar per series (e.g. budget, used)."""
    chart = pygal.HorizontalBar(**_config(height=80 + 48 * max(1, len(labels))))
    chart.x_labels = list(reversed(labels))
    for name, values in series.items():
        chart.add(name, list(reversed(values)))
    return _svg(chart, title)
