"""The one call that decides whether edited files may be written: would the
dataset, with the new texts, pass ``peacetracker check``?"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from ruamel.yaml.error import MarkedYAMLError, YAMLError

from ._layout import load_roundtrip

__all__ = ["new_problems"]


def _checker() -> Callable[..., Any] | None:
    """``peacetracker.check`` when the checker is installed, else None."""
    try:
        from .. import check
    except ImportError:
        return None
    return check if callable(check) else None


def _level(problem: Any) -> str:
    return str(getattr(problem, "level", "error"))


def _identity(problem: Any) -> tuple[str, str, str]:
    """What a problem is, regardless of where it moved to by the edit."""
    return (
        str(getattr(problem, "file", "")),
        str(getattr(problem, "message", problem)),
        str(getattr(problem, "rule", "")),
    )


def new_problems(root: Path, overrides: Mapping[str, str]) -> list[str]:
    """Errors the dataset at ``root`` would have with the files in
    ``overrides`` (relative path -> new text) that it does not have now, as
    ``file:line:col: level: message (rule)`` lines.  Errors already there
    before the edit do not block it."""
    check = _checker()
    if check is None:
        return _syntax_problems(overrides)
    after = [p for p in check(root, overrides=dict(overrides)) if _level(p) == "error"]
    if not after:
        return []
    before = {_identity(p) for p in check(root) if _level(p) == "error"}
    return [_shown(p) for p in after if _identity(p) not in before]


def _shown(problem: Any) -> str:
    """``file:line:col: level: message (rule)``, and the checker's fix when it has one."""
    fix = getattr(problem, "fix", None)
    return f"{problem}\n    fix: {fix}" if fix else str(problem)


def _syntax_problems(overrides: Mapping[str, str]) -> list[str]:
    """Without the checker: every new text must at least be valid YAML."""
    out = []
    for rel, text in overrides.items():
        try:
            load_roundtrip(text)
        except MarkedYAMLError as exc:
            mark = exc.problem_mark
            line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
            out.append(f"{rel}:{line}:{col}: error: {exc.problem} (syntax)")
        except YAMLError as exc:
            out.append(f"{rel}:1:1: error: {exc} (syntax)")
    return out
