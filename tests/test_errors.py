"""One exception hierarchy: every error of the package descends from
PeacetrackerError, has its own slug, renders its fields, and is matched by
type or field, never by its text."""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import re
import shutil
from pathlib import Path

import click
import pytest
from hypothesis import given
from hypothesis import strategies as st

import peacetracker
from _datasets import mini
from peacetracker import errors
from peacetracker.errors import PeacetrackerError
from peacetracker.problems import Problem

SRC = Path(peacetracker.__file__).parent


def _modules() -> list[str]:
    names = ["peacetracker"]
    for info in pkgutil.walk_packages(peacetracker.__path__, "peacetracker."):
        if info.name.endswith("__main__"):
            continue
        names.append(info.name)
    return names


#: Plumbing imports nothing of peacetracker (so not the base class either): its
#: errors are OSErrors that the callers turn into theirs.
EXEMPT = ("peacetracker._plumbing",)


def _exception_classes() -> list[type[BaseException]]:
    found: dict[str, type[BaseException]] = {}
    for name in _modules():
        module = importlib.import_module(name)
        for _, obj in inspect.getmembers(module, inspect.isclass):
            home = obj.__module__
            if (issubclass(obj, BaseException) and home.startswith("peacetracker")
                    and not home.startswith(EXEMPT)):
                found[f"{home}.{obj.__qualname__}"] = obj
    return list(found.values())


CLASSES = _exception_classes()


def test_the_walk_finds_the_errors():
    names = {cls.__name__ for cls in CLASSES}
    assert {"ScaleError", "RevisionError", "EditError", "LockedError", "InternalError",
            "TooLarge", "DamagedEntry", "InputError", "_Fallback", "_Refused"} <= names


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: f"{c.__module__}.{c.__qualname__}")
def test_every_error_descends_from_the_base_and_has_its_own_slug(cls):
    assert issubclass(cls, PeacetrackerError)
    assert isinstance(cls.__dict__.get("slug"), str) and cls.__dict__["slug"], (
        f"{cls.__qualname__} defines no slug of its own"
    )


def test_slugs_are_unique():
    slugs = [cls.slug for cls in CLASSES]
    assert len(slugs) == len(set(slugs)), sorted(s for s in slugs if slugs.count(s) > 1)


def test_errors_exports_every_public_error_and_the_package_front_the_api_ones():
    public = {c.__name__ for c in CLASSES if not c.__name__.startswith("_")} - {"InputError"}
    assert public <= set(errors.__all__)
    for name in ("PeacetrackerError", "DatasetError", "NotADatasetError", "NoDirectoryError",
                 "RevisionError", "ScaleError", "FilterError", "EditError", "QuoteNotFound",
                 "ConflictError", "RefusedError", "LockedError", "ArgumentError",
                 "UnknownIdError", "DateError", "FormatError", "ArgumentTypeError",
                 "InvalidValueError", "DatasetChangedError"):
        assert getattr(peacetracker, name) is getattr(errors, name)
        assert name in peacetracker.__all__


def test_old_built_in_bases_are_kept():
    assert issubclass(errors.ScaleError, ValueError)
    assert issubclass(errors.RevisionError, ValueError)
    assert issubclass(errors.FilterError, ValueError)
    assert issubclass(errors.NoDirectoryError, NotADirectoryError)
    assert issubclass(errors.InternalError, RuntimeError)
    assert issubclass(errors.DamagedEntry, RuntimeError)
    for cls in (errors.NotRegularFile, errors.TooLarge, errors.OutsideDataset):
        assert issubclass(cls, OSError)
    for cls in (errors.QuoteNotFound, errors.ConflictError, errors.RefusedError,
                errors.LockedError):
        assert issubclass(cls, errors.EditError)
    assert issubclass(errors.NotADatasetError, errors.DatasetError)
    for cls in (errors.UnknownIdError, errors.DateError, errors.FormatError, errors.FilterError):
        assert issubclass(cls, errors.ArgumentError)
    for cls in (errors.ArgumentError, errors.InvalidValueError):
        assert issubclass(cls, ValueError)
    assert issubclass(errors.ArgumentTypeError, TypeError)
    assert issubclass(errors.DatasetChangedError, RuntimeError)


