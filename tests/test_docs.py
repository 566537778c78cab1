"""docs/cli.md: every registered command has a section, every command's
--help carries an example, and the examples of report, diff and export run
(on a copy of the fixture that is a git repository with two commits)."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from _report_data import git_dataset
from peacetracker.cli import COMMANDS, main

ROOT = Path(__file__).resolve().parent.parent
CLI_MD = ROOT / "docs" / "cli.md"
#: Sections whose examples this test runs.
RUN_EXAMPLES = ("report", "diff", "export")


def sections() -> dict[str, str]:
    text = CLI_MD.read_text(encoding="utf-8")
    parts = re.split(r"^## peacetracker (\S+)\s*$", text, flags=re.M)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def test_every_registered_command_is_documented():
    documented = sections()
    missing = sorted(set(COMMANDS) - set(documented))
    assert not missing, f"docs/cli.md has no '## peacetracker COMMAND' section for: {missing}"
    unknown = sorted(set(documented) - set(COMMANDS))
    assert not unknown, f"docs/cli.md documents commands that do not exist: {unknown}"
    for name, body in documented.items():
        assert f"peacetracker {name}" in body, f"the {name} section has no example"


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_help_has_an_example(name):
    result = CliRunner().invoke(main, [name, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.output, f"'peacetracker {name} --help' shows no example"
    assert re.search(rf"^\s+peacetracker {name}\b", result.output, flags=re.M)


def _examples(body: str):
    """(command line, expected output or None) for each example of a section."""
    for lang, block in re.findall(r"```(\w+)\n(.*?)```", body, flags=re.S):
        lines = block.rstrip("\n").splitlines()
        if lang == "sh":
            yield from ((line, None) for line in lines if line.startswith("peacetracker "))
        elif lang == "text" and lines and lines[0].startswith("$ peacetracker "):
            yield lines[0][2:], lines[1:]


def _cases():
    for name in RUN_EXAMPLES:
        for n, (line, expected) in enumerate(_examples(sections()[name])):
            yield pytest.param(line, expected, id=f"{name}-{n}")


@pytest.fixture
def workdir(tmp_path, mini_path, monkeypatch):
    """A folder holding tests/data/mini as a git repository of two commits."""
    root = tmp_path / "repo"
    git_dataset(tmp_path, mini_path, where="tests/data/mini")
    monkeypatch.chdir(root)
    return root


@pytest.mark.parametrize(("line", "expected"), list(_cases()))
def test_documented_examples_run(workdir, line, expected):
    args = shlex.split(line)[1:]
    result = CliRunner().invoke(main, args)
    if expected is None:
        assert result.exit_code in (0, 1), f"{line}\n{result.output}"
        if "--exit-code" not in args:
            assert result.exit_code == 0, f"{line}\n{result.output}"
        if "-o" in args:
            target = workdir / args[args.index("-o") + 1]
            assert target.exists() and target.stat().st_size > 0
        return
    # Every line shown in the docs appears in the output, in order.
    got = iter(result.output.splitlines())
    for want in expected:
        assert any(want == have for have in got), f"{line}: missing {want!r} in\n{result.output}"


# -- every link in README.md and docs/*.md points at something that exists ------------

LINK = re.compile(r"(?<!!)\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
#: Link targets that leave the repository (checked by nobody offline).
EXTERNAL = ("http://", "https://", "mailto:")


def _markdown_files() -> list[Path]:
    return [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def _anchors(path: Path) -> set[str]:
    """GitHub's ids for the headings of a Markdown file."""
    text = re.sub(r"```.*?```", "", path.read_text(encoding="utf-8"), flags=re.S)
    out = set()
    for heading in re.findall(r"^#+\s+(.*?)\s*$", text, flags=re.M):
        slug = re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-")
        out.add(slug)
    return out


def _broken_links(md: Path) -> list[str]:
    text = re.sub(r"```.*?```", "", md.read_text(encoding="utf-8"), flags=re.S)
    broken = []
    for target in LINK.findall(text):
        if target.startswith(EXTERNAL):
            continue
        file, _, anchor = target.partition("#")
        where = (md.parent / file).resolve() if file else md
        if not where.exists():
            broken.append(f"{target} (no such file)")
        elif anchor and where.suffix == ".md" and anchor not in _anchors(where):
            broken.append(f"{target} (no heading '#{anchor}' in {where.name})")
    return broken


@pytest.mark.parametrize("md", _markdown_files(), ids=lambda p: p.name)
def test_every_link_points_at_something_that_exists(md: Path):
    assert _broken_links(md) == [], f"broken links in {md.name}"


def test_the_link_check_can_fail(tmp_path: Path):
    (tmp_path / "there.md").write_text("# A heading\n")
    md = tmp_path / "doc.md"
    md.write_text(
        "[ok](there.md) [ok](there.md#a-heading) [web](https://example.org/x)\n"
        "[gone](missing.md) [bad anchor](there.md#nowhere)\n"
        "```\n[in code](ignored.md)\n```\n"
    )
    assert _broken_links(md) == [
        "missing.md (no such file)",
        "there.md#nowhere (no heading '#nowhere' in there.md)",
    ]


# -- the --help blocks of docs/cli.md are the commands' own (generated by cog) ---------


def _cog_check(path: Path) -> tuple[int, str]:
    import contextlib
    import io

    from cogapp import Cog

    cog = Cog()
    out = io.StringIO()
    cog.set_output(stdout=out, stderr=out)
    with contextlib.redirect_stdout(out):
        status = cog.main(["cog", "--check", str(path)])
    return status, out.getvalue()


def test_cli_md_help_blocks_match_the_commands():
    text = CLI_MD.read_text(encoding="utf-8")
    for name in COMMANDS:
        assert f"$ peacetracker {name} --help\n" in text, f"no --help block for {name}"
    status, said = _cog_check(CLI_MD)
    assert status == 0, f"docs/cli.md --help blocks are out of date: run 'make docs'\n{said}"


def test_the_help_check_can_fail(tmp_path: Path):
    stale = tmp_path / "cli.md"
    start = CLI_MD.read_text(encoding="utf-8").index("<!-- [[[cog")
    block = CLI_MD.read_text(encoding="utf-8")[start:]
    stale.write_text(block.replace("Show this message and exit.", "Old words.", 1))
    status, said = _cog_check(stale)
    assert status != 0 and "changed" in said.lower()
