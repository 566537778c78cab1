"""The editing API over a whole dataset: add or withdraw stances, register
parties, issues, sources and events, and save every changed file at once, after
checking that the dataset would still pass ``peacetracker check``."""

from __future__ import annotations

import datetime as dt
import functools
import os
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from .. import _serialise
from .._model import (
    PARTY_KINDS,
    SOURCE_KINDS,
    Event,
    Issue,
    Party,
    Source,
    Stance,
)
from .._quotes import closest_passage, find_passage
from .._suggest import did_you_mean
from ..scales import ScaleError, parse_scale
from ._document import Document, bare_key
from ._errors import EditError, RefusedError
from ._files import DatasetFiles
from ._inputs import as_date, check_choice, check_id, stance_data
from ._order import ordered
from ._passages import verbatim
from ._validate import new_problems

__all__ = ["Editor", "Placement"]


class Placement(tuple):
    """Where an edit landed: ``(file, line)``, the file relative to the dataset
    root and the 1-based line of the new entry."""

    __slots__ = ()

    def __new__(cls, file: str, line: int):
        return super().__new__(cls, (file, line))

    @property
    def file(self) -> str:
        return self[0]

    @property
    def line(self) -> int:
        return self[1]

    def __str__(self) -> str:
        return f"{self.file}:{self.line}"