# -- each error renders its fields ---------------------------------------------------------

PROBLEM = Problem("not-a-dataset", "error", "no registry", "give the dataset", ".", 1, 1)


def _samples() -> list[PeacetrackerError]:
    return [
        errors.ScaleError("no such option", "use one of: a, b"),
        errors.FilterError("unknown basis 'x'", "basis", "x"),
        errors.DatasetError([PROBLEM]),
        errors.NotADatasetError(Path("ds/stances"), Path("ds")),
        errors.NoDirectoryError("missing"),
        errors.NotRegularFile(19, "it is a FIFO", "a.yaml"),
        errors.TooLarge("big.yaml", 11, 10),
        errors.OutsideDataset(13, "outside the dataset", "/etc/passwd"),
        errors.DamagedEntry("blob changed"),
        errors.InternalError("a.yaml", KeyError("x")),
        errors.RevisionError("unknown git revision 'x'", "unknown-revision", "x", "ds"),
        errors.EditError("unknown party 'x'", "did you mean 'y'?"),
        errors.QuoteNotFound("quote not found in source 's'", "see t.txt", source="s"),
        errors.ConflictError("changed on disk", "open it again"),
        errors.RefusedError("not saved", [PROBLEM]),
        errors.LockedError("locked", "wait"),
        errors.ArgumentError("since is required", "since", None),
        errors.UnknownIdError("party", "nobdy", ["nobody", "somebody"]),
        errors.DateError("since", "last week"),
        errors.FormatError("unknown format 'pdf'", "fmt", "pdf", ("html", "json")),
        errors.ArgumentTypeError("date must be a date", "date", 3),
        errors.InvalidValueError("kind", ("state", "plan"), "planet"),
        errors.DatasetChangedError(Path("ds")),
    ]


def test_the_samples_cover_every_error_of_the_errors_module():
    defined = {c for c in vars(errors).values()
               if isinstance(c, type) and issubclass(c, PeacetrackerError)}
    assert {type(e) for e in _samples()} == defined - {PeacetrackerError}


@pytest.mark.parametrize("err", _samples(), ids=lambda e: type(e).__name__)
def test_each_error_renders_its_fields(err):
    data = err.to_dict()
    assert data["slug"] == type(err).slug and data["message"] == str(err) and str(err)
    for name in type(err).fields:
        assert data[name] == getattr(err, name)
    assert set(data) == {"slug", "message", *type(err).fields}


def test_messages_are_as_before():
    assert str(errors.TooLarge("big.yaml", 11, 10)) == (
        "[Errno 27] 11 bytes, more than the limit of 10: 'big.yaml'")
    assert str(errors.InternalError(None, KeyError("x"))) == (
        "unexpected error while checking across files: KeyError('x')")
    assert str(errors.DatasetError([PROBLEM])) == (
        "1 error(s) in the dataset; first: .:1:1: no registry")
    assert str(errors.RefusedError("not saved", [PROBLEM])) == (
        "not saved\n.:1:1: error: no registry (not-a-dataset)\n    fix: give the dataset")
    assert str(errors.UnknownIdError("party", "nobdy", ["nobody", "somebody"])) == (
        "unknown party 'nobdy': did you mean 'nobody'?")
    assert str(errors.DateError("since", "last week")) == (
        "since 'last week' is not a date; write it as YYYY-MM-DD, e.g. 2026-01-07")
    assert str(errors.InvalidValueError("kind", ("state", "plan"), "planet")) == (
        "kind must be one of state, plan; got 'planet'")
    assert str(errors.DatasetChangedError("ds")) == (
        "ds changed since it was loaded, and its cached stances are damaged: load it again")
    assert str(errors.NotADatasetError("x", None)) == (
        "x is not a dataset: it holds no registry file (parties.yaml, issues.yaml, ...) at its "
        "top level, so nothing in it was checked; give the dataset directory (it holds "
        "parties.yaml, issues.yaml, stances/ ...)")


