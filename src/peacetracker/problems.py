"""Problems found in a dataset, and how they are shown.

Every problem names a rule (a slug such as ``unknown-key``) from :data:`RULES`,
which fixes its level (``error`` or ``warning``) and the templates of its
message and fix.  Problems render as text (``file:line:col: level: message
(rule)`` and an indented ``fix:``, 1-based, like yamllint), as JSON, or as
GitHub Actions annotations.

    >>> p = Problem.create("unknown-key", "parties.yaml", ("parties", "northland", "nmae"), 4, 5,
    ...                    key="nmae", where="party 'northland'", fix="did you mean 'name'?")
    >>> print(render_text([p]))
    parties.yaml:4:5: error: unknown key 'nmae' in party 'northland' (unknown-key)
        fix: did you mean 'name'?
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from attrs import field, frozen

from ._base_errors import FormatError

__all__ = [
    "FORMATS",
    "LEVELS",
    "NO_REGISTRY",
    "RULES",
    "Problem",
    "Rule",
    "render",
    "render_github",
    "render_json",
    "render_text",
    "summary",
]

LEVELS = ("error", "warning")
FORMATS = ("text", "json", "github")

#: Why a folder is not a dataset, as every message says it (the rule
#: ``not-a-dataset``, :class:`~peacetracker.errors.NotADatasetError`, the CLI).
NO_REGISTRY = "it holds no registry file (parties.yaml, issues.yaml, ...)"


@frozen
class Rule:
    """A kind of problem: its slug, level, and message and fix templates
    (``str.format`` fields filled from the problem's parameters)."""

    slug: str
    level: str
    message: str
    fix: str
    #: What the rule checks, for docs/format.md.
    about: str


def _rules(*items: tuple[str, str, str, str, str]) -> dict[str, Rule]:
    return {slug: Rule(slug, level, msg, fix, about) for slug, level, about, msg, fix in items}


E, W = "error", "warning"

#: Every rule ``peacetracker check`` applies, by slug.
RULES: dict[str, Rule] = _rules(
    # -- reading the file ------------------------------------------------------
    ("too-large", E, "a file is larger than the limit",
     "file is {size:,} bytes, more than the limit of {limit:,}",
     "split it into smaller files (e.g. one stance file per party)"),
    ("encoding", E, "a file is not UTF-8 text",
     "file is not UTF-8 text: {detail}",
     "save the file as UTF-8 in your editor"),
    ("binary", E, "a file holds NUL bytes",
     "file holds NUL bytes: it looks binary, not YAML",
     "remove it from the dataset, or replace it with a YAML text file"),
    ("empty-file", E, "a file is empty",
     "file is empty{detail}",
     "add content, or delete the file"),
    ("tab", E, "a tab character indents a line",
     "tab character in the indentation",
     "indent with spaces only (set your editor to insert spaces for tabs)"),
    ("syntax", E, "YAML syntax error",
     "YAML syntax error: {problem}",
     "{fix}"),
    ("duplicate-key", E, "a key appears twice in one mapping",
     "key '{key}' appears twice in this mapping (first on line {first})",
     "{fix}"),
    ("tag", E, "an explicit YAML tag that builds objects",
     "YAML tag '{tag}' is not allowed: only plain data (mappings, lists, text, numbers, dates)",
     "remove the tag '{tag}'"),
    ("aliases", E, "aliases expand too far or refer to themselves",
     "aliases expand to more than {limit:,} values or refer to themselves",
     "write the values out instead of using &anchors and *aliases"),
    ("number-key", E, "a key YAML reads as a number other than as written (0x1f: is 31)",
     "key {text} reads as a number, not as written: an id or key would silently change",
     'put it in quotes: "{text}":'),
    ("too-deep", E, "lists and mappings nested deeper than the limit",
     "lists and mappings nest more than {limit:,} levels deep here",
     "flatten the structure: the format nests a few levels at most"),
    ("no-files", E, "a directory with no YAML files",
     "no YAML files in {path}",
     "point to a dataset directory (it holds parties.yaml, issues.yaml, stances/ ...)"),
    ("not-a-dataset", E, "a directory with no registry file at its top level",
     "{path} is not a dataset: " + NO_REGISTRY + " "
     "at its top level, so nothing in it was checked",
     "{fix}"),
    ("unreadable", E, "a file that cannot be read",
     "file cannot be read: {detail}",
     "check the file's permissions"),
    ("file-outside", E, "a YAML file that is a symlink to a file outside the dataset",
     "file is a symlink to {target}, outside the dataset directory: it was not read",
     "copy the file into the dataset, or remove the link"),
    ("unknown-file", E, "a YAML file whose top-level keys say nothing of what it holds",
     "cannot tell what this file holds (top-level keys: {keys})",
     "a stance file has 'party:' and 'stances:'; a registry file has parties:, issues:, "
     "groups:, sources: or events:; move other files out of the dataset directory"),
    # -- structure -------------------------------------------------------------
    ("unknown-key", E, "a key the format does not define",
     "unknown key '{key}' in {where}",
     "{fix}"),
    ("missing-key", E, "a required key is missing",
     "{where} has no '{key}'",
     "add '{key}:' ({hint})"),
    ("wrong-type", E, "a value of the wrong type",
     "'{key}' must be {expected}, not {actual}",
     "{fix}"),
    ("number-as-text", E, "a number where text is expected (YAML reads 1.10 as 1.1)",
     "'{key}' must be text, but YAML reads {text} as the number {value}",
     'put it in quotes: {key}: "{text}"'),
    ("bad-choice", E, "a value that is not one of the allowed words",
     "'{key}' is '{value}', which is not one of {choices}",
     "{fix}"),
    ("bad-id", E, "an id that is not lowercase words joined by hyphens",
     "'{value}' is not a valid id: ids are lowercase letters and digits joined by hyphens",
     "{fix}"),
    ("date-quoted", E, "a date in quotes (YAML reads it as text)",
     "'{key}' is a date in quotes, so YAML reads it as text",
     "remove the quotes: {key}: {value}"),
    ("date-format", E, "a date not written YYYY-MM-DD",
     "'{key}' is not a date: {value}",
     "{fix}"),
    ("date-impossible", E, "a date that does not exist (2026-02-30)",
     "'{key}' is an impossible date: {value}",
     "check the day and the month"),
    ("out-of-range", E, "a number outside its allowed range",
     "'{key}' is {value}, outside {lo}..{hi}",
     "use a number from {lo} to {hi}"),
    ("empty", E, "a list or mapping that must not be empty is empty",
     "'{key}' is empty",
     "{fix}"),
    ("bad-lines", E, "a line range that is not first-last",
     "'lines' must be a range of lines like 12-40, not {value}",
     "write the first and last line of the article, 1-based: lines: 12-40"),
    ("bad-scale", E, "an issue's scale is wrong",
     "scale of issue '{issue}': {message}",
     "{fix}"),
    ("bad-bands", E, "gap bands that do not increase to 1",
     "bands must increase and end at 1: {detail}",
     "list the words from the smallest gap to the largest, the last one at 1"),
    # -- across files ----------------------------------------------------------
    ("duplicate-id", E, "an id defined twice",
     "{what} '{id}' is defined twice (first at {first})",
     "rename one of them, or merge them"),
    ("unknown-party", E, "a party id that is not in the registry",
     "unknown party '{id}'",
     "{fix}"),
    ("unknown-issue", E, "an issue id that is not in the registry",
     "unknown issue '{id}'",
     "{fix}"),
    ("unknown-source", E, "a source id that is not in the registry",
     "unknown source '{id}'",
     "{fix}"),
    ("unknown-event", E, "an event id that is not in the registry",
     "unknown event '{id}'",
     "{fix}"),
    ("unknown-group", E, "a group id that is not in groups:",
     "unknown group '{id}'",
     "{fix}"),
    ("bad-value", E, "a value that does not fit the issue's scale",
     "'{key}' on issue '{issue}' ({scale} scale): {message}",
     "{fix}"),
    ("prefer-outside-accept", E, "the preferred point lies outside the party's own acceptable zone",
     "the preferred point ({prefer}) lies outside the acceptable zone ({accept})",
     "widen 'accept' to include it, or correct 'prefer'"),
    ("duplicate-stance", E, "two stances of one party on one issue on one date",
     "two stances of '{party}' on '{issue}' dated {date} (the other is at {other})",
     "correct the date, or mark the weaker claim 'status: disputed' (or 'deprecated') "
     "with a 'reason'"),
    ("missing-prefer", E, "a stance in force without a preferred point",
     "a stance with status '{status}' needs 'prefer'",
     "add 'prefer:', or set 'status: withdrawn' if the party dropped its stance"),
    ("withdrawn-prefer", E, "a withdrawn stance with a preferred point",
     "a withdrawn stance has no 'prefer' (the party dropped its stance)",
     "remove 'prefer' (and 'accept'), or set another status"),
    ("missing-reason", E, "a deprecated or disputed stance without a reason",
     "a {status} stance needs a 'reason'",
     "add 'reason:' saying why it is {status}"),
    ("source-missing", E, "a source's stored text does not exist",
     "stored text '{path}' of source '{id}' does not exist",
     "check the path (relative to the dataset directory), or remove 'path:'"),
    ("source-outside", E, "a source's stored text lies outside the dataset directory",
     "stored text '{path}' of source '{id}' lies outside the dataset directory",
     "copy the text into the dataset (e.g. under texts/) and point 'path:' there"),
    ("source-unreadable", E, "a source's stored text cannot be read",
     "stored text '{path}' of source '{id}' cannot be read: {detail}",
     "save it as a UTF-8 text file"),
    ("source-too-large", E, "a source's stored text is larger than the limit",
     "stored text '{path}' of source '{id}' is {size:,} bytes, more than the limit of {limit:,}",
     "keep only the article itself in that file (split a long document into one file "
     "per article and cite each)"),
    ("source-lines", E, "a source's line range goes beyond its stored text",
     "lines {lines} of source '{id}' go beyond the end of '{path}' ({count} lines)",
     "check the line range against the file"),
    ("quote-not-found", E, "a quote not found verbatim in its source's stored text",
     "quote not found in the stored text of '{source}'{where}",
     "{fix}"),
    # -- warnings --------------------------------------------------------------
    ("no-accept", W, "a stance with no acceptable zone",
     "no acceptable zone ('accept') on '{issue}': analyses will assume the preferred point alone",
     "add 'accept:' if the source says what '{party}' would accept"),
    ("confident-hearsay", W, "a reported or inferred stance or structural claim marked high "
     "confidence",
     "a {basis} {what} is marked high confidence",
     "set 'confidence: medium' or 'low', or 'basis: stated' if the party said it itself"),
    ("unused-source", W, "a source no stance or event cites",
     "source '{id}' is never cited",
     "cite it in a stance's evidence, or remove it"),
    ("unchecked-ids", W, "ids not checked because the file that may define them could not be read",
     "{what} ids were not checked ({ids}): this file may define them, but it could not be read",
     "fix the error in this file, then run 'peacetracker check' again"),
    ("unverified-quote", W, "a quote whose source has no stored text to check it against",
     "quote cannot be verified: source '{source}' has no stored text",
     "add the source's text to the dataset (e.g. texts/{source}.txt) and point 'path:' of "
     "source '{source}' to it"),
    ("party-file-mismatch", W, "a stance file named after one party holding another's stances",
     "this file is named after party '{named}' but holds the stances of '{party}'",
     "correct 'party:', or rename the file to {expected}"),
    ("event-after-stance", W, "a stance explained by an event that happened after it",
     "event '{event}' ({event_date}) happened after this stance ({date}), so it cannot explain it",
     "check the stance's date and the event's date, or link another event"),
    ("date-after-source", W, "a stance dated after every source that reports it",
     "stance dated {date} is later than its sources (the latest was published {published})",
     "check the date: a source cannot report a stance before it was held"),
    ("unbacked-claim", W, "a plan's endorsed-by or derived-from claim with no evidence",
     "'{relation}: {id}' on '{party}' cites no evidence",
     "write it as {form} with 'basis', 'confidence' and 'evidence' (source and quote), "
     "as for a stance"),
    ("unbacked-salience", W, "an issue's salience with no evidence",
     "salience '{salience}' of issue '{issue}' cites no evidence",
     "add 'salience-evidence:' with the source and quote that show how much it matters, "
     "or remove 'salience'"),
    ("no-range", W, "a numeric issue with no declared range (min and max)",
     "numeric issue '{issue}' declares no range: its gaps are normalised relative to "
     "the larger figure compared (docs/format.md)",
     "add 'min:' and 'max:' to the scale (the range the figures could plausibly take)"),
)


def _path(items: Iterable[Any]) -> tuple[str | int, ...]:
    return tuple(_path_item(x) for x in items)


@frozen(order=False)
class Problem:
    """One problem in a dataset file.

    ``file`` is relative to the dataset directory; ``line`` and ``col`` are
    1-based; ``path`` is the key path inside the YAML document, e.g.
    ``("stances", "army-size", 0, "prefer")``.
    """

    rule: str
    level: str
    message: str
    fix: str
    file: str
    line: int = 1
    col: int = 1
    #: Keys as text (a date or number written as a key, ``2026-01-01:``, is
    #: its text), indices as int: always JSON data.
    path: tuple[str | int, ...] = field(converter=_path, default=())

    @classmethod
    def create(
        cls,
        rule: str,
        file: str,
        path: Sequence[str | int] = (),
        line: int = 1,
        col: int = 1,
        /,
        **params: Any,
    ) -> Problem:
        """A problem of rule ``rule``, its message and fix filled from ``params``
        (the first five arguments are positional, so a template may use ``path``)."""
        spec = RULES[rule]
        return cls(
            rule=rule,
            level=spec.level,
            message=spec.message.format(**params),
            fix=spec.fix.format(**params),
            file=file,
            line=line,
            col=col,
            path=tuple(path),
        )

    def __str__(self) -> str:
        """``file:line:col: level: message (rule)``."""
        return f"{self.file}:{self.line}:{self.col}: {self.level}: {self.message} ({self.rule})"

    @property
    def is_error(self) -> bool:
        return self.level == "error"

    def sort_key(self) -> tuple:
        return (self.file, self.line, self.col, self.rule, self.message)

    def to_dict(self) -> dict[str, Any]:
        """Plain data (JSON-serialisable)."""
        return {
            "file": self.file,
            "line": self.line,
            "col": self.col,
            "level": self.level,
            "rule": self.rule,
            "message": self.message,
            "fix": self.fix,
            "path": list(self.path),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Problem:
        return cls(
            rule=data["rule"],
            level=data["level"],
            message=data["message"],
            fix=data["fix"],
            file=data["file"],
            line=data["line"],
            col=data["col"],
            path=tuple(data.get("path", ())),
        )


def _path_item(item: Any) -> str | int:
    return item if type(item) is int else str(item)


def _join(base: str, file: str) -> str:
    if not base or base == ".":
        return file
    if file == "." or file.startswith(".:"):  # the dataset directory itself
        return base.rstrip("/") + file[1:]
    return base.rstrip("/") + "/" + file


def summary(problems: Iterable[Problem], files: int | None = None) -> str:
    """``2 errors, 1 warning in 3 files`` (``no problems in 12 files`` when clean)."""
    problems = list(problems)
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    bad_files = len({p.file for p in problems})

    def plural(n: int, word: str) -> str:
        return f"{n} {word}{'' if n == 1 else 's'}"

    if not problems:
        return f"no problems in {plural(files, 'file')}" if files is not None else "no problems"
    counts = f"{plural(errors, 'error')}, {plural(warnings, 'warning')}"
    text = f"{counts} in {plural(bad_files, 'file')}"
    if files is not None:
        text += f" (of {files} checked)"
    return text


def render_text(problems: Iterable[Problem], base: str = "", *, position: bool = True) -> str:
    """``file:line:col: level: message (rule)`` lines, each with an indented fix
    (``level: message (rule)`` without ``position``): the one text of a
    problem, for ``check``, refused edits and warnings alike."""
    from ._plumbing.safe_text import terminal_safe

    lines = []
    for p in problems:
        lines.append(_join(base, str(p)) if position else f"{p.level}: {p.message} ({p.rule})")
        if p.fix:
            lines.append(f"    fix: {p.fix}")
    return terminal_safe("\n".join(lines))  # no control sequence from the data


def render_json(problems: Iterable[Problem], base: str = "", files: int | None = None) -> str:
    """A JSON object: counts and the list of problems (file paths joined to ``base``)."""
    items = []
    for p in problems:
        data = p.to_dict()
        data["file"] = _join(base, p.file)
        items.append(data)
    errors = sum(item["level"] == "error" for item in items)
    payload = {
        "errors": errors,
        "warnings": len(items) - errors,
        "files": files,
        "problems": items,
    }
    return json.dumps(payload, indent=2, ensure_ascii=False)


def _escape_data(text: str) -> str:
    from ._plumbing.safe_text import terminal_safe

    return terminal_safe(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(problems: Iterable[Problem], base: str = "") -> str:
    """GitHub Actions workflow commands: ``::error file=F,line=L,col=C,title=RULE::message``."""
    lines = []
    for p in problems:
        props = ",".join(
            [
                f"file={_escape_property(_join(base, p.file))}",
                f"line={p.line}",
                f"col={p.col}",
                f"title={_escape_property(p.rule)}",
            ]
        )
        body = p.message + (f" (fix: {p.fix})" if p.fix else "")
        lines.append(f"::{p.level} {props}::{_escape_data(body)}")
    return "\n".join(lines)


def render(
    problems: Iterable[Problem], format: str = "text", base: str = "", files: int | None = None
) -> str:
    """Render problems in one of :data:`FORMATS`."""
    if format == "text":
        return render_text(problems, base)
    if format == "json":
        return render_json(problems, base, files)
    if format == "github":
        return render_github(problems, base)
    raise FormatError(f"unknown format '{format}': use one of {', '.join(FORMATS)}",
                      "format", format, FORMATS)
