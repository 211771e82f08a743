"""The dashboards' charts are drawn once per set of figures: asked again, the same SVG
comes from the shared cache without pygal; a changed figure is a new picture."""

import pygal

from followup import charts

SERIES = [("done", "Genomförd"), ("started", "Påbörjad")]


def test_the_same_figures_are_drawn_once(monkeypatch):
    first = charts.stacked([("Energi", {"done": 3, "started": 2})], SERIES)
    drawn = []
    render = pygal.HorizontalStackedBar.render
    monkeypatch.setattr(
        pygal.HorizontalStackedBar,
        "render",
        lambda self, **kwargs: drawn.append(1) or render(self, **kwargs),
    )
    again = charts.stacked([("Energi", {"done": 3, "started": 2})], SERIES)
    assert again == first
    assert drawn == []


def test_a_changed_figure_or_label_is_a_new_picture():
    before = charts.bars([("2024", 4), ("2025", 7)])
    assert charts.bars([("2024", 4), ("2025", 8)]) != before
    assert charts.bars([("2024", 4), ("2026", 7)]) != before
    assert charts.bars([("2024", 4), ("2025", 7)], printed=True) != before
    assert charts.bars([("2024", 4), ("2025", 7)]) == before
    # What the page puts inline: still without what the CSP forbids.
    assert "<script" not in before and "<style" not in before
    assert 'aria-hidden="true"' in before
