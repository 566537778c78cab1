"""The cycle collector is paused while the stance table or a report is built
and rendered, and always resumed (or left off when the caller had turned it
off)."""

from __future__ import annotations

import gc

import pytest

from _datasets import mini
from peacetracker._plumbing.collector import collector_paused, without_collector
from peacetracker.report import build_report, render


def test_paused_inside_resumed_after_even_after_an_error():
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(RuntimeError), collector_paused():
        raise RuntimeError("boom")
    assert gc.isenabled()


def test_left_off_when_the_caller_turned_it_off():
    gc.disable()
    try:
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_build_and_render_run_without_the_collector_and_restore_it():
    seen = []

    @without_collector
    def probe(x):
        seen.append(gc.isenabled())
        return x

    assert probe(3) == 3 and seen == [False] and gc.isenabled()
    report = build_report(mini())
    assert render(report, "html").startswith("<!DOCTYPE html>") and gc.isenabled()


def test_render_runs_each_format_with_the_collector_paused(monkeypatch):
    from peacetracker.report import html, markdown

    states = []
    for module, name in ((html, "render_html"), (markdown, "render_markdown")):
        real = getattr(module, name)

        def spy(report, real=real):
            states.append(gc.isenabled())
            return real(report)

        monkeypatch.setattr(module, name, spy)
    report = build_report(mini())
    render(report, "html")
    render(report, "markdown")
    assert states == [False, False] and gc.isenabled()


def test_the_stance_table_is_built_with_the_collector_paused(monkeypatch):
    from peacetracker.analysis import _core

    states = []
    real = _core.text_column

    def spy(values):
        states.append(gc.isenabled())
        return real(values)

    monkeypatch.setattr(_core, "text_column", spy)
    ds = mini()
    assert len(ds._core.table) == len(ds.stances)
    assert len(ds._core.evidence) == sum(len(s.evidence) for s in ds.stances)
    assert states and not any(states) and gc.isenabled()


def test_check_runs_without_the_collector_and_restores_it(monkeypatch, mini_path):
    from peacetracker.loading import _load

    states = []
    real = _load._check

    def spy(*args):
        states.append(gc.isenabled())
        return real(*args)

    monkeypatch.setattr(_load, "_check", spy)
    assert _load.check(mini_path).ok()
    assert states == [False] and gc.isenabled()
