"""The editing API: edits land in the right place, formatted like their
neighbours, and leave every other byte (and every comment) as it was."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from peacetracker.editing import ConflictError, Document, EditError, Editor, RefusedError, _precheck
from peacetracker.problems import Problem


@pytest.fixture
def mini(tmp_path: Path, mini_path: Path) -> Path:
    root = tmp_path / "mini"
    shutil.copytree(mini_path, root)
    return root


def plain(path: Path):
    return YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))


def stance(
    date, prefer, source="northland-statement", quote="Northland will accept a ceasefire", **more
):
    return {
        "date": date,
        "prefer": prefer,
        **more,
        "evidence": [{"source": source, "quote": quote}],
    }


def assert_only_inserted(old: str, new: str, inserted: str) -> None:
    """``new`` is ``old`` with ``inserted`` spliced in at a line boundary, byte for byte."""
    assert len(new) == len(old) + len(inserted)
    at = new.index(inserted)
    assert new[:at] + new[at + len(inserted) :] == old
    assert at == 0 or new[at - 1] == "\n"


def test_stance_lands_in_date_order_above_the_comment_of_the_next(mini: Path) -> None:
    path = mini / "stances/northland.yaml"
    old = path.read_text()
    ed = Editor.open(mini)
    where = ed.add_stance(
        "northland",
        "army-size",
        stance(
            "2026-01-08",
            120000,
            move="offer",
            quote="Northland is ready to consider a ceiling of 150,000 troops",
        ),
    )
    assert ed.save() == ["stances/northland.yaml"]
    new = path.read_text()
    block = (
        "    - date: 2026-01-08\n"
        "      prefer: 120000\n"
        "      move: offer\n"
        "      evidence:\n"
        "        - source: northland-statement\n"
        "          quote: Northland is ready to consider a ceiling of 150,000 troops\n"
    )
    assert_only_inserted(old, new, block)
    # Between the first stance and the comment that leads the second one.
    assert new.index(block) < new.index("    # Softened a week later")
    assert new.index(block) > new.index("speaker: Foreign minister of Northland")
    assert where.file == "stances/northland.yaml"
    assert new.splitlines()[where.line - 1] == "    - date: 2026-01-08"
    dates = [s["date"] for s in plain(path)["stances"]["army-size"]]
    assert dates == [dt.date(2026, 1, 5), dt.date(2026, 1, 8), dt.date(2026, 1, 12)]


@pytest.mark.parametrize(("date", "position"), [("2026-01-01", 0), ("2026-01-30", 2)])
def test_stance_first_or_last(mini: Path, date: str, position: int) -> None:
    ed = Editor.open(mini)
    ed.add_stance("northland", "army-size", stance(date, 90000))
    ed.save()
    items = plain(mini / "stances/northland.yaml")["stances"]["army-size"]
    assert [s["date"] for s in items].index(dt.date.fromisoformat(date)) == position
    assert len(items) == 3


def test_new_stance_copies_flow_style_of_neighbours(mini: Path) -> None:
    ed = Editor.open(mini)
    ed.add_stance(
        "northland",
        "foreign-troops",
        stance("2026-01-20", ["eastland"], accept={"max": ["eastland", "westland"]}),
    )
    ed.save()
    text = (mini / "stances/northland.yaml").read_text()
    assert "      prefer: [eastland]\n      accept: {max: [eastland, westland]}\n" in text


def test_new_stance_copies_quoting_of_neighbours(tmp_path: Path, mini: Path) -> None:
    path = mini / "stances/southland.yaml"
    text = (
        path.read_text()
        .replace(
            "quote: Both sides said a ceasefire was possible.",
            'quote: "Both sides said a ceasefire was possible."',
        )
        .replace("quote: our army will never", 'quote: "our army will never')
        .replace("only with guarantees\n", 'only with guarantees"\n')
    )
    path.write_text(text)
    ed = Editor.open(mini)
    ed.add_stance(
        "southland",
        "sequencing",
        stance("2026-01-09", "settlement-first", source="wire-2026-01-05", quote="Both sides said"),
    )
    ed.save()
    assert '          quote: "Both sides said"\n' in path.read_text()


def test_new_issue_in_existing_file_and_new_party_file(mini: Path) -> None:
    ed = Editor.open(mini)
    ed.add_stance(
        "southland",
        "guarantees",
        stance("2026-01-08", "membership", accept=["binding", "membership"]),
    )
    ed.add_stance("westland", "alliance-membership", stance("2026-01-08", "yes"))
    written = ed.save()
    assert sorted(written) == ["stances/southland.yaml", "stances/westland.yaml"]
    south = (mini / "stances/southland.yaml").read_text()
    assert south.endswith(
        "  guarantees:\n    - date: 2026-01-08\n      prefer: membership\n"
        "      accept: [binding, membership]\n      evidence:\n"
        "        - source: northland-statement\n"
        "          quote: Northland will accept a ceasefire\n"
    )
    west = (mini / "stances/westland.yaml").read_text()
    assert west.startswith("# yaml-language-server: $schema=")
    data = plain(mini / "stances/westland.yaml")
    assert data["party"] == "westland"
    assert data["stances"]["alliance-membership"][0]["prefer"] == "yes"


def test_registries(mini: Path) -> None:
    old = (mini / "parties.yaml").read_text()
    ed = Editor.open(mini)
    ed.add_party("farland", {"name": "Farland", "kind": "state", "aliases": ["the Far"]})
    ed.add_issue(
        "sanctions",
        {
            "name": "Sanctions",
            "question": "Lift sanctions?",
            "group": "political",
            "scale": {"type": "yesno"},
        },
    )
    (mini / "texts/new.txt").write_text("A new article.\n")
    ed.add_source(
        "new-article",
        {
            "kind": "article",
            "outlet": "Example Wire",
            "title": "New",
            "published": "2026-01-20",
            "path": "texts/new.txt",
        },
    )
    ed.save()
    assert_only_inserted(
        old,
        (mini / "parties.yaml").read_text(),
        "  farland:\n    name: Farland\n    kind: state\n    aliases: [the Far]\n",
    )
    issues = (mini / "issues.yaml").read_text()
    # A scale of scalars only: flow style, like the other such scales.
    assert issues.endswith("    group: political\n    scale: {type: yesno}\n")
    src = plain(mini / "sources.yaml")["sources"]["new-article"]
    assert src["published"] == dt.date(2026, 1, 20)
    assert src["path"] == "texts/new.txt"


@pytest.mark.parametrize(
    ("party", "issue", "data", "expected"),
    [
        ("northlnd", "army-size", stance("2026-01-08", 1), "did you mean 'northland'"),
        ("northland", "army-siz", stance("2026-01-08", 1), "did you mean 'army-size'"),
        ("northland", "guarantees", stance("2026-01-08", "strong"), "prefer"),
        ("northland", "army-size", stance("2026-01-08", 1, move="demnd"), "did you mean 'demand'"),
        ("northland", "army-size", stance("2026-01-12", 1), "already has a stance"),
        ("northland", "army-size", stance("2026-13-01", 1), "YYYY-MM-DD"),
        ("northland", "army-size", {"date": "2026-01-08", "prefer": 1}, "needs evidence"),
        (
            "northland",
            "army-size",
            stance("2026-01-08", 1, quote="Northland will accept a truce only after a settlement"),
            "closest passage",
        ),
    ],
)
def test_refused_edits_say_why(mini: Path, party, issue, data, expected) -> None:
    before = {p: p.read_bytes() for p in mini.rglob("*.yaml")}
    ed = Editor.open(mini)
    with pytest.raises(EditError) as err:
        ed.add_stance(party, issue, data)
    assert expected in str(err.value)
    assert ed.save() == []
    assert before == {p: p.read_bytes() for p in mini.rglob("*.yaml")}


def test_quote_hint_names_line_of_closest_passage(mini: Path) -> None:
    ed = Editor.open(mini)
    with pytest.raises(EditError) as err:
        ed.verify_quote("northland-statement", "Northland rejects, in strong terms, the stationing")
    assert "texts/statement.txt line 4" in str(err.value)
    ed.verify_quote("northland-statement", "Northland rejects - in the strongest terms")


def test_withdraw_stance(mini: Path) -> None:
    ed = Editor.open(mini)
    ed.withdraw_stance(
        "northland",
        "sequencing",
        "2026-01-20",
        [{"source": "northland-statement", "quote": "a comprehensive settlement"}],
    )
    ed.save()
    items = plain(mini / "stances/northland.yaml")["stances"]["sequencing"]
    assert items[-1]["status"] == "withdrawn"
    assert "prefer" not in items[-1]


def test_remove_stance_keeps_its_comments(mini: Path) -> None:
    path = mini / "stances/northland.yaml"
    ed = Editor.open(mini)
    ed.remove_stance("northland", "army-size", "2026-01-12")
    ed.save()
    text = path.read_text()
    assert "# First public figure, at the Geneva talks." in text
    assert "# Softened a week later, on a condition." in text
    assert [s["date"] for s in plain(path)["stances"]["army-size"]] == [dt.date(2026, 1, 5)]
    with pytest.raises(EditError, match="dates there"):
        Editor.open(mini).remove_stance("northland", "army-size", "2026-01-12")


def test_file_changed_on_disk_is_not_overwritten(mini: Path) -> None:
    path = mini / "stances/northland.yaml"
    ed = Editor.open(mini)
    ed.add_stance("northland", "army-size", stance("2026-01-08", 1))
    someone_else = path.read_text() + "# edited by someone else\n"
    path.write_text(someone_else)
    with pytest.raises(ConflictError, match="changed on disk"):
        ed.save()
    assert path.read_text() == someone_else


def test_refuses_to_write_what_check_rejects(mini: Path, monkeypatch) -> None:
    seen = []

    def fake_check(root, overrides=None):
        seen.append(overrides)
        if overrides and "1234" in next(iter(overrides.values())):
            return [Problem("scale", "error", "too many troops", "", "stances/northland.yaml",
                            16, 15)]
        return []

    monkeypatch.setattr(_precheck, "_checker", lambda: fake_check)
    path = mini / "stances/northland.yaml"
    old = path.read_bytes()
    ed = Editor.open(mini)
    ed.add_stance("northland", "army-size", stance("2026-01-08", 1234))
    with pytest.raises(RefusedError) as err:
        ed.save()
    assert "too many troops" in str(err.value)
    assert path.read_bytes() == old
    # Checked with the new text, then without it (to leave out errors already there).
    assert [list(o or ()) for o in seen] == [["stances/northland.yaml"], []]


def test_document_refuses_an_edit_that_breaks_yaml(mini: Path) -> None:
    doc = Document.open(mini / "parties.yaml")
    with pytest.raises(EditError, match="not be valid YAML"):
        doc.text = "parties: [unclosed\n"
    assert not doc.changed


def test_real_check_refuses_and_says_why(mini: Path) -> None:
    """A value the editing API lets through but `peacetracker check` rejects."""
    path = mini / "stances/northland.yaml"
    old = path.read_bytes()
    ed = Editor.open(mini)
    ed.add_stance("northland", "army-size", stance("2026-01-13", 200000, accept={"max": 150000}))
    with pytest.raises(RefusedError) as err:
        ed.save()
    (problem,) = err.value.problems
    assert isinstance(problem, Problem)
    shown = str(err.value).split("\n", 1)[1]  # the message, then each problem with its fix
    assert shown.startswith("stances/northland.yaml:29:15: error: the preferred point")
    assert "(prefer-outside-accept)" in shown
    assert "\n    fix: " in shown
    assert path.read_bytes() == old


def test_errors_already_there_do_not_block_an_edit(mini: Path) -> None:
    path = mini / "stances/southland.yaml"
    path.write_text(path.read_text().replace("prefer: 250000", "prefer: 150000"))  # outside accept
    ed = Editor.open(mini)
    ed.add_stance("northland", "army-size", stance("2026-01-08", 120000))
    assert ed.save() == ["stances/northland.yaml"]


def test_add_model_objects_round_trip(mini: Path) -> None:
    import peacetracker
    from peacetracker import Evidence, Party, Stance
    from peacetracker.scales import SetRange

    ed = Editor.open(mini)
    ed.add(Party(id="farland", name="Farland", aliases=("the Far",)))
    new = Stance(
        party="northland",
        issue="foreign-troops",
        date=dt.date(2026, 1, 20),
        prefer=frozenset({"eastland"}),
        accept=SetRange(frozenset(), frozenset({"eastland"})),
        move="offer",
        confidence="medium",
        evidence=(Evidence("northland-statement", "the stationing of any foreign troops"),),
    )
    where = ed.add(new)
    ed.save()
    assert where.file == "stances/northland.yaml"
    ds = peacetracker.load(mini)
    assert ds.parties["farland"].aliases == ("the Far",)
    (loaded,) = [s for s in ds.stances if s.key == new.key]
    assert loaded == new
    with pytest.raises(TypeError, match="give a Stance"):
        ed.add("a string")


def test_party_split_over_several_files(mini: Path) -> None:
    """A stance goes to the file that already holds the party's stances on its issue."""
    north = mini / "stances/northland.yaml"
    text = north.read_text()
    head, rest = text.split("  sequencing:\n", 1)
    (mini / "stances/northland").mkdir()
    part = mini / "stances/northland/more.yaml"
    part.write_text("party: northland\nstances:\n  sequencing:\n" + rest)
    north.write_text(head)
    ed = Editor.open(mini)
    assert set(ed.files.stance_files["northland"]) == {
        "stances/northland.yaml",
        "stances/northland/more.yaml",
    }
    where = ed.add_stance("northland", "sequencing", stance("2026-01-20", "ceasefire-first"))
    assert where.file == "stances/northland/more.yaml"
    where = ed.add_stance("northland", "guarantees", stance("2026-01-20", "none"))
    assert where.file == "stances/northland.yaml"
    ed.remove_stance("northland", "sequencing", "2026-01-12")
    ed.save()
    assert [s["date"] for s in plain(part)["stances"]["sequencing"]] == [dt.date(2026, 1, 20)]


