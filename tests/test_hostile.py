"""Hostile files through the real CLI, each command in its own process (a
segfault or a hang must show as a failure, not kill the test run): every
command ends, in time, with a located error and no traceback."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parent.parent
MINI = ROOT / "tests" / "data" / "mini"

STANCE = [
    "--party", "northland", "--issue", "guarantees", "--date", "2026-01-13",
    "--prefer", "assurances", "--accept", "{min: none, max: assurances}",
    "--source", "northland-statement", "--quote", "rejects - in the strongest terms",
    "--no-interactive",
]  # fmt: skip


def _env(**more: str) -> dict[str, str]:
    env = dict(os.environ, **more)
    env["PYTHONPATH"] = str(ROOT / "src") + os.pathsep + env.get("PYTHONPATH", "")
    env.pop("PEACETRACKER_DEBUG", None)
    return env


def cli(*args: str, timeout: float = 60, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "peacetracker", *args],
        capture_output=True, text=True, env=_env(**env), timeout=timeout, check=False,
    )  # fmt: skip


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    root = tmp_path / "mini"
    shutil.copytree(MINI, root)
    return root


def _commands(root: Path) -> dict[str, list[str]]:
    return {
        "check": ["check", str(root)],
        "report": ["report", str(root)],
        "add": ["add", "stance", "-d", str(root), *STANCE],
        "fmt": ["fmt", str(root)],
    }


@pytest.mark.parametrize("command", ["check", "report", "add", "fmt"])
def test_deep_nesting_is_a_located_error_not_a_segfault(mini: Path, command: str) -> None:
    (mini / "notes.yaml").write_text("groups:\n  deep: " + "[" * 30_000 + "]" * 30_000 + "\n")
    result = cli(*_commands(mini)[command])
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    if command == "add":  # an error already there does not stop an edit elsewhere
        assert result.returncode == 0, (result.returncode, result.stderr[-500:])
        assert "2026-01-13" in (mini / "stances/northland.yaml").read_text()
    else:
        assert result.returncode in (1, 2), (result.returncode, result.stderr[-500:])
        assert "notes.yaml:2:" in result.stdout + result.stderr


@pytest.mark.parametrize("command", ["check", "report", "add"])
def test_a_fifo_named_like_a_yaml_file_is_refused_not_waited_on(mini: Path, command: str,
                                                                 tmp_path: Path) -> None:
    os.mkfifo(mini / "stances" / "x.yaml")
    result = cli(*_commands(mini)[command], PEACETRACKER_CACHE_DIR=str(tmp_path / "cache"))
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    if command == "add":
        assert result.returncode == 0, result.stderr
    else:
        assert result.returncode in (1, 2)
        assert "stances/x.yaml:1:1: error: file cannot be read: it is a FIFO, not a regular " \
            "file (unreadable)" in result.stdout + result.stderr


def test_a_device_behind_a_symlink_and_a_huge_sparse_file(mini: Path, tmp_path: Path) -> None:
    (mini / "stances" / "zero.yaml").symlink_to("/dev/zero")
    with open(mini / "stances" / "huge.yaml", "wb") as f:
        f.truncate(1 << 30)  # 1 GiB of nothing: its size alone refuses it
    result = cli("check", str(mini), PEACETRACKER_CACHE_DIR=str(tmp_path / "cache"))
    out = result.stdout + result.stderr
    assert result.returncode == 1, out
    assert "stances/zero.yaml:1:1: error: file is a symlink to /dev/zero, outside the " \
        "dataset directory: it was not read (file-outside)" in out
    assert f"stances/huge.yaml:1:1: error: file is {1 << 30:,} bytes, more than the limit of " \
        f"{32 * 1024 * 1024:,} (too-large)" in out


def test_a_fifo_as_a_stored_text(mini: Path, tmp_path: Path) -> None:
    target = mini / "texts" / "statement.txt"
    target.unlink()
    os.mkfifo(target)
    env = {"PEACETRACKER_CACHE_DIR": str(tmp_path / "cache")}
    quoted = cli("quote", "-d", str(mini), "northland-statement", "rejects", **env)
    assert quoted.returncode == 2, quoted.stderr
    assert "cannot read" in quoted.stderr and "it is a FIFO, not a regular file" in quoted.stderr
    checked = cli("check", str(mini), **env)
    assert checked.returncode == 1
    assert "cannot be read: it is a FIFO, not a regular file (source-unreadable)" in checked.stdout


def test_a_fifo_in_the_cache_is_a_miss(mini: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    assert cli("check", str(mini), PEACETRACKER_CACHE_DIR=str(cache)).returncode == 0
    # Every file the caches read back, replaced by a FIFO.
    planted = [p for p in cache.rglob("*") if p.is_file() and not p.name.startswith(".")]
    assert any(p.name == "files.index" for p in planted)
    for path in planted:
        path.unlink()
        os.mkfifo(path)
    result = cli("check", str(mini), PEACETRACKER_CACHE_DIR=str(cache))
    assert result.returncode == 0, result.stderr


def test_add_refuses_a_read_only_file_and_keeps_a_symlink(mini: Path, tmp_path: Path) -> None:
    stance_file = mini / "stances" / "northland.yaml"
    before = stance_file.read_bytes()
    stance_file.chmod(0o444)
    refused = cli(*_commands(mini)["add"], PEACETRACKER_CACHE_DIR=str(tmp_path / "cache"))
    assert refused.returncode == 2, refused.stderr
    assert "northland.yaml is read-only; nothing was written" in refused.stderr
    assert stance_file.read_bytes() == before
    # A symlinked stance file: the link stays, the file it points to gets the stance.
    stance_file.chmod(0o644)
    real = mini / "stances" / "real-northland.txt"
    stance_file.rename(real)
    stance_file.symlink_to(real.name)
    added = cli(*_commands(mini)["add"], PEACETRACKER_CACHE_DIR=str(tmp_path / "cache"))
    assert added.returncode == 0, added.stderr
    assert stance_file.is_symlink() and "2026-01-13" in real.read_text()


@pytest.mark.parametrize("args", [["check", "--format", "json"], ["report", "-f", "json"]])
def test_a_date_as_a_key_in_json_output(mini: Path, tmp_path: Path, args: list[str]) -> None:
    (mini / "stances" / "westland.yaml").write_text("party: westland\nstances: {2026-01-01: []}\n")
    result = cli(*args, str(mini), PEACETRACKER_CACHE_DIR=str(tmp_path / "cache"))
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr
    assert result.returncode in (1, 2), result.stderr
    if args[0] == "check":
        import json

        problems = json.loads(result.stdout)["problems"]
        paths = [p["path"] for p in problems if p["file"].endswith("westland.yaml")]
        assert ["stances", "2026-01-01"] in paths


# -- control sequences from the data ------------------------------------------------
#: A party name that writes the clipboard (OSC 52), sets the window title (OSC 0),
#: rings the bell, clears the screen (CSI 2J) and sends an 8-bit CSI.
EVIL = '\\e]52;c;ZXZpbA==\\a\\e]0;pwned\\a\\e[2J\\x9b31m\\x7f'
RAW = ("\x1b]52", "\x1b]0;", "\x1b[2J", "\x07", "\x9b", "\x7f")


def _evil(root: Path) -> None:
    parties = root / "parties.yaml"
    parties.write_text(parties.read_text().replace(
        "name: Southland", f'name: "Southland{EVIL}"'))
    path = root / "stances" / "southland.yaml"
    path.write_text(path.read_text().replace("prefer: 250000", "prefer: 220000"))
    # An unknown id, echoed by check's message.
    (root / "stances" / "westland.yaml").write_text(
        f'party: westland\nstances:\n  "bogus{EVIL}":\n    - date: 2026-01-05\n'
        "      prefer: 1\n")


def test_no_control_sequence_from_the_data_reaches_plain_output(mini: Path,
                                                                 tmp_path: Path) -> None:
    old = tmp_path / "old"
    shutil.copytree(mini, old)
    _evil(mini)
    (mini / "stances" / "westland.yaml").unlink()
    outputs = {
        "report": cli("report", str(mini)),
        "diff": cli("diff", str(old), str(mini)),
    }
    _evil(mini)
    outputs["check"] = cli("check", str(mini))
    outputs["check-github"] = cli("check", "--format", "github", str(mini))
    for name, result in outputs.items():
        text = result.stdout + result.stderr
        assert "Southland" in text or "bogus" in text, (name, text[-800:])
        assert "\u241b]52;c;ZXZpbA==" in text, name  # shown, harmless
        for raw in RAW:
            assert raw not in text, (name, raw)


def test_no_control_sequence_from_the_data_in_the_terminal_report(mini: Path) -> None:
    import io

    import peacetracker
    from peacetracker.report import build_report
    from peacetracker.report.terminal import make_console, render_terminal

    _evil(mini)
    (mini / "stances" / "westland.yaml").unlink()
    out = io.StringIO()
    console = make_console(out, width=120, force_terminal=True)
    render_terminal(build_report(peacetracker.load(mini)), console)
    text = out.getvalue()
    assert "\x1b[" in text  # the report's own colours are still there
    assert "\u241b]52;c;ZXZpbA==" in text
    for raw in RAW:
        assert raw not in text, raw


def test_quote_shows_a_passage_without_its_control_sequences(mini: Path) -> None:
    text = mini / "texts" / "statement.txt"
    text.write_text(text.read_text().replace("rejects", "rejects\x1b]0;pwned\x07", 1))
    result = cli("quote", "-d", str(mini), "northland-statement", "rejects ... strongest terms")
    assert result.returncode == 0, result.stderr
    assert "\u241b]0;pwned\u2407" in result.stdout
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout


@given(st.text())
def test_terminal_safe_leaves_no_control_character(text: str) -> None:
    from peacetracker._plumbing.safe_text import terminal_safe

    safe = terminal_safe(text)
    assert not any(unicodedata.category(c) == "Cc" and c not in "\t\n" for c in safe)
    assert len(safe) == len(text)  # one visible character for each control one
    if not any(unicodedata.category(c) == "Cc" for c in text):
        assert safe == text


def test_a_stored_text_over_the_limit_is_refused_by_its_size(mini: Path, tmp_path: Path) -> None:
    """A 200 MB stored text took `check` 13 s and 3 GB, `quote` 91 s and 10 GB,
    and `add` a MemoryError; it is now refused by its size, never read."""
    target = mini / "texts" / "statement.txt"
    with open(target, "r+b") as f:
        f.truncate(200_000_000)
    env = {"PEACETRACKER_CACHE_DIR": str(tmp_path / "cache")}
    limit = f"{16 * 1024 * 1024:,}"
    checked = cli("check", str(mini), **env)
    assert checked.returncode == 1
    assert ("stored text 'texts/statement.txt' of source 'northland-statement' is "
            f"200,000,000 bytes, more than the limit of {limit} (source-too-large)"
            ) in checked.stdout
    quoted = cli("quote", "-d", str(mini), "northland-statement", "rejects", **env)
    added = cli(*_commands(mini)["add"], **env)
    for result in (quoted, added):
        assert result.returncode == 2, result.stderr
        assert f"is 200,000,000 bytes, more than the limit of {limit}" in result.stderr
        assert "internal error" not in result.stderr


def test_forged_or_malformed_cache_entries_are_misses(mini: Path, tmp_path: Path) -> None:
    """Cache entries rewritten with a valid-looking header (a recomputed
    checksum) but nonsense inside, and a malformed files.index: every run
    still checks the dataset (it crashed every run until the cache was deleted)."""
    import hashlib
    import json

    cache = tmp_path / "cache"
    env = {"PEACETRACKER_CACHE_DIR": str(cache)}
    first = cli("check", str(mini), **env)
    assert first.returncode == 0, first.stderr
    forged = 0
    for entry in cache.rglob("*.json"):
        head, _, payload = entry.read_bytes().partition(b"\n")
        magic, _, header = head.partition(b" ")
        meta = json.loads(header)
        payload = b'{"kind":"stances","data":5,"problems":7,"files":"x","ok":true}'
        meta["size"] = len(payload)
        meta["checksum"] = hashlib.sha256(payload).hexdigest()[:32]
        entry.write_bytes(magic + b" " + json.dumps(meta).encode() + b"\n" + payload)
        forged += 1
    assert forged
    for index in cache.rglob("files.index"):
        index.write_text('{"format": 1, "files": {"x": 5, "y": [1]}}')
    for _ in range(2):
        again = cli("check", str(mini), **env)
        assert again.returncode == 0, again.stderr
        assert again.stdout == first.stdout


def test_a_yaml_symlink_out_of_the_dataset_is_not_followed(mini: Path, tmp_path: Path) -> None:
    """Stored texts linked from outside were refused; YAML files were followed
    silently (and a cached copy elsewhere with the same bytes vouched for them)."""
    outside = tmp_path / "elsewhere.yaml"
    shutil.copy(mini / "stances" / "northland.yaml", outside)
    env = {"PEACETRACKER_CACHE_DIR": str(tmp_path / "cache")}
    twin = tmp_path / "twin"
    shutil.copytree(mini, twin)
    assert cli("check", str(twin), **env).returncode == 0  # the same bytes, cached
    (mini / "stances" / "northland.yaml").unlink()
    (mini / "stances" / "northland.yaml").symlink_to(outside)
    checked = cli("check", str(mini), **env)
    assert checked.returncode == 1
    assert (f"stances/northland.yaml:1:1: error: file is a symlink to {outside}, outside the "
            "dataset directory: it was not read (file-outside)") in checked.stdout
    added = cli(*_commands(mini)["add"], **env)
    assert added.returncode == 2 and "outside the dataset: not edited" in added.stderr
    before = outside.read_text()
    outside.write_text(before + "\n\n\n")
    cli("fmt", str(mini), **env)
    assert outside.read_text() == before + "\n\n\n"


def test_only_regular_files_are_read_and_never_past_the_limit(tmp_path: Path) -> None:
    from peacetracker.loading._per_file import NotRegularFile, TooLarge, read_regular

    with pytest.raises(NotRegularFile, match="it is a device, not a regular file"):
        read_regular("/dev/zero", 100)
    os.mkfifo(tmp_path / "fifo")
    with pytest.raises(NotRegularFile, match="it is a FIFO"):
        read_regular(tmp_path / "fifo", 100)
    with pytest.raises(NotRegularFile, match="it is a directory"):
        read_regular(tmp_path, 100)
    (tmp_path / "f").write_bytes(b"x" * 101)
    with pytest.raises(TooLarge) as too_large:
        read_regular(tmp_path / "f", 100)
    assert too_large.value.size == 101
    assert read_regular(tmp_path / "f", 101) == b"x" * 101
    (tmp_path / "empty").write_bytes(b"")
    assert read_regular(tmp_path / "empty", 0) == b""


def test_a_tab_before_a_comment_is_read_alike_by_check_fmt_and_add(mini: Path,
                                                                   tmp_path: Path) -> None:
    """`check` (libyaml) accepted a tab before `#`; `fmt` (ruamel's own
    scanner) called it a syntax error and `add` crashed."""
    path = mini / "stances" / "northland.yaml"
    text = path.read_text()
    assert "\nstances:\n" in text
    path.write_text(text.replace("\nstances:\n", "\nstances:\t# positions by issue\n"))
    env = {"PEACETRACKER_CACHE_DIR": str(tmp_path / "cache")}
    assert cli("check", str(mini), **env).returncode == 0
    formatted = cli("fmt", "--check", str(path), **env)
    assert formatted.returncode in (0, 1) and "syntax" not in formatted.stderr, formatted.stderr
    added = cli(*_commands(mini)["add"], **env)
    assert added.returncode == 0, added.stderr
    assert "stances:\t# positions by issue\n" in path.read_text()


def test_a_forged_cache_entry_with_a_recomputed_checksum_is_not_believed(
        mini: Path, tmp_path: Path) -> None:
    """Entries rewritten to hide a file's error, their checksums recomputed:
    the checksums are keyed with a secret only the cache's owner can read,
    so the forgery misses and the error is still reported."""
    import hashlib
    import json

    path = mini / "stances" / "southland.yaml"
    path.write_text(path.read_text().replace("army-size:", "army-sise:", 1))
    cache = tmp_path / "cache"
    env = {"PEACETRACKER_CACHE_DIR": str(cache)}
    first = cli("check", str(mini), **env)
    assert first.returncode == 1 and "army-sise" in first.stdout
    shutil.rmtree(cache / "loads")
    forged = 0
    for entry in cache.rglob("*.json"):
        head, _, payload = entry.read_bytes().partition(b"\n")
        magic, _, header = head.partition(b" ")
        value = json.loads(payload)
        if isinstance(value, dict) and value.get("problems"):
            value["problems"] = []
            payload = json.dumps(value, separators=(",", ":")).encode()
            meta = json.loads(header)
            meta["size"] = len(payload)
            meta["checksum"] = hashlib.sha256(payload).hexdigest()[:32]
            entry.write_bytes(magic + b" " + json.dumps(meta).encode() + b"\n" + payload)
            forged += 1
    assert forged
    again = cli("check", str(mini), **env)
    assert again.returncode == 1 and "army-sise" in again.stdout
    assert oct((cache / ".secret").stat().st_mode & 0o777) == "0o600"