class Editor:
    """A dataset open for editing.

        >>> ed = Editor.open("positions")                         # doctest: +SKIP
        >>> ed.add_stance("russia", "army-size", {"date": "2026-01-06", ...})  # doctest: +SKIP
        >>> ed.save()                                            # doctest: +SKIP

    Edits accumulate in memory; :meth:`save` checks the result first (when
    the check or a conflict stops it, nothing is written), then replaces each
    changed file atomically.
    """

    def __init__(self, root: str | os.PathLike[str]):
        self.root = Path(root)
        if not self.root.is_dir():
            raise EditError(f"{self.root} is not a directory", "give the dataset's directory")
        self.files = DatasetFiles.scan(self.root)
        self._docs: dict[str, Document] = {}
        #: registry key -> the file started for it in this session
        self._new_files: dict[str, str] = {}

    @classmethod
    def open(cls, root: str | os.PathLike[str]) -> Editor:
        """Open the dataset in directory ``root`` for editing."""
        return cls(root)

    # -- files -------------------------------------------------------------------
    def document(self, relpath: str) -> Document:
        """The open document for a file of the dataset (read once, then cached)."""
        if relpath not in self._docs:
            self._docs[relpath] = Document.open(self.root / relpath)
        return self._docs[relpath]

    @property
    def documents(self) -> dict[str, Document]:
        """The files opened so far (relative path -> :class:`Document`)."""
        return dict(self._docs)

    def registry(self, key: str) -> dict[str, Any]:
        """Entries of one registry (``parties``, ``issues``, ...): id -> plain data,
        as the files hold them now (edits made here included)."""
        out: dict[str, Any] = {}
        files = self.files.registry_files.get(key, ())
        if key in self._new_files:
            files = (*files, self._new_files[key])
        for rel in files:
            doc = self._docs.get(rel)
            text = doc.text if doc is not None else (self.root / rel).read_text(encoding="utf-8")
            data = _safe_load(text)
            block = data.get(key) if isinstance(data, dict) else None
            if isinstance(block, dict):
                for k, v in block.items():
                    out.setdefault(str(k), v if v is not None else {})
        return out

    def _registry_file(self, key: str) -> str:
        """The file a new entry of registry ``key`` goes to: the last of the
        files holding it (registries split by year grow at the end), or a new
        ``<key>.yaml``."""
        files = self.files.registry_files.get(key)
        if files:
            return files[-1]
        rel = self._new_files.get(key) or f"{key}.yaml"
        if rel not in self._docs:
            if (self.root / rel).exists():  # a file holding other registries: add this one
                self._docs[rel] = Document.open(self.root / rel)
            else:
                self._docs[rel] = Document.new(self.root / rel, "")
        self._new_files[key] = rel
        return rel

    def stance_file(self, party: str, issue: str | None = None) -> str:
        """The stance file to edit for ``party`` (and ``issue``): the one that
        already holds the party's stances on the issue, else the party's main
        file (``stances/<party>.yaml`` when it has several), else a new one."""
        files = self.files.stance_files.get(party, ())
        if issue is not None and len(files) > 1:
            pattern = re.compile(rf"^[ ]+{re.escape(issue)}:", re.M)
            for rel in files:
                text = (
                    self._docs[rel].text
                    if rel in self._docs
                    else ((self.root / rel).read_text(encoding="utf-8"))
                )
                if pattern.search(text):
                    return rel
        if files:
            main = f"stances/{party}.yaml"
            return main if main in files else files[0]
        rel = f"stances/{party}.yaml"
        if rel not in self._docs:
            header = self._modeline("stances")
            self._docs[rel] = Document.new(self.root / rel, f"{header}party: {party}\n\nstances:\n")
        return rel

    def _modeline(self, folder: str) -> str:
        """The schema modeline other files in ``folder`` start with (to copy), or ''."""
        for rel in sorted(r for files in self.files.stance_files.values() for r in files):
            if rel.startswith(f"{folder}/") and rel.count("/") == 1:
                first = (self.root / rel).read_text(encoding="utf-8").split("\n", 1)[0]
                if first.startswith("# yaml-language-server:"):
                    return first + "\n"
        if (self.root / "schema" / f"{folder}.schema.json").is_file():  # as `init` writes it
            return f"# yaml-language-server: $schema=../schema/{folder}.schema.json\n"
        return ""

    # -- sources and quotes -------------------------------------------------------
    def source_text(self, source: str) -> tuple[str, int] | None:
        """The stored text of a source (only its ``lines``, when given) and the
        line number of its first line; None when the source has no stored text."""
        sources = self.registry("sources")
        if source not in sources:
            raise EditError(f"unknown source '{source}'", did_you_mean(source, sources))
        entry = sources[source]
        path = entry.get("path")
        if not path:
            return None
        file = (self.root / str(path)).resolve()
        if not file.is_relative_to(self.root.resolve()):
            raise EditError(f"source '{source}': path {path} leaves the dataset directory")
        try:
            text = file.read_text(encoding="utf-8")
        except OSError as exc:
            raise EditError(f"source '{source}': cannot read {path}: {exc.strerror}") from None
        first = 1
        lines = entry.get("lines")
        if lines:
            try:
                ends = [int(x) for x in str(lines).split("-")]
                lo, hi = (ends[0], ends[-1]) if len(ends) in (1, 2) else (0, 0)
            except ValueError:
                lo = hi = 0
            if not 1 <= lo <= hi:
                raise EditError(
                    f"source '{source}': lines '{lines}' is not a line range",
                    "write it like 1-4 (or one line, like 7)",
                )
            text = "".join(text.splitlines(keepends=True)[lo - 1 : hi])
            first = lo
        return text, first

    def verify_quote(self, source: str, quote: str) -> None:
        """Raise :class:`EditError` (with the closest passage) when ``quote`` is not
        in the stored text of ``source``.  Sources without a stored text pass."""
        stored = self.source_text(source)
        if stored is None:
            return
        text, first = stored
        if find_passage(quote, text, first) is not None:
            return
        near = closest_passage(quote, text, first)
        path = self.registry("sources")[source].get("path")
        elsewhere = find_passage(quote, (self.root / str(path)).read_text(encoding="utf-8"))
        if elsewhere is not None:
            lines = self.registry("sources")[source].get("lines")
            raise EditError(
                f"quote not found in source '{source}' (lines {lines} of {path})",
                f"it is on line {elsewhere.line} of {path}, in another article: "
                "cite the source that covers that line",
            )
        hint = (
            f'closest passage, {path} line {near.line}: "{verbatim(text, near, first)}"'
            if near is not None
            else f"see {path}"
        )
        raise EditError(f"quote not found in source '{source}'", hint)

    # -- stances -----------------------------------------------------------------
    def _stance_data(self, party: str, issue: str, stance: Mapping[str, Any]) -> dict[str, Any]:
        return stance_data(
            party,
            issue,
            stance,
            parties=self.registry("parties"),
            issues=self.registry("issues"),
            events=lambda: self.registry("events"),
            sources=lambda: self.registry("sources"),
            verify_quote=self.verify_quote,
        )

    def add_stance(self, party: str, issue: str, stance: Mapping[str, Any]) -> Placement:
        """Add a stance of ``party`` on ``issue`` (plain data as written in YAML:
        ``date``, ``prefer``, ``evidence``, ...).  It lands in the party's stance
        file, in date order, formatted like its neighbours.  Returns where.

        Raises :class:`EditError` for an unknown id, a value that does not fit
        the issue's scale, or a quote not found in its source.
        """
        data = self._stance_data(party, issue, stance)
        rel = self.stance_file(party, issue)
        doc = self.document(rel)
        root = doc.data
        stances = root.get("stances") if hasattr(root, "get") else None
        existing = stances.get(issue) if hasattr(stances, "get") else None
        entry = doc.find(("stances", issue))
        if existing:
            self._refuse_duplicate(party, issue, existing, data)
        if existing and entry is not None and entry.children:
            index = sum(1 for s in existing if _date_key(s) <= data["date"])
            line = doc.insert_item(("stances", issue), index, data, like=_all_stances(stances))
        elif entry is not None:  # `issue: []`, a flow list, or nothing: write the list anew
            items = sorted([*_plain(existing or []), data], key=_date_key)
            line = doc.replace_entry(("stances",), issue, items) + 1
        elif stances is None or not doc.find(("stances",)).children:
            line = self._first_issue(doc, issue, data)
        else:
            line = doc.append_entry(("stances",), issue, [data])
            line += 1
        return Placement(rel, line + 1)

    def _first_issue(self, doc: Document, issue: str, data: dict[str, Any]) -> int:
        from ._render import render_entry, styled

        lines = doc.text.splitlines(keepends=True)
        entry = doc.find(("stances",))
        if entry is None:
            raise EditError(f"{doc.path}: no 'stances:' key", "add 'stances:' at the top level")
        new = render_entry(
            issue,
            styled([data], [_all_stances(doc.data.get("stances"))]),
            entry.col + doc.indent.mapping,
            doc.indent,
        )
        at = entry.head + 1
        key_line = lines[entry.head]
        if key_line.split("#")[0].strip() not in ("stances:", "stances: {}"):
            raise EditError(f"{doc.path}: 'stances:' holds something other than a mapping")
        doc.splice(entry.head, at, [bare_key(key_line, "stances"), *new])
        return at + 1

    @staticmethod
    def _refuse_duplicate(party: str, issue: str, existing: Any, data: Mapping[str, Any]) -> None:
        if data.get("status", "active") not in ("active", "withdrawn"):
            return
        for s in existing:
            if _date_key(s) == data["date"] and s.get("status", "active") in (
                "active",
                "withdrawn",
            ):
                raise EditError(
                    f"{party} already has a stance on {issue} dated {data['date']}",
                    "mark one of them disputed (with a reason), or use another date",
                )

    def withdraw_stance(
        self, party: str, issue: str, date: Any, evidence: Sequence[Mapping[str, Any]], **more: Any
    ) -> Placement:
        """Record that ``party`` dropped its stance on ``issue`` on ``date``: a
        stance with ``status: withdrawn`` and no preferred point, with its evidence."""
        return self.add_stance(
            party, issue, {"date": date, "status": "withdrawn", "evidence": list(evidence), **more}
        )

    def remove_stance(self, party: str, issue: str, date: Any) -> None:
        """Delete the stance of ``party`` on ``issue`` dated ``date`` (to undo a
        mistake; a party that changed its mind is recorded with
        :meth:`withdraw_stance` instead).  Its comments are kept."""
        day = as_date(date)
        if party not in self.files.stance_files:
            raise EditError(
                f"party '{party}' has no stance file", did_you_mean(party, self.files.stance_files)
            )
        doc = self.document(self.stance_file(party, issue))
        stances = doc.data.get("stances") or {}
        items = stances.get(issue) or []
        matches = [i for i, s in enumerate(items) if _date_key(s) == day]
        if len(matches) != 1:
            dates = ", ".join(sorted({str(_date_key(s)) for s in items})) or "none"
            raise EditError(
                f"{party} has {len(matches) or 'no'} stances on {issue} dated {day}",
                f"dates there: {dates}",
            )
        doc.remove_item(("stances", issue), matches[0])

    # -- registries ----------------------------------------------------------------
    def _add_registry_entry(
        self, key: str, entry_id: str, data: dict[str, Any], kind: str
    ) -> Placement:
        check_id(entry_id, kind)
        if entry_id in self.registry(key):
            raise EditError(f"{kind} '{entry_id}' already exists", "choose another id")
        rel = self._registry_file(key)
        doc = self._docs.get(rel) or self.document(rel)
        entry = doc.find((key,))
        if entry is not None and entry.children:
            line = doc.append_entry((key,), entry_id, ordered(data, kind))
        else:
            from ._render import render_entry, styled

            lines = doc.text.splitlines(keepends=True)
            new = render_entry(
                entry_id, styled(ordered(data, kind)), doc.indent.mapping, doc.indent
            )
            if entry is None:  # the key goes at the end, after a blank line
                head = ["\n", f"{key}:\n"] if lines else [f"{key}:\n"]
                doc.splice(len(lines), len(lines), [*head, *new])
                line = len(lines) + len(head)
            else:
                doc.splice(entry.head, entry.head + 1, [bare_key(lines[entry.head], key), *new])
                line = entry.head + 1
        return Placement(rel, line + 1)

    def add_party(self, party_id: str, data: Mapping[str, Any]) -> Placement:
        """Register a party (``name`` required; ``kind``, ``aliases``, ``members``, ...)."""
        data = {k: v for k, v in data.items() if v not in (None, (), [])}
        if not data.get("name"):
            raise EditError(f"party '{party_id}' needs a name", "give --name")
        check_choice(data.get("kind"), PARTY_KINDS, "party kind")
        parties = list(self.registry("parties"))
        for key in ("members", "endorsed-by"):
            for other in data.get(key, ()):
                check_choice(other, parties, f"party in {key}")
        if data.get("derived-from") is not None:
            check_choice(data["derived-from"], parties, "party in derived-from")
        return self._add_registry_entry("parties", party_id, data, "party")

    def add_issue(self, issue_id: str, data: Mapping[str, Any]) -> Placement:
        """Register an issue (``name``, ``question`` and ``scale`` required)."""
        data = {k: v for k, v in data.items() if v not in (None, (), [])}
        for key in ("name", "question", "scale"):
            if not data.get(key):
                raise EditError(f"issue '{issue_id}' needs a {key}", f"give --{key}")
        try:
            parse_scale(data["scale"])
        except ScaleError as exc:
            raise EditError(f"scale: {exc.message}", exc.fix) from None
        if data.get("group") is not None:
            groups = self.registry("groups")
            check_choice(data["group"], list(groups), "group")
        data["scale"] = ordered(dict(data["scale"]), "scale")
        return self._add_registry_entry("issues", issue_id, data, "issue")

    def add_source(self, source_id: str, data: Mapping[str, Any]) -> Placement:
        """Register a source (``kind``, ``outlet``, ``title``, ``published`` required)."""
        data = {k: v for k, v in data.items() if v not in (None, (), [])}
        for key in ("kind", "outlet", "title", "published"):
            if not data.get(key):
                raise EditError(f"source '{source_id}' needs {key}", f"give --{key}")
        check_choice(data["kind"], SOURCE_KINDS, "source kind")
        data["published"] = as_date(data["published"], "publication date")
        if data.get("path"):
            file = (self.root / str(data["path"])).resolve()
            if not file.is_relative_to(self.root.resolve()):
                raise EditError(
                    f"path {data['path']} leaves the dataset directory",
                    "store the text under the dataset, e.g. texts/",
                )
            if not file.is_file():
                raise EditError(
                    f"no file at {data['path']} (relative to {self.root})",
                    "save the article's text there first",
                )
        return self._add_registry_entry("sources", source_id, data, "source")

    def add_event(self, event_id: str, data: Mapping[str, Any]) -> Placement:
        """Register an event (``date`` and ``title`` required; ``parties`` and
        ``sources``, lists of registered ids, and ``note`` optional)."""
        data = {k: v for k, v in data.items() if v not in (None, "", (), [])}
        for key in ("date", "title"):
            if not data.get(key):
                raise EditError(f"event '{event_id}' needs a {key}", f"give --{key}")
        data["date"] = as_date(data["date"], "event's date")
        for key, what in (("parties", "party"), ("sources", "source")):
            if key not in data:
                continue
            ids = [data[key]] if isinstance(data[key], str) else list(data[key])
            known = list(self.registry(key))
            for one in ids:
                check_choice(one, known, what)
            repeated = next((x for n, x in enumerate(ids) if x in ids[:n]), None)
            if repeated is not None:
                raise EditError(f"{what} '{repeated}' is listed twice", "name each id once")
            data[key] = ids
        return self._add_registry_entry("events", event_id, data, "event")

    # -- model objects -------------------------------------------------------------
    def add(self, record: Party | Issue | Source | Event | Stance) -> Placement:
        """Add a model object (a :class:`~peacetracker.Stance`, ``Party``,
        ``Issue``, ``Source`` or ``Event``), written as the loader would read it back."""
        if isinstance(record, Stance):
            issues = {}
            for issue_id, raw in self.registry("issues").items():
                try:
                    issues[issue_id] = SimpleNamespace(scale=parse_scale(raw.get("scale")))
                except ScaleError:
                    continue
            if record.issue not in issues:
                check_choice(record.issue, list(issues), "issue")
            data = _serialise.stance_to_data(record, issues)
            return self.add_stance(record.party, record.issue, data)
        if isinstance(record, Party):
            return self.add_party(record.id, _serialise.party_to_data(record))
        if isinstance(record, Issue):
            return self.add_issue(record.id, _serialise.issue_to_data(record))
        if isinstance(record, Source):
            return self.add_source(record.id, _serialise.source_to_data(record))
        if isinstance(record, Event):
            return self.add_event(record.id, _serialise.event_to_data(record))
        raise TypeError(
            f"cannot add a {type(record).__name__}: give a Stance, Party, Issue, Source or Event"
        )

    # -- saving --------------------------------------------------------------------
    def changes(self) -> dict[str, str]:
        """The new text of every changed file, by path relative to the root."""
        return {rel: doc.text for rel, doc in self._docs.items() if doc.changed}

    def save(self, validate: bool = True) -> list[str]:
        """Write every changed file (atomically), after checking that the
        dataset would pass ``peacetracker check`` with no new errors and that no
        file changed on disk since it was read.  Returns the files written.

        Raises :class:`RefusedError` (and writes nothing) when the check fails,
        :class:`~peacetracker.editing.ConflictError` when a file changed on disk.
        """
        changes = self.changes()
        if not changes:
            return []
        for rel in changes:
            self._docs[rel].check_unchanged_on_disk()
        if validate:
            problems = new_problems(self.root, changes)
            if problems:
                raise RefusedError(
                    f"not saved: the edit would make `peacetracker check` fail "
                    f"({len(problems)} problem{'s' * (len(problems) != 1)})",
                    problems,
                )
        written = []
        for rel in changes:
            if self._docs[rel].save():
                written.append(rel)
        self.files = DatasetFiles.scan(self.root)
        return written


@functools.lru_cache(maxsize=32)
def _safe_load(text: str) -> Any:
    """Plain data, read the way ``peacetracker check`` reads it (the C-backed safe
    loader: fast, even for large registries).  Unreadable text reads as nothing:
    the checker reports it."""
    try:
        return YAML(typ="safe", pure=False).load(text)
    except YAMLError:
        return None


def _date_key(stance: Any) -> dt.date:
    value = stance.get("date") if hasattr(stance, "get") else None
    try:
        return as_date(value)
    except EditError:
        return dt.date.max


def _plain(data: Any) -> Any:
    """Round-trip data as plain dicts and lists (to write it again, restyled)."""
    if isinstance(data, Mapping):
        return {str(k): _plain(v) for k, v in data.items()}
    if isinstance(data, list | tuple):
        return [_plain(v) for v in data]
    return data


def _all_stances(stances: Any) -> list[Any]:
    """Every stance of a file (neighbours whose style a new stance copies)."""
    if not hasattr(stances, "values"):
        return []
    return [s for items in stances.values() if isinstance(items, list) for s in items]