def test_a_dataset_from_scratch(tmp_path: Path) -> None:
    """Registries and stance files that do not exist yet are started, and
    entries added in one session can be used by the next edit."""
    root = tmp_path / "new"
    (root / "texts").mkdir(parents=True)
    (root / "texts/a.txt").write_text("Alpha said: we want a ceasefire now.\n")
    ed = Editor.open(root)
    ed.add_party("alpha", {"name": "Alpha"})
    ed.add_issue(
        "ceasefire", {"name": "Ceasefire", "question": "Ceasefire now?", "scale": {"type": "yesno"}}
    )
    ed.add_source(
        "a",
        {
            "kind": "statement",
            "outlet": "Alpha",
            "title": "Statement",
            "published": "2026-01-02",
            "path": "texts/a.txt",
        },
    )
    ed.add_stance(
        "alpha",
        "ceasefire",
        {
            "date": "2026-01-02",
            "prefer": "yes",
            "accept": ["yes"],
            "evidence": [{"source": "a", "quote": "we want a ceasefire now"}],
        },
    )
    assert sorted(ed.save()) == [
        "issues.yaml",
        "parties.yaml",
        "sources.yaml",
        "stances/alpha.yaml",
    ]
    import peacetracker

    ds = peacetracker.load(root)
    (only,) = ds.stances
    assert (only.party, only.issue, only.prefer) == ("alpha", "ceasefire", True)
    assert (root / "parties.yaml").read_text() == "parties:\n  alpha:\n    name: Alpha\n"


