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

from .. import _serialise
from .._model import (
    AFFILIATIONS,
    PARTY_KINDS,
    PRECISIONS,
    SOURCE_KINDS,
    DateLike,
    Event,
    Issue,
    Party,
    Source,
    Stance,
)
from .._plumbing.suggest import did_you_mean
from ..errors import ArgumentTypeError
from ..loading import _yaml
from ..loading._per_file import link_outside
from ..loading._quotes import closest_passage, find_passage, select_lines
from ..loading._spec import parse_lines
from ..scales import ScaleError, parse_scale
from ._document import Document, bare_key
from ._errors import EditError, QuoteNotFound, RefusedError
from ._file_map import DatasetFiles
from ._inputs import as_date, check_choice, check_id, stance_data
from ._layout import Entry
from ._lock import EditLock, LockedError
from ._order import STANCE_KEYS, ordered
from ._passages import verbatim
from ._precheck import new_problems
from ._reading import read_stored_text, read_text

__all__ = ["Editor", "Placement"]


class Placement(tuple[str, int]):
    """Where an edit landed: ``(file, line)``, the file relative to the dataset
    root and the 1-based line of the new entry."""

    __slots__ = ()

    def __new__(cls, file: str, line: int) -> Placement:
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

    An editor holds the dataset's edit lock (:mod:`peacetracker.editing._lock`)
    from opening until :meth:`save` or :meth:`close` (or the end of a ``with``
    block), so no other editing command reads or writes the dataset in
    between; opening waits for the lock, then raises
    :class:`~peacetracker.editing.LockedError`.  ``lock=False`` reads without
    it (for lookups); :meth:`save` always takes it.
    """

    def __init__(self, root: str | os.PathLike[str], lock: bool = True):
        self.root = Path(root)
        if not self.root.is_dir():
            raise EditError(f"{self.root} is not a directory", "give the dataset's directory")
        self._lock = EditLock(self.root)
        if lock:
            try:
                self._lock.acquire()
            except LockedError:
                raise
            except EditError:
                pass  # a read-only folder: reading is harmless; save says why it cannot write
        self.files = DatasetFiles.scan(self.root)
        self._docs: dict[str, Document] = {}
        #: registry key -> the file started for it in this session
        self._new_files: dict[str, str] = {}

    @classmethod
    def open(cls, root: str | os.PathLike[str], lock: bool = True) -> Editor:
        """Open the dataset in directory ``root`` for editing (see :class:`Editor`)."""
        return cls(root, lock=lock)

    def close(self) -> None:
        """Give back the edit lock (unsaved edits stay in memory, unwritten)."""
        self._lock.release_all()

    def __enter__(self) -> Editor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __del__(self) -> None:
        lock = getattr(self, "_lock", None)
        if lock is not None:
            lock.release_all()

    # -- files -------------------------------------------------------------------
    def document(self, relpath: str) -> Document:
        """The open document for a file of the dataset (read once, then cached)."""
        if relpath not in self._docs:
            target = link_outside(os.path.realpath(self.root), os.fspath(self.root / relpath))
            if target is not None:  # writing through it would change a file elsewhere
                raise EditError(
                    f"{relpath} is a symlink to {target}, outside the dataset: not edited",
                    "copy the file into the dataset, or edit it where it is",
                )
            self._docs[relpath] = Document.open(self.root / relpath)
        return self._docs[relpath]

    @property
    def documents(self) -> dict[str, Document]:
        """The files opened so far (relative path -> :class:`Document`)."""
        return dict(self._docs)

    def registry(self, key: str) -> dict[str, Any]:
        """Entries of one registry (``parties``, ``issues``, ...): id -> plain data,
        as the files hold them now (edits made here included).  A copy: the
        caller may change it (the files' parsed data stay cached as read)."""
        out: dict[str, Any] = {}
        files = self.files.registry_files.get(key, ())
        if key in self._new_files:
            files = (*files, self._new_files[key])
        for rel in files:
            doc = self._docs.get(rel)
            text = doc.text if doc is not None else read_text(self.root / rel)
            data = _safe_load(text)
            block = data.get(key) if isinstance(data, dict) else None
            if isinstance(block, dict):
                for k, v in block.items():
                    if str(k) not in out:
                        out[str(k)] = _copied(v) if v is not None else {}
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
                    else (read_text(self.root / rel))
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
                first = read_text(self.root / rel).split("\n", 1)[0]
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
            text = read_stored_text(file)
        except EditError as exc:
            raise EditError(f"source '{source}': {exc.message}", exc.fix) from None
        first = 1
        lines = entry.get("lines")
        if lines:
            span = parse_lines(lines)
            if span is None:
                raise EditError(
                    f"source '{source}': lines '{lines}' is not a line range",
                    "write it like 1-4 (or one line, like 7)",
                )
            text_lines = text.splitlines(keepends=True)
            part = select_lines(text_lines, span)
            if part is None:
                raise EditError(
                    f"source '{source}': lines {span[0]}-{span[1]} go beyond the end of "
                    f"'{path}' ({len(text_lines)} lines)",
                    "check the line range against the file",
                )
            text, first = part, span[0]
        return text, first

    def verify_quote(self, source: str, quote: str) -> None:
        """Raise :class:`QuoteNotFound` (with the closest passage) when ``quote`` is not
        in the stored text of ``source``.  Sources without a stored text pass."""
        stored = self.source_text(source)
        if stored is None:
            return
        text, first = stored
        if find_passage(quote, text, first) is not None:
            return
        near = closest_passage(quote, text, first)
        path = self.registry("sources")[source].get("path")
        elsewhere = find_passage(quote, read_stored_text(self.root / str(path)))
        if elsewhere is not None:
            lines = self.registry("sources")[source].get("lines")
            raise QuoteNotFound(
                f"quote not found in source '{source}' (lines {lines} of {path})",
                f"it is on line {elsewhere.line} of {path}, in another article: "
                "cite the source that covers that line",
                source=source,
            )
        hint = (
            f'closest passage, {path} line {near.line}: "{verbatim(text, near, first)}"'
            if near is not None
            else f"see {path}"
        )
        raise QuoteNotFound(f"quote not found in source '{source}'", hint, source=source)

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
        existing = stances.get(issue) if stances is not None and hasattr(stances, "get") else None
        entry = doc.find(("stances", issue))
        if existing:
            self._refuse_duplicate(party, issue, existing, data)
        if existing and entry is not None and entry.children:
            index = sum(1 for s in existing if _date_key(s) <= data["date"])
            line = doc.insert_item(("stances", issue), index, data, like=_all_stances(stances))
        elif entry is not None:  # `issue: []`, a flow list, or nothing: write the list anew
            items = sorted([*_as_builtins(existing or []), data], key=_date_key)
            line = doc.replace_entry(("stances",), issue, items) + 1
        elif stances is None or not _entry(doc, ("stances",)).children:
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
        self,
        party: str,
        issue: str,
        date: DateLike,
        evidence: Sequence[Mapping[str, Any]],
        **more: Any,
    ) -> Placement:
        """Record that ``party`` dropped its stance on ``issue`` on ``date``: a
        stance with ``status: withdrawn`` and no preferred point, with its evidence."""
        return self.add_stance(
            party, issue, {"date": date, "status": "withdrawn", "evidence": list(evidence), **more}
        )

    def remove_stance(self, party: str, issue: str, date: DateLike) -> None:
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

    def _find_stance(
        self, party: str, issue: str, date: DateLike, citing: str | None = None
    ) -> tuple[str, Document, int]:
        """The file, document and index of the stance of ``party`` on ``issue``
        dated ``date`` (of those, the one citing source ``citing``, when
        given); :class:`EditError` (with the dates there, or the sources that
        tell same-day stances apart) when there is none, or more than one."""
        check_choice(party, list(self.registry("parties")), "party")
        check_choice(issue, list(self.registry("issues")), "issue")
        day = as_date(date)
        if party not in self.files.stance_files:
            raise EditError(
                f"{party} has no stances yet", "add one with: peacetracker add stance"
            )
        rel = self.stance_file(party, issue)
        doc = self.document(rel)
        stances = doc.data.get("stances") if hasattr(doc.data, "get") else None
        found = stances.get(issue) if stances is not None and hasattr(stances, "get") else None
        items = found or []
        matches = [i for i, st in enumerate(items) if _date_key(st) == day]
        dated = matches
        if citing is not None:
            matches = [i for i in matches if citing in _cited(items[i])]
        if len(matches) == 1:
            return rel, doc, matches[0]
        dates = ", ".join(sorted({str(_date_key(st)) for st in items}))
        if not dated:
            raise EditError(
                f"{party} has no stance on {issue} dated {day}",
                f"dates there: {dates}" if dates else f"{party} has no stance on {issue} at all",
            )
        told = "; ".join(
            f"{items[i].get('status', 'active')}, citing {', '.join(_cited(items[i])) or 'nothing'}"
            for i in dated
        )
        if not matches:
            raise EditError(
                f"no stance of {party} on {issue} dated {day} cites '{citing}'",
                f"the stances of that day: {told}",
            )
        raise EditError(
            f"{party} has {len(matches)} stances on {issue} dated {day}",
            f"name the one you mean by a source it cites, with --citing SOURCE ({told})",
        )

    def stance(
        self, party: str, issue: str, date: DateLike, citing: str | None = None
    ) -> dict[str, Any]:
        """The stance of ``party`` on ``issue`` dated ``date`` (the one citing
        source ``citing``, when several share the date) as plain data, as the
        file holds it now (edits made here included); :class:`EditError` when
        there is none, or more than one."""
        _, doc, index = self._find_stance(party, issue, date, citing)
        return _as_builtins(doc.data["stances"][issue][index])

    def add_evidence(
        self,
        party: str,
        issue: str,
        date: DateLike,
        citation: Mapping[str, Any],
        citing: str | None = None,
    ) -> Placement:
        """Add a citation (``source``, ``quote``, and ``speaker``, ``via``, ``note``
        when known) to the existing stance of ``party`` on ``issue`` dated
        ``date``: another source for the same position.  The quote is checked
        against the source's stored text, as for a new stance.  ``citing``
        picks one of several stances of the same date by a source it cites."""
        rel, doc, index = self._find_stance(party, issue, date, citing)
        cite = {k: v for k, v in citation.items() if v not in (None, "")}
        unknown = [k for k in cite if k not in ("source", "quote", "speaker", "via", "note")]
        if unknown:
            raise EditError(
                f"unknown citation key '{unknown[0]}'", "use source, quote, speaker, via, note"
            )
        check_choice(cite.get("source"), list(self.registry("sources")), "source")
        if not cite.get("source") or not cite.get("quote"):
            raise EditError("a citation needs a source and a quote", "give --source and --quote")
        self.verify_quote(cite["source"], cite["quote"])
        stances = doc.data["stances"]
        existing = _as_builtins(stances[issue][index].get("evidence") or [])
        for old in existing:
            if old.get("source") == cite["source"] and old.get("quote") == cite["quote"]:
                raise EditError(
                    f"the stance already cites this quote of '{cite['source']}'",
                    "cite other words, or another source",
                )
        cite = ordered(cite, "evidence")
        path = ("stances", issue, index, "evidence")
        entry = doc.find(path)
        like = [e for st in _all_stances(stances) for e in (st.get("evidence") or [])]
        if entry is not None and entry.children:
            line = doc.insert_item(path, len(entry.children), cite, like=like)
        else:  # `evidence: []`, a flow list, or none at all: write the list anew
            line = self._set_stance_keys(doc, issue, index, {"evidence": [*existing, cite]})
        return Placement(rel, line + 1)

    def edit_stance(
        self,
        party: str,
        issue: str,
        date: DateLike,
        changes: Mapping[str, Any],
        citing: str | None = None,
    ) -> Placement:
        """Change keys of the existing stance of ``party`` on ``issue`` dated
        ``date`` (``prefer``, ``accept``, ``confidence``, ``basis``, ``status``
        with its ``reason``, ``move``, ``salience``, ``precision``, ``event``,
        ``note``); a value of None removes the key.  The result is checked like
        a new stance.  Keys not named keep their text and comments.

        A stance cannot become ``withdrawn``: a withdrawal is a new, dated
        record (:meth:`withdraw_stance`); mark a misreported stance
        ``deprecated`` with a reason instead.  ``citing`` picks one of several
        stances of the same date (a disputed claim beside another) by a
        source it cites.
        """
        editable = ("precision", "status", "reason", "prefer", "accept", "move", "salience",
                    "basis", "confidence", "event", "note")  # fmt: skip
        for key in changes:
            if key not in editable:
                hint = (
                    "a stance's date identifies it: add a stance with the new date instead"
                    if key == "date"
                    else "add a citation with: peacetracker add evidence"
                    if key == "evidence"
                    else did_you_mean(key, editable)
                )
                raise EditError(f"cannot change '{key}' of a stance", hint)
        if changes.get("status") == "withdrawn":
            raise EditError(
                "a stance does not become withdrawn: a withdrawal is a new, dated stance",
                "record it with: peacetracker add stance --status withdrawn --date ... "
                "--source ... --quote ...; a misreported stance is "
                "--status deprecated --reason ...",
            )
        rel, doc, index = self._find_stance(party, issue, date, citing)
        current = _as_builtins(doc.data["stances"][issue][index])
        new = dict(current)
        for key, value in changes.items():
            if value is None:
                new.pop(key, None)
            else:
                new[key] = value
        if new.get("status", "active") == "active":
            if changes.get("reason") is not None:
                raise EditError(
                    "a reason explains a deprecated or disputed stance; this one is active",
                    "give --status deprecated or --status disputed with the reason",
                )
            new.pop("reason", None)  # a reason explains a deprecated or disputed stance only
        if changes.get("status") == "active":
            new.pop("status")  # active is the default
        if new == current:
            raise EditError(
                f"{party}'s stance on {issue} dated {as_date(date)} already says that",
                "nothing to change",
            )
        data = self._stance_data(party, issue, new)
        diff = {k: data.get(k) for k in {*current, *data} if current.get(k) != data.get(k)}
        line = self._set_stance_keys(doc, issue, index, diff)
        return Placement(rel, line + 1)

    def _set_stance_keys(
        self, doc: Document, issue: str, index: int, values: Mapping[str, Any]
    ) -> int:
        """Set (or, for None, remove) keys of stance ``index`` on ``issue``,
        in canonical order; the 0-based line of the stance."""
        path = ("stances", issue, index)
        for key in sorted(values, key=STANCE_KEYS.index):
            _set_key(doc, path, key, values[key], STANCE_KEYS, _all_stances(doc.data["stances"]))
        return _entry(doc, path).head

    # -- settings ------------------------------------------------------------------
    def set_setting(self, key: str, value: Any) -> Placement:
        """Set one key of the settings (``peacetracker.yaml``, created when
        missing): ``title``, ``description``, ``bands``, ...  The value is
        checked when saving, like every edit."""
        from ..loading._spec import SETTINGS, SETTINGS_FILE

        if key not in SETTINGS.keys:
            raise EditError(f"unknown setting '{key}'", did_you_mean(key, SETTINGS.keys))
        if value is None or value == "":
            raise EditError(f"give a value for '{key}'")
        rel = self.files.settings_file or SETTINGS_FILE
        if rel not in self._docs:
            if (self.root / rel).exists():
                self._docs[rel] = Document.open(self.root / rel)
            else:
                modeline = ""
                if (self.root / "schema" / "settings.schema.json").is_file():
                    modeline = "# yaml-language-server: $schema=schema/settings.schema.json\n"
                self._docs[rel] = Document.new(self.root / rel, modeline)
        doc = self._docs[rel]
        data = doc.data
        if data is not None and not isinstance(data, Mapping):
            raise EditError(f"{rel} does not hold a mapping of settings", "fix it by hand first")
        if data is not None and data.get(key) == value:
            raise EditError(f"{key} is already {value!r}", "nothing to change")
        order = tuple(SETTINGS.keys)
        if not data:
            from ._render import render_entry, styled

            lines = doc.text.splitlines(keepends=True)
            doc.splice(len(lines), len(lines), render_entry(key, styled(value), 0, doc.indent))
            line = len(lines)
        else:
            _set_key(doc, (), key, value, order, [])
            line = _entry(doc, (key,)).head
        return Placement(rel, line + 1)

    # -- registries ----------------------------------------------------------------
    def _add_registry_entry(
        self, key: str, entry_id: str, data: Any, kind: str, rel: str | None = None
    ) -> Placement:
        check_id(entry_id, kind)
        if entry_id in self.registry(key):
            raise EditError(f"{kind} '{entry_id}' already exists", "choose another id")
        rel = rel or self._registry_file(key)
        doc = self._docs.get(rel) or self.document(rel)
        entry = doc.find((key,))
        value = ordered(data, kind) if isinstance(data, Mapping) else data
        if entry is not None and entry.children:
            line = doc.append_entry((key,), entry_id, value)
        else:
            from ._render import render_entry, styled

            lines = doc.text.splitlines(keepends=True)
            new = render_entry(entry_id, styled(value), doc.indent.mapping, doc.indent)
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

    def add_group(self, group_id: str, name: str) -> Placement:
        """Register a group of issues (``groups:``, id -> display name).  It goes
        to the file that holds the groups, else to the one that holds the
        issues (as ``init`` lays a dataset out), else to a new ``groups.yaml``."""
        if not isinstance(name, str) or not name.strip():
            raise EditError(f"group '{group_id}' needs a name", "give --name")
        rel = None
        if not self.files.registry_files.get("groups") and "groups" not in self._new_files:
            issues = self.files.registry_files.get("issues")
            if issues:
                rel = issues[-1]
                self._new_files["groups"] = rel
        return self._add_registry_entry("groups", group_id, name.strip(), "group", rel)

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
        """Register a source (``kind``, ``title``, ``published`` required; ``outlet``
        left out when the document names none; ``precision`` of the date:
        ``day``, ``month``, ``before``)."""
        data = {k: v for k, v in data.items() if v not in (None, (), [])}
        for key in ("kind", "title", "published"):
            if not data.get(key):
                raise EditError(f"source '{source_id}' needs {key}", f"give --{key}")
        check_choice(data["kind"], SOURCE_KINDS, "source kind")
        check_choice(data.get("precision"), PRECISIONS, "precision")
        check_choice(data.get("affiliation"), AFFILIATIONS, "affiliation")
        if data.get("precision") == "day":
            del data["precision"]  # the default
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
        raise ArgumentTypeError(
            f"cannot add a {type(record).__name__}: give a Stance, Party, Issue, Source or Event",
            "record", record)

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
            self.close()
            return []
        # Held from the check of each file on disk to its rename (and, when the
        # editor was opened with the lock, since the files were first read).
        self._lock.acquire()
        try:
            for rel in changes:
                self._docs[rel].check_unchanged_on_disk()
                self._docs[rel].check_writable()
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
        finally:
            self.close()
        return written