@given(message=st.text(min_size=1), fix=st.none() | st.text())
def test_an_edit_error_shows_its_message_and_fix(message, fix):
    err = errors.EditError(message, fix)
    assert (err.message, err.fix) == (message, fix)
    assert str(err) == (message if fix is None else f"{message} ({fix})")
    assert err.to_dict() == {"slug": "edit", "message": str(err), "fix": fix}


_line = st.text(st.characters(whitelist_categories=("L", "N", "P", "Zs")), min_size=1)
_problems = st.lists(st.builds(
    Problem, rule=st.sampled_from(["syntax", "bad-choice"]),
    level=st.sampled_from(["error", "warning"]), message=_line, fix=st.just("") | _line,
    file=_line, line=st.integers(1, 999), col=st.integers(1, 99)), max_size=4)


@given(message=_line, problems=_problems)
def test_a_refusal_shows_each_problem_as_check_does(message, problems):
    """``str()`` is the message, then each problem as ``check`` prints it (with its fix)."""
    from peacetracker.problems import render_text

    err = errors.RefusedError(message, problems)
    assert err.problems == tuple(problems)
    lines = str(err).split("\n")
    assert lines[0] == message
    if problems:
        assert "\n".join(lines[1:]) == render_text(problems).replace("\n    fix: \n", "\n")


# -- the errors in use ---------------------------------------------------------------------


def test_refused_problems_are_problems(tmp_path, mini_path):
    from peacetracker.editing import Editor, RefusedError

    root = tmp_path / "mini"
    shutil.copytree(mini_path, root)
    ed = Editor.open(root)
    ed.add_stance("northland", "army-size", {
        "date": "2026-01-13", "prefer": 200000, "accept": {"max": 150000},
        "evidence": [{"source": "northland-statement",
                      "quote": "ready to consider a ceiling of 150,000 troops"}]})
    with pytest.raises(RefusedError) as caught:
        ed.save()
    problems = caught.value.problems
    assert problems and all(isinstance(p, Problem) for p in problems)
    assert problems[0].rule == "prefer-outside-accept"
    assert caught.value.to_dict()["problems"] == problems


def test_a_quote_not_found_names_its_source(tmp_path, mini_path):
    from peacetracker.editing import Editor

    root = tmp_path / "mini"
    shutil.copytree(mini_path, root)
    with Editor.open(root) as ed, pytest.raises(errors.QuoteNotFound) as caught:
        ed.verify_quote("northland-statement", "words nobody said")
    assert caught.value.source == "northland-statement"


def test_not_a_dataset_is_asked_once_and_carries_the_nearest(mini_path, tmp_path):
    from peacetracker.loading import require_dataset

    assert require_dataset(mini_path) == mini_path
    with pytest.raises(errors.NotADatasetError) as caught:
        peacetracker.load(mini_path / "stances")
    err = caught.value
    assert (Path(err.path), err.nearest) == (mini_path / "stances", mini_path.resolve())
    assert str(err).endswith(f"; give the dataset directory: {mini_path.resolve()}")
    [problem] = err.problems
    assert problem.rule == "not-a-dataset"
    assert peacetracker.check(mini_path / "stances").problems == err.problems
    with pytest.raises(errors.NoDirectoryError) as missing:
        peacetracker.load(tmp_path / "missing")
    assert isinstance(missing.value, NotADirectoryError)
    assert missing.value.path == tmp_path / "missing"


def test_revision_errors_are_worded_by_reason():
    from peacetracker.cli._datasets import revision_problem

    def worded(reason: str) -> str:
        return revision_problem("ds", "v9", errors.RevisionError("git said no", reason))

    assert worded("refused") == worded("dubious-ownership") == "git said no"
    assert "ds is not in a git repository" in worded("not-a-repository")
    assert "git is not installed" in worded("no-git")
    assert worded("unknown-revision").endswith("(e.g. HEAD~1, main; see 'git log --oneline')")
    assert worded("git-failed").startswith("ds is not in git revision 'v9'")