@pytest.mark.parametrize(
    ("line", "comment"),
    [
        ("  # whole line\n", "# whole line"),
        ('      quote: "a # b"  # real\n', "# real"),
        ("      quote: 'it''s # not'   # yes\n", "# yes"),
        ("      note: it's fine  # c\n", "# c"),
        ("      note: a 'b  # c\n", "# c"),
        ("      prefer: 5#not-a-comment\n", None),
        ('      quote: "no comment # here"\n', None),
    ],
)
def test_comment_of_a_line(line: str, comment: str | None) -> None:
    from peacetracker.editing._document import _comment_of

    assert _comment_of(line) == comment


def test_comment_of_escaped_quotes() -> None:
    from peacetracker.editing._document import _comment_of

    assert _comment_of('      quote: "say \\"# no\\" ok"  # yes\n') == "# yes"


def test_crlf_file_keeps_its_line_endings(mini: Path) -> None:
    path = mini / "stances/northland.yaml"
    old = path.read_text().replace("\n", "\r\n")
    path.write_bytes(old.encode())
    ed = Editor.open(mini)
    ed.add_stance("northland", "army-size", stance("2026-01-08", 120000))
    ed.save()
    new = path.read_bytes().decode()
    assert new.count("\n") == new.count("\r\n")
    assert new.replace("    - date: 2026-01-08\r\n", "").count("\r\n") == old.count("\r\n") + 4