@functools.lru_cache(maxsize=32)
def _safe_load(text: str) -> Any:
    """Plain data, read as ``peacetracker check`` reads it (the C-backed safe
    loader, with its bounds on size, nesting and aliases).  Unreadable text
    reads as nothing: the checker reports it."""
    return _yaml.parse(text.encode("utf-8")).data


def _copied(data: Any) -> Any:
    """A copy of plain data (mappings and lists copied all the way down; the
    scalars YAML reads are immutable), so no caller changes what
    :func:`_safe_load` keeps."""
    if isinstance(data, dict):
        return {k: _copied(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_copied(v) for v in data]
    return data


def _entry(doc: Document, path: Sequence[Any]) -> Entry:
    """The entry at ``path``, which the caller knows is there."""
    entry = doc.find(path)
    assert entry is not None, f"no entry at {path!r}"
    return entry


def _date_key(stance: Any) -> dt.date:
    value = stance.get("date") if hasattr(stance, "get") else None
    try:
        return as_date(value)
    except EditError:
        return dt.date.max


def _as_builtins(data: Any) -> Any:
    """Round-trip data as plain dicts and lists (to write it again, restyled)."""
    if isinstance(data, Mapping):
        return {str(k): _as_builtins(v) for k, v in data.items()}
    if isinstance(data, list | tuple):
        return [_as_builtins(v) for v in data]
    return data


def _set_key(
    doc: Document,
    path: tuple[Any, ...],
    key: str,
    value: Any,
    order: Sequence[str],
    like: Sequence[Any],
) -> None:
    """Set ``key`` of the block mapping at ``path`` to ``value`` (None: remove
    it), keeping every other line: an existing key is rewritten in place
    (with the comments above and beside it), a new one goes before the
    first key that follows it in ``order`` (or at the end), styled like
    the same key in ``like``."""
    from ._render import render_entry, styled

    entry = doc.find((*path, key))
    if value is None:
        if entry is not None:
            doc.splice(entry.head, entry.end, [])
        return
    examples = [{key: x[key]} for x in like if isinstance(x, Mapping) and key in x]
    if entry is not None:  # rewritten in place, styled like the same key elsewhere
        from ._document import _comment_of
        from ._layout import is_trivia

        text = doc.text.splitlines(keepends=True)
        lines = render_entry(key, styled({key: value}, examples)[key], entry.col, doc.indent)
        comment = _comment_of(text[entry.head])
        if comment:
            lines[0] = lines[0].rstrip("\n") + "  " + comment + "\n"
        end = entry.end
        while end > entry.head + 1 and is_trivia(text[end - 1]):
            end -= 1
        doc.splice(entry.head, end, lines)
        return
    parent = _entry(doc, path)
    rank = {k: i for i, k in enumerate(order)}
    later = [
        c for c in parent.children if rank.get(str(c.key), len(order)) > rank.get(key, len(order))
    ]
    if not later or later[0].head == parent.children[0].head == parent.head:
        doc.append_entry(path, key, value)
        return
    nxt = later[0]
    lines = render_entry(key, styled({key: value}, examples)[key], nxt.col, doc.indent)
    doc.splice(nxt.start, nxt.start, lines)


def _cited(stance: Any) -> list[str]:
    """The source ids a stance's evidence cites, in order."""
    evidence = stance.get("evidence") if hasattr(stance, "get") else None
    return [str(e.get("source")) for e in evidence or () if hasattr(e, "get")]


def _all_stances(stances: Any) -> list[Any]:
    """Every stance of a file (neighbours whose style a new stance copies)."""
    if not hasattr(stances, "values"):
        return []
    return [s for items in stances.values() if isinstance(items, list) for s in items]