@pytest.mark.parametrize(("kinds", "basis", "option"), [
    (("opinion",), ("hunch",), "--basis"),
    (("gossip",), (), "--exclude-kinds"),
])
def test_a_filter_error_names_its_option(kinds, basis, option):
    from peacetracker.cli._options import quality_filters

    with pytest.raises(click.BadParameter) as caught:
        quality_filters(None, kinds, basis)
    assert caught.value.param_hint == option


def test_a_filter_error_holds_the_keyword_and_word():
    from peacetracker.analysis._quality import Quality

    with pytest.raises(errors.FilterError) as caught:
        Quality.of(exclude_kinds=["gossip"])
    assert (caught.value.filter, caught.value.value) == ("exclude_kinds", "gossip")
    assert caught.value.argument == "exclude_kinds"


def test_versions_only_extracts():
    """versions.py neither imports the package front nor loads a dataset."""
    tree = ast.parse((SRC / "versions.py").read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            assert all(a.name.split(".")[0] != "peacetracker" for a in node.names)
        if isinstance(node, ast.ImportFrom):
            assert not (node.level == 1 and node.module is None), "imports the package"
            assert node.module != "peacetracker"
        if isinstance(node, ast.Name | ast.Attribute):
            assert getattr(node, "id", getattr(node, "attr", None)) not in ("load",
                                                                             "load_version")


def test_the_cli_matches_no_error_text():
    pattern = re.compile(r"\.message\.startswith\(|in str\(exc\)|in message\b")
    for path in (SRC / "cli").glob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert not pattern.search(text), f"{path.name} matches an error by its text"


def test_the_module_example_runs():
    import doctest

    assert doctest.testmod(errors).failed == 0


# -- no bare built-in raise ------------------------------------------------------------------

#: Built-in exception classes a module must not raise bare: a caller could meet
#: them, and every error a caller can meet is a PeacetrackerError.
BARE = {"ValueError", "TypeError", "RuntimeError", "KeyError", "OSError", "LookupError",
        "Exception"}

#: The bare raises allowed, by module (relative to the package) and class, each with why.
ALLOWED = {
    # Unreachable, not a caller's error: the private schema writer handles every field
    # type of the spec above it; only a new spec type without a schema (a bug, found by
    # the schema tests) would reach it.
    ("loading/_jsonschema.py", "ValueError"),
}


def _bare_raises(tree: ast.AST) -> list[tuple[int, str]]:
    """(line, class name) of each ``raise ValueError(...)`` or ``raise ValueError``."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Raise) and node.exc is not None:
            exc = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
            if isinstance(exc, ast.Name) and exc.id in BARE:
                found.append((node.lineno, exc.id))
    return found


def test_the_bare_raise_finder_finds_them():
    tree = ast.parse("def f(x):\n    if x:\n        raise KeyError(x)\n    raise Exception\n"
                     "    raise\n")
    assert sorted(_bare_raises(tree)) == [(3, "KeyError"), (4, "Exception")]


def test_no_module_raises_a_bare_built_in_error():
    found, allowed_seen = [], set()
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC).as_posix()
        for line, name in _bare_raises(ast.parse(path.read_text(encoding="utf-8"))):
            if (rel, name) in ALLOWED:
                allowed_seen.add((rel, name))
            else:
                found.append(f"{rel}:{line}: raise {name}")
    assert not found, "raise a PeacetrackerError (peacetracker.errors) instead:\n" + "\n".join(
        found)
    assert allowed_seen == ALLOWED, f"stale allow-list entries: {ALLOWED - allowed_seen}"


# -- each argument error, from a real call ---------------------------------------------------


def test_an_unknown_id_names_the_ids_there_are():
    ds = mini()
    with pytest.raises(errors.UnknownIdError) as caught:
        ds.gaps(parties=["nobody"])
    err = caught.value
    assert (err.kind, err.value, err.argument) == ("party", "nobody", "party")
    assert err.choices == tuple(p.id for p in ds.parties.values())
    assert isinstance(err, ValueError) and err.slug == "unknown-id"
    with pytest.raises(errors.UnknownIdError) as caught:
        ds.timeline(party_a="northland", party_b="southland", issue="army")
    assert (caught.value.kind, caught.value.value) == ("issue", "army")
    assert "army-size" in caught.value.choices


def test_a_bad_date_names_its_argument():
    with pytest.raises(errors.DateError) as caught:
        mini().changes("last week")
    assert (caught.value.argument, caught.value.value) == ("since", "last week")
    with pytest.raises(errors.DateError) as caught:
        mini().snapshot(as_of="12 January")
    assert caught.value.value == "12 January"


def test_a_date_of_the_wrong_type():
    with pytest.raises(errors.ArgumentTypeError) as caught:
        mini().as_of(3)
    assert (caught.value.argument, caught.value.value) == ("date", 3)
    assert isinstance(caught.value, TypeError)


def test_an_editor_adds_only_records(tmp_path, mini_path):
    from peacetracker.editing import Editor

    root = tmp_path / "mini"
    shutil.copytree(mini_path, root)
    record = object()
    with Editor.open(root) as ed, pytest.raises(errors.ArgumentTypeError) as caught:
        ed.add(record)
    assert (caught.value.argument, caught.value.value) == ("record", record)


def test_bad_arguments_of_changes_and_timeline():
    ds = mini()
    with pytest.raises(errors.ArgumentError) as caught:
        ds.changes("2026-01-12", "2026-01-05")
    assert (caught.value.argument, caught.value.value) == ("since", "2026-01-12")
    with pytest.raises(errors.ArgumentError) as caught:
        ds.changes(None)
    assert (caught.value.argument, caught.value.value) == ("since", None)
    with pytest.raises(errors.ArgumentError) as caught:
        ds.changes(mini(), net=True)
    assert (caught.value.argument, caught.value.value) == ("net", True)
    with pytest.raises(errors.ArgumentError) as caught:
        ds.timeline(party_a="northland", party_b="northland")
    assert (caught.value.argument, caught.value.value) == ("party_b", "northland")
    assert type(caught.value) is errors.ArgumentError and caught.value.slug == "bad-argument"


def test_an_unknown_format_lists_the_formats():
    from peacetracker import export, problems, report

    for call, formats in (
        (lambda: report.render(report.build_report(mini()), "pdf"), report.FORMATS),
        (lambda: export.frame_bytes(mini().gaps(), "pdf"), export.EXPORT_FORMATS),
        (lambda: problems.render([PROBLEM], "pdf"), problems.FORMATS),
    ):
        with pytest.raises(errors.FormatError) as caught:
            call()
        assert (caught.value.value, caught.value.choices) == ("pdf", tuple(formats))
        assert caught.value.argument in ("fmt", "format")


def test_a_value_outside_a_models_choices():
    from peacetracker import Party
    from peacetracker._model import PARTY_KINDS

    with pytest.raises(errors.InvalidValueError) as caught:
        Party("x", "X", kind="planet")
    err = caught.value
    assert (err.attribute, err.allowed, err.value) == ("kind", PARTY_KINDS, "planet")
    assert isinstance(err, ValueError) and err.slug == "invalid-value"


def test_a_cache_entry_that_builds_another_count_is_damaged():
    from peacetracker._dataset import LazyStances

    with pytest.raises(errors.DamagedEntry, match="promised 2 stances, built 0"):
        tuple(LazyStances(2, list))


def test_a_dataset_changed_under_a_damaged_cache_says_so(tmp_path, mini_path, monkeypatch):
    cache = tmp_path / "cache"
    monkeypatch.setenv("PEACETRACKER_CACHE_DIR", str(cache))
    root = tmp_path / "ds"
    shutil.copytree(mini_path, root)
    peacetracker.check(root)
    [blob] = (cache / "loads").glob("*.blob")
    raw = bytearray(blob.read_bytes())
    raw[len(raw) // 2] ^= 1
    blob.write_bytes(bytes(raw))
    warm = peacetracker.check(root)
    path = root / "stances" / "northland.yaml"
    path.write_text(path.read_text() + "# edited\n")
    with pytest.raises(errors.DatasetChangedError) as caught:
        tuple(warm.dataset.stances)
    assert caught.value.path == root