@pytest.mark.parametrize("empty", ["[]", "", "[]   # nothing yet"])
def test_an_issue_with_no_stances_yet(mini: Path, empty: str) -> None:
    path = mini / "stances/southland.yaml"
    path.write_text(path.read_text() + f"  guarantees: {empty}\n".replace(": \n", ":\n"))
    ed = Editor.open(mini)
    ed.add_stance("southland", "guarantees", stance("2026-01-08", "membership"))
    ed.save()
    text = path.read_text()
    (new,) = plain(path)["stances"]["guarantees"]
    assert new["prefer"] == "membership"
    assert ("# nothing yet" in text) == ("#" in empty)
    assert "  guarantees:" in text and "    - date: 2026-01-08\n" in text


def test_a_failed_edit_leaves_no_new_file_behind(mini: Path) -> None:
    ed = Editor.open(mini)
    assert ed.stance_file("westland") == "stances/westland.yaml"  # started, empty
    with pytest.raises(EditError):
        ed.add_stance("westland", "guarantees", stance("2026-01-08", "strong"))
    assert ed.save() == []
    assert not (mini / "stances/westland.yaml").exists()


def test_quote_from_another_article_of_the_same_file(mini: Path) -> None:
    ed = Editor.open(mini)
    with pytest.raises(EditError) as err:  # line 6 of wire.txt is wire-2026-01-07's
        ed.verify_quote("wire-2026-01-05", "proposing a ceiling of 150,000 troops")
    assert (
        err.value.message
        == "quote not found in source 'wire-2026-01-05' (lines 1-4 of texts/wire.txt)"
    )
    assert err.value.fix.startswith("it is on line 6 of texts/wire.txt, in another article")


