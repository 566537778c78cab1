"""Run the ```console blocks of a Markdown document, as a reader would type
them, and compare what they print with what the document shows.

In a ```console block, a line starting with ``$ `` is a command (a trailing
``\\`` continues it on the next line); the lines after it, up to the next
command, are what it prints.  ``peacetracker`` commands run in-process (click's
CliRunner); ``cd`` and ``cp -r`` are done by the runner.  HTML comments, which
a reader does not see, set things up:

- ``<!-- file: PATH -->`` before a fenced block: save the block's text as PATH
  (what the reader does in a text editor);
- ``<!-- append: PATH -->`` before a fenced block: add the block's text to PATH;
- ``<!-- replace: PATH "OLD" "NEW" -->``: change OLD to NEW in PATH;
- ``<!-- output: partial -->`` before a console block: the shown output is an
  excerpt; each run of lines between ``...`` lines must appear, in order.

Inside a shown line, ``...`` stands for any text (``wrote report.html (... KB)``).
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
from pathlib import Path

from click.testing import CliRunner

from peacetracker.cli import COMMANDS, main

__all__ = ["Step", "parse", "run_steps"]

_FENCE = re.compile(r"^```(\w*)[^\n]*\n(.*?)^```", re.S | re.M)
_DIRECTIVE = re.compile(r"<!--\s*(file|append|replace|output):\s*(.*?)\s*-->", re.S)


class Step:
    def __init__(self, kind: str, arg: str = "", body: str = "", partial: bool = False):
        self.kind, self.arg, self.body, self.partial = kind, arg, body, partial

    def __repr__(self) -> str:
        return f"Step({self.kind!r}, {self.arg!r})"


def parse(markdown: str) -> list[Step]:
    """The steps of a document: commands with their output, and set-up directives."""
    events: list[tuple[int, str, re.Match]] = [
        (m.start(), "fence", m) for m in _FENCE.finditer(markdown)
    ]
    events += [(m.start(), "directive", m) for m in _DIRECTIVE.finditer(markdown)]
    events.sort(key=lambda e: e[0])
    steps: list[Step] = []
    pending: tuple[str, str] | None = None
    inside_fence_until = -1
    for pos, kind, m in events:
        if kind == "directive":
            if pos < inside_fence_until:
                continue
            what, arg = m.group(1), m.group(2)
            if what == "replace":
                steps.append(Step("replace", arg))
            else:
                pending = (what, arg)
            continue
        inside_fence_until = m.end()
        lang, body = m.group(1), m.group(2)
        if pending and pending[0] in ("file", "append"):
            steps.append(Step(pending[0], pending[1], body))
            pending = None
            continue
        partial = pending == ("output", "partial")
        pending = None
        if lang != "console":
            continue
        command: list[str] = []
        output: list[str] = []
        lines = body.splitlines()
        i = 0
        while i < len(lines):
            line = lines[i]
            if line.startswith("$ "):
                if command:
                    steps.append(Step("run", " ".join(command), "\n".join(output), partial))
                command, output = [line[2:].rstrip("\\").strip()], []
                while lines[i].endswith("\\"):
                    i += 1
                    command.append(lines[i].rstrip("\\").strip())
            else:
                output.append(line)
            i += 1
        if command:
            steps.append(Step("run", " ".join(command), "\n".join(output), partial))
    return steps


def _same(want: str, got: str) -> bool:
    """A shown line and a printed one: equal, where ``...`` inside a shown line
    stands for any text (a size, ``wrote report.html (... KB)``)."""
    if want == got:
        return True
    if "..." not in want or want.strip() == "...":
        return False
    pattern = ".*".join(re.escape(part) for part in want.split("..."))
    return re.fullmatch(pattern, got) is not None


def _matches(expected: str, actual: str, partial: bool) -> bool:
    got = [ln.rstrip() for ln in actual.rstrip("\n").splitlines()]
    want = [ln.rstrip() for ln in expected.rstrip("\n").splitlines()]
    if not partial:
        return len(got) == len(want) and all(map(_same, want, got))
    chunks: list[list[str]] = [[]]
    for ln in want:
        if ln.strip() == "...":
            chunks.append([])
        else:
            chunks[-1].append(ln)
    at = 0
    for chunk in filter(None, chunks):
        for start in range(at, len(got) - len(chunk) + 1):
            if all(map(_same, chunk, got[start : start + len(chunk)])):
                at = start + len(chunk)
                break
        else:
            return False
    return True


def run_steps(steps: list[Step], start: Path) -> list[str]:
    """Run the steps from directory ``start``.  Fails (AssertionError) on the
    first command that does not exist or whose output differs from the
    document's.  Returns the commands skipped: none (kept for the callers)."""
    cwd = start
    skipped: list[str] = []
    runner = CliRunner()
    old = Path.cwd()
    try:
        for step in steps:
            os.chdir(cwd)
            if step.kind in ("file", "append"):
                path = cwd / step.arg
                path.parent.mkdir(parents=True, exist_ok=True)
                with path.open("a" if step.kind == "append" else "w", encoding="utf-8") as f:
                    f.write(step.body)
                continue
            if step.kind == "replace":
                path_s, old_s, new_s = shlex.split(step.arg)
                path = cwd / path_s
                text = path.read_text(encoding="utf-8")
                assert old_s in text, f"{path_s} does not hold {old_s!r}"
                path.write_text(text.replace(old_s, new_s, 1), encoding="utf-8")
                continue
            argv = shlex.split(step.arg)
            if argv[0] == "cd":
                cwd = (cwd / argv[1]).resolve()
                continue
            if argv[:2] == ["cp", "-r"]:
                shutil.copytree(cwd / argv[2], cwd / argv[3])
                continue
            assert argv[0] == "peacetracker", f"the runner does not know {argv[0]!r}"
            assert argv[1] in COMMANDS, (
                f"$ {step.arg}\nthe document runs a command that does not exist: {argv[1]!r}"
            )
            result = runner.invoke(
                main, argv[1:], env={"COLUMNS": "100"}, prog_name="peacetracker"
            )
            assert result.exception is None or isinstance(result.exception, SystemExit), (
                f"$ {step.arg}\nraised {result.exception!r}"
            )
            assert _matches(step.body, result.output, step.partial), (
                f"$ {step.arg}\n--- the document shows:\n{step.body}\n--- it printed:\n"
                f"{result.output}"
            )
    finally:
        os.chdir(old)
    return skipped