@pytest.mark.parametrize(
    ("lines", "ok"), [("6", True), ("5-7", True), ("7-5", False), ("x", False)]
)
def test_source_lines(mini: Path, lines: str, ok: bool) -> None:
    path = mini / "sources.yaml"
    path.write_text(path.read_text().replace("lines: 5-7", f"lines: {lines}"))
    ed = Editor.open(mini)
    if ok:
        ed.verify_quote("wire-2026-01-07", "proposing a ceiling of 150,000 troops")
    else:
        with pytest.raises(EditError, match="is not a line range"):
            ed.verify_quote("wire-2026-01-07", "proposing a ceiling of 150,000 troops")


def test_add_event_keeps_every_byte_and_can_be_cited_at_once(mini: Path) -> None:
    path = mini / "events.yaml"
    old = path.read_text().replace("  draft-published:\n", "  # The draft.\n  draft-published:\n")
    path.write_text(old)
    ed = Editor.open(mini)
    where = ed.add_event(
        "vienna-talks",
        {
            "title": "Talks move to Vienna",
            "date": "2026-01-20",
            "parties": ["northland", "southland"],
            "sources": ["wire-2026-01-07"],
            "note": None,
        },
    )
    assert str(where) == "events.yaml:14"
    # The new event can be named by a stance in the same session.
    ed.add_stance("northland", "army-size", stance("2026-01-20", 150000, event="vienna-talks"))
    ed.save()
    assert_only_inserted(
        old,
        path.read_text(),
        "  vienna-talks:\n    date: 2026-01-20\n    title: Talks move to Vienna\n"
        "    parties: [northland, southland]\n    sources: [wire-2026-01-07]\n",
    )
    import peacetracker

    ds = peacetracker.load(mini)
    event = ds.events["vienna-talks"]
    assert (event.date, event.parties, event.sources) == (
        dt.date(2026, 1, 20),
        ("northland", "southland"),
        ("wire-2026-01-07",),
    )
    assert [s.event for s in ds.stances if s.date == dt.date(2026, 1, 20)] == ["vienna-talks"]


@pytest.mark.parametrize(
    ("event_id", "data", "expected"),
    [
        ("vienna", {"title": "T"}, "event 'vienna' needs a date"),
        ("vienna", {"date": "2026-01-20"}, "event 'vienna' needs a title"),
        ("vienna", {"date": "2026-01-32", "title": "T"}, "'2026-01-32' is not a date"),
        ("geneva-talks", {"date": "2026-01-20", "title": "T"}, "already exists"),
        ("Vienna Talks", {"date": "2026-01-20", "title": "T"}, "not a valid event id"),
        (
            "vienna",
            {"date": "2026-01-20", "title": "T", "parties": ["northlnd"]},
            "unknown party 'northlnd' (did you mean 'northland'?)",
        ),
        (
            "vienna",
            {"date": "2026-01-20", "title": "T", "sources": ["wire-2026-01-08"]},
            "unknown source 'wire-2026-01-08'",
        ),
        (
            "vienna",
            {"date": "2026-01-20", "title": "T", "parties": ["northland", "northland"]},
            "party 'northland' is listed twice",
        ),
    ],
)
def test_refused_events_say_why_and_write_nothing(mini: Path, event_id, data, expected) -> None:
    before = {p: p.read_bytes() for p in mini.rglob("*.yaml")}
    ed = Editor.open(mini)
    with pytest.raises(EditError) as err:
        ed.add_event(event_id, data)
    assert expected in str(err.value)
    assert ed.save() == []
    assert before == {p: p.read_bytes() for p in mini.rglob("*.yaml")}


def test_add_an_event_model_object_and_a_first_events_file(mini: Path) -> None:
    import peacetracker
    from peacetracker import Event

    events = mini / "events.yaml"
    events.unlink()
    for path in (mini / "stances").glob("*.yaml"):  # nothing names an event any more
        path.write_text(path.read_text().replace("      event: geneva-talks\n", ""))
    ed = Editor.open(mini)
    new = Event(id="summit", date=dt.date(2026, 1, 9), title="A summit", parties=("eastland",))
    assert str(ed.add(new)) == "events.yaml:2"
    assert ed.save() == ["events.yaml"]
    assert events.read_text() == (
        "events:\n  summit:\n    date: 2026-01-09\n    title: A summit\n    parties: [eastland]\n"
    )
    assert peacetracker.load(mini).events == {"summit": new}


@pytest.mark.parametrize("empty", [" {}  # none yet", "  # none yet", " {}   # none yet\r"])
def test_the_comment_of_an_empty_stances_or_registry_key_is_kept(mini: Path, empty: str) -> None:
    """``stances: {}  # none yet`` (or a registry written so) takes its first
    entry below it, and keeps its end-of-line comment (it used to be dropped)."""
    eol = "\r\n" if empty.endswith("\r") else "\n"
    empty = empty.removesuffix("\r")
    path = mini / "stances/westland.yaml"
    path.write_bytes(f"party: westland{eol}{eol}stances:{empty}{eol}".encode())
    (mini / "more-events.yaml").write_bytes(f"# Events of 2027.{eol}events:{empty}{eol}".encode())
    ed = Editor.open(mini)
    ed.add_stance("westland", "sequencing", stance("2026-01-08", "ceasefire-first"))
    assert ed.add_event("summit", {"date": "2027-01-02", "title": "A summit"}).file == (
        "more-events.yaml"
    )
    ed.save()
    text = path.read_bytes().decode()
    assert f"stances:  # none yet{eol}  sequencing:{eol}    - date: 2026-01-08{eol}" in text
    events = (mini / "more-events.yaml").read_bytes().decode()
    assert events.startswith(f"# Events of 2027.{eol}events:  # none yet{eol}  summit:{eol}")
    assert plain(path)["stances"]["sequencing"][0]["prefer"] == "ceasefire-first"


def test_a_registry_key_added_to_a_file_without_it_reports_the_right_line(mini: Path) -> None:
    (mini / "events.yaml").unlink()
    for path in (mini / "stances").glob("*.yaml"):
        path.write_text(path.read_text().replace("      event: geneva-talks\n", ""))
    (mini / "events.yaml").write_text("# What happened.")  # no key yet, no final newline
    ed = Editor.open(mini)
    where = ed.add_event("summit", {"date": "2026-01-09", "title": "A summit"})
    text = ed.changes()["events.yaml"]
    assert text == (
        "# What happened.\n\nevents:\n  summit:\n    date: 2026-01-09\n    title: A summit\n"
    )
    assert text.splitlines()[where.line - 1] == "  summit:"


def test_registry_hands_out_copies_not_the_cached_data(mini: Path) -> None:
    """A caller changing what ``registry`` returns changes neither the next
    answer nor another editor's (the parsed files are cached)."""
    ed = Editor.open(mini, lock=False)
    parties = ed.registry("parties")
    parties["northland"]["name"] = "Changed"
    parties["northland"]["aliases"].append("Changed too")
    parties["nobody"] = {"name": "Nobody"}
    again = ed.registry("parties")
    assert again["northland"]["name"] == "Northland"
    assert again["northland"]["aliases"] == ["the North"]
    assert "nobody" not in again
    assert Editor.open(mini, lock=False).registry("parties")["northland"]["name"] == "Northland"
