"""The cross-file pass: registries, ids, scale values, duplicate stances,
stored texts and quotes; builds the model from the per-file plain data."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from attrs import frozen

from .._dataset import Dataset, LazyStances
from .._model import (
    Claim,
    Condition,
    Event,
    Evidence,
    Issue,
    Origin,
    Party,
    Settings,
    Source,
    Stance,
)
from .._plumbing.hashing import content_hash
from .._plumbing.suggest import did_you_mean
from ..problems import RULES, Problem
from ..scales import Scale, ScaleError, parse_scale
from ._per_file import LOCAL_ERROR, TooLarge, marked
from ._quotes import (
    closest_passage,
    find_passage,
    find_quote,
    normalise,
    read_stored,
    select_lines,
)
from ._spec import REGISTRY_KEYS, REGISTRY_TABLES, SETTINGS_FILE, top_level_keys

__all__ = ["Resolved", "rebuild", "resolve"]


@frozen
class Ref:
    """A place in another file, written as ``file:line`` once positions are known."""

    file: str
    path: tuple
    on_key: bool = False
    #: Its (line, col), when known already.
    at: tuple[int, int] | None = None


@frozen
class _Entry:
    data: dict
    file: str
    path: tuple


@frozen
class _Text:
    """A stored text as quotes are checked against it: the normalised slice
    (only that is kept; the text itself is read again to explain a quote that
    is not found)."""

    target: Path
    #: The source's ``lines`` (first, last), or None for the whole text.
    lines: tuple[int, int] | None
    normalised: str

    @property
    def first_line(self) -> int:
        return self.lines[0] if self.lines else 1

    def full(self) -> str:
        try:
            return read_stored(self.target)[1] or ""
        except OSError:
            return ""

    def part(self) -> str:
        text = self.full()
        return select_lines(text.splitlines(keepends=True), self.lines) or ""


def _trim(text: str, limit: int = 90) -> str:
    return text if len(text) <= limit else text[: limit - 3].rstrip() + "..."


class _IdResolver:
    """The cross-file pass: collects the registries' ids from every file, resolves
    the ids each file uses against them, and builds the model objects."""

    def __init__(self, root: Path, read_text: Callable[[str], str | None], trusted: bool = False):
        self.root = root
        self.read_text = read_text
        #: Rebuilding a dataset already checked (from the load cache): no stored
        #: text is read and problems are not looked for.
        self.trusted = trusted
        #: Stored texts read: path as written -> hash of its bytes (None: missing).
        self.deps: dict[str, str | None] = {}
        self.pending: list[tuple[str, str, tuple, bool, dict, tuple[int, int] | None]] = []
        #: The stance file being checked, and its plain data (with its marks).
        self.current: tuple[str, dict] = ("", {})
        self.registries: dict[str, dict[str, _Entry]] = {t: {} for t in REGISTRY_TABLES}
        self.groups: dict[str, _Entry] = {}
        self.scales: dict[str, Scale] = {}
        self.texts: dict[str, _Text | None] = {}
        self.cited: set[str] = set()
        #: The stored text read last (path, decoded, its lines): sources sharing a
        #: file are read in turn, and only one text is held at a time.
        self._stored: tuple[str, tuple[str | None, Any], list[str] | None] | None = None
        self._root_resolved: Path | None = None
        #: Registry tables an unreadable file may define -> that file (first one).
        self.unread: dict[str, str] = {}
        #: Ids not found in a table that an unreadable file may define, in order seen.
        self.unchecked: dict[str, list[str]] = {}
        #: (kind, id) defined more than once (an error already says so).
        self.duplicated: set[tuple[str, str]] = set()

    def problem(
        self, rule: str, file: str, path: tuple, on_key: bool = False, /, **params: Any
    ) -> None:
        self.pending.append((rule, file, path, on_key, params, self.mark(file, path, on_key)))

    def mark(self, file: str, path: tuple, on_key: bool = False) -> tuple[int, int] | None:
        """Where ``path`` is, from the marks the per-file pass kept on the stance
        file being checked; None when it kept none (located later, from the text)."""
        current, data = self.current
        if file != current or on_key or len(path) < 3 or path[0] != "stances":
            return None
        entries = (data.get("stances") or {}).get(path[1])
        if not isinstance(entries, list) or not isinstance(path[2], int) or not (
            0 <= path[2] < len(entries)
        ):
            return None
        return marked(entries[path[2]], path[3:])

    # -- registries ------------------------------------------------------------
    def add_registry(self, file: str, data: dict) -> None:
        for table, what in REGISTRY_TABLES.items():
            for ident, record in (data.get(table) or {}).items():
                self._define(self.registries[table], what, ident, record, file, (table, ident))
        for ident, label in (data.get("groups") or {}).items():
            self._define(self.groups, "group", ident, {"name": label}, file, ("groups", ident))

    def _define(
        self, table: dict[str, _Entry], what: str, ident: str, record: Any, file: str, path: tuple
    ) -> None:
        first = table.get(ident)
        if first is not None:
            self.problem("duplicate-id", file, path, True, what=what, id=ident,
                         first=Ref(first.file, first.path, True))
            self.duplicated.add((what, ident))
            return
        table[ident] = _Entry(record, file, path)

    def known(self, table: str, ident: str, file: str, path: tuple, on_key: bool = False) -> bool:
        entries = self.registries[table] if table != "groups" else self.groups
        if ident in entries:
            return True
        if table in self.unread:  # its registry could not be read: do not cascade
            seen = self.unchecked.setdefault(table, [])
            if ident not in seen:
                seen.append(ident)
            return False
        what = REGISTRY_TABLES.get(table, "group")
        fix = did_you_mean(ident, sorted(entries), f"a {what} id")
        if not entries:  # say where one goes, and the command that writes it
            fix = (f"none are defined yet: register it under '{table}:' "
                   f"(peacetracker add {what} {ident} ...)")
        self.problem(f"unknown-{what}", file, path, on_key, id=ident, fix=fix)
        return False

    # -- building ----------------------------------------------------------------
    @staticmethod
    def claims_of(d: dict) -> list[tuple[tuple, Any]]:
        """A party's structural claims as written: (key path below the party,
        a bare id or the claim's plain record), ``endorsed-by`` first."""
        out: list[tuple[tuple, Any]] = [
            (("endorsed-by", i), item) for i, item in enumerate(d.get("endorsed-by", ()))
        ]
        if "derived-from" in d:
            out.append((("derived-from",), d["derived-from"]))
        return out

    @staticmethod
    def claim(relation: str, item: Any) -> Claim:
        if not isinstance(item, dict):
            return Claim(relation, item)
        return Claim(
            relation, item["party" if relation == "endorsed-by" else "plan"],
            basis=item.get("basis", "stated"), confidence=item.get("confidence", "high"),
            evidence=[_evidence(ev) for ev in item.get("evidence", ())], note=item.get("note"),
        )

    def parties(self) -> dict[str, Party]:
        out = {}
        for ident, e in self.registries["parties"].items():
            d = e.data
            for i, other in enumerate(d.get("members", ())):
                self.known("parties", other, e.file, (*e.path, "members", i))
            claims = []
            for where, item in self.claims_of(d):
                relation = where[0]
                if isinstance(item, dict):
                    key = "party" if relation == "endorsed-by" else "plan"
                    if key in item:
                        self.known("parties", item[key], e.file, (*e.path, *where, key))
                    if item.get("_bad"):
                        continue
                elif item is not None:
                    self.known("parties", item, e.file, (*e.path, *where))
                else:
                    continue
                claims.append(self.claim(relation, item))
            if d.get("_bad"):
                continue
            out[ident] = Party(
                id=ident, name=d["name"], kind=d.get("kind", "state"),
                aliases=d.get("aliases", ()), members=d.get("members", ()),
                endorsed_by=[c.party for c in claims if c.relation == "endorsed-by"],
                derived_from=next((c.party for c in claims if c.relation == "derived-from"),
                                  None),
                capability=float(d["capability"]) if "capability" in d else None,
                note=d.get("note"), origin=Origin(e.file, e.path), claims=claims,
            )
        return out

    def issues(self) -> dict[str, Issue]:
        out = {}
        for ident, e in self.registries["issues"].items():
            d = e.data
            if "group" in d:
                self.known("groups", d["group"], e.file, (*e.path, "group"))
            if "scale" in d:
                self.scales[ident] = parse_scale(d["scale"])
            if d.get("_bad"):
                continue
            out[ident] = Issue(
                id=ident, name=d["name"], question=d["question"], scale=self.scales[ident],
                group=d.get("group"), note=d.get("note"), origin=Origin(e.file, e.path),
                salience=d.get("salience"),
                kind=d.get("kind", "term"),
                salience_evidence=[_evidence(ev) for ev in d.get("salience-evidence", ())],
            )
        return out

    def registry_evidence(self) -> None:
        """Evidence in the registries (structural claims on plans, issue
        salience): sources known, quotes found, and the warnings for claims
        with no evidence and hearsay marked high confidence.  Run after
        :meth:`sources`, which reads the stored texts."""
        for ident, e in self.registries["parties"].items():
            for where, item in self.claims_of(e.data):
                path = (*e.path, *where)
                if isinstance(item, dict):
                    self.citations(item.get("evidence", ()), e.file, (*path, "evidence"))
                    basis = item.get("basis", "stated")
                    if basis != "stated" and item.get("confidence", "high") == "high":
                        at = (*path, "confidence") if "confidence" in item else (*path, "basis")
                        self.problem("confident-hearsay", e.file, at, basis=basis,
                                     what=f"'{where[0]}' claim")
                elif item is not None:
                    relation = where[0]
                    form = (f"'- party: {item}'" if relation == "endorsed-by"
                            else f"a mapping, 'plan: {item}',")
                    self.problem("unbacked-claim", e.file, path, relation=relation, id=item,
                                 party=ident, form=form)
        for ident, e in self.registries["issues"].items():
            d = e.data
            self.citations(d.get("salience-evidence", ()), e.file,
                           (*e.path, "salience-evidence"))
            if "salience" in d and not d.get("salience-evidence"):
                self.problem("unbacked-salience", e.file, (*e.path, "salience"),
                             issue=ident, salience=d["salience"])
            elif "salience-evidence" in d and "salience" not in d:
                self.problem("missing-key", e.file, e.path, True, where=f"issue '{ident}'",
                             key="salience", hint="high, medium or low: what the "
                             "salience-evidence shows")

    def citations(self, evidence: Any, file: str, path: tuple) -> None:
        """Sources known and quotes found, for a list of citations at ``path``."""
        known_sources = self.registries["sources"]
        for j, ev in enumerate(evidence or ()):
            if not isinstance(ev, dict):
                continue
            source = ev.get("source")
            if source is None:
                continue
            self.cited.add(source)
            known = source in known_sources or self.known(
                "sources", source, file, (*path, j, "source"))
            if known and "quote" in ev:
                self.check_quote(ev["quote"], source, file, (*path, j))

    def sources(self) -> dict[str, Source]:
        out = {}
        for ident, e in self.registries["sources"].items():
            d = e.data
            if d.get("_bad"):
                continue
            out[ident] = Source(
                id=ident, kind=d["kind"], outlet=d.get("outlet"), title=d["title"],
                published=dt.date.fromisoformat(d["published"]), url=d.get("url"),
                path=d.get("path"), lines=tuple(d["lines"]) if "lines" in d else None,
                author=d.get("author"), note=d.get("note"),
                precision=d.get("precision", "day"), origin=Origin(e.file, e.path),
                affiliation=d.get("affiliation"),
            )
        if not self.trusted:  # one stored file at a time (several sources may share one)
            stored = [(e.data["path"], ident, e)
                      for ident, e in self.registries["sources"].items() if "path" in e.data]
            for _, ident, e in sorted(stored, key=lambda item: (str(item[0]), item[1])):
                self.texts[ident] = self._stored_text(ident, e)
            self._stored = None
        return out

    def _stored_text(self, ident: str, e: _Entry) -> _Text | None:
        raw = e.data["path"]
        path = (*e.path, "path")
        target = self.root / raw
        try:
            if self._root_resolved is None:
                self._root_resolved = self.root.resolve()
            inside = Path(raw).is_absolute() is False and target.resolve().is_relative_to(
                self._root_resolved
            )
        except (OSError, RuntimeError):
            inside = False
        if not inside:
            self.problem("source-outside", e.file, path, path=raw, id=ident)
            return None
        if not target.exists():
            self.deps[raw] = None
            self.problem("source-missing", e.file, path, path=raw, id=ident)
            return None
        try:
            text, bad = self._read_stored(target, raw)
        except TooLarge as err:
            self.deps[raw] = None
            self.problem("source-too-large", e.file, path, path=raw, id=ident, size=err.size,
                         limit=err.limit)
            return None
        except OSError as err:  # a FIFO or device is never opened to read
            self.deps[raw] = None
            self.problem("source-unreadable", e.file, path, path=raw, id=ident,
                         detail=err.strerror or str(err))
            return None
        if text is None:
            detail = "it is not UTF-8 text" if bad and bad.rule == "encoding" else "it is binary"
            self.problem("source-unreadable", e.file, path, path=raw, id=ident, detail=detail)
            return None
        lines = e.data.get("lines")
        span: tuple[int, int] | None = (lines[0], lines[1]) if lines else None
        part = text if span is None else select_lines(self._lines_of(text), span)
        if part is None:
            assert span is not None  # the whole text is always there
            self.problem("source-lines", e.file, (*e.path, "lines"), id=ident, path=raw,
                         lines=f"{span[0]}-{span[1]}", count=len(self._lines_of(text)))
            return None
        return _Text(target, span, normalise(part))

    def _read_stored(self, target: Path, raw: str) -> tuple[str | None, Any]:
        """A stored text, decoded once for the sources that share it."""
        key = str(target)
        if self._stored is None or self._stored[0] != key:
            data, text, bad = read_stored(target)
            self.deps[raw] = content_hash(data)
            self._stored = (key, (text, bad), None)
        return self._stored[1]

    def _lines_of(self, text: str) -> list[str]:
        assert self._stored is not None
        key, decoded, lines = self._stored
        if lines is None:
            lines = text.splitlines(keepends=True)
            self._stored = (key, decoded, lines)
        return lines

    def events(self) -> dict[str, Event]:
        out = {}
        for ident, e in self.registries["events"].items():
            d = e.data
            for i, party in enumerate(d.get("parties", ())):
                self.known("parties", party, e.file, (*e.path, "parties", i))
            for i, source in enumerate(d.get("sources", ())):
                if self.known("sources", source, e.file, (*e.path, "sources", i)):
                    self.cited.add(source)
            if d.get("_bad"):
                continue
            out[ident] = Event(
                id=ident, date=dt.date.fromisoformat(d["date"]), title=d["title"],
                parties=d.get("parties", ()), sources=d.get("sources", ()),
                note=d.get("note"), origin=Origin(e.file, e.path),
            )
        return out

    # -- stances -----------------------------------------------------------------
    def parse_value(
        self, issue: str, raw: Any, key: str, file: str, path: tuple, zone: bool = False
    ) -> tuple[bool, Any]:
        scale = self.scales[issue]
        try:
            return True, (scale.parse_zone(raw) if zone else scale.parse_value(raw))
        except ScaleError as err:
            self.problem("bad-value", file, path, key=key, issue=issue, scale=scale.type,
                         message=err.message, fix=err.fix or "see docs/format.md")
            return False, None

    def stance_file(
        self, file: str, data: dict, seen: dict, sources: Mapping[str, Source],
        events: Mapping[str, Event],
    ) -> list[Stance]:
        self.current = (file, data)
        party = data.get("party")
        if party is None:
            return []
        party_ok = self.known("parties", party, file, ("party",))
        stem = file.rsplit("/", 1)[-1].rsplit(".", 1)[0]
        if party_ok and stem != party and stem in self.registries["parties"]:
            folder = file.rsplit("/", 1)[0] + "/" if "/" in file else ""
            self.problem("party-file-mismatch", file, ("party",), named=stem, party=party,
                         expected=f"{folder}{party}.yaml")
        out = []
        for issue, entries in (data.get("stances") or {}).items():
            issue_ok = self.known("issues", issue, file, ("stances", issue), on_key=True)
            issue_ok = issue_ok and issue in self.scales
            for i, d in enumerate(entries):
                stance = self.stance(file, party, issue, i, d, issue_ok, seen, sources, events)
                if stance is not None and party_ok:
                    out.append(stance)
        return out

    def stance(
        self,
        file: str,
        party: str,
        issue: str,
        i: int,
        d: dict[str, Any],
        issue_ok: bool,
        seen: dict,
        sources: Mapping[str, Source],
        events: Mapping[str, Event],
    ) -> Stance | None:
        path = ("stances", issue, i)
        errors = len(self.pending)
        status = d.get("status", "active")
        known_sources = self.registries["sources"]
        for j, ev in enumerate(d.get("evidence", ())):
            source = ev.get("source")
            if source is not None:
                self.cited.add(source)
                known = source in known_sources or self.known(
                    "sources", source, file, (*path, "evidence", j, "source"))
                if known and "quote" in ev:
                    self.check_quote(ev["quote"], source, file, (*path, "evidence", j))
        for j, cond in enumerate(d.get("conditions", ())):
            if "issue" in cond and self.known(
                "issues", cond["issue"], file, (*path, "conditions", j, "issue")
            ) and "value" in cond and cond["issue"] in self.scales:
                self.parse_value(cond["issue"], cond["value"], "value", file,
                                 (*path, "conditions", j, "value"))
        if "event" in d and d["event"] not in self.registries["events"]:
            self.known("events", d["event"], file, (*path, "event"))
        if d.get("_bad"):
            return None
        # The rules a stance answers to on its own were checked in the per-file
        # pass (peacetracker.loading._per_file.stance_flags).
        prefer = accept = None
        if issue_ok and status != "withdrawn":
            ok_p = ok_a = False
            if "prefer" in d:
                ok_p, prefer = self.parse_value(issue, d["prefer"], "prefer", file,
                                                (*path, "prefer"))
            if "accept" in d:
                ok_a, accept = self.parse_value(issue, d["accept"], "accept", file,
                                                (*path, "accept"), zone=True)
            scale = self.scales[issue]
            if ok_p and ok_a and not scale.contains(accept, prefer):
                self.problem("prefer-outside-accept", file, (*path, "prefer"),
                             prefer=scale.describe(prefer), accept=scale.describe_zone(accept))
        date = dt.date.fromisoformat(d["date"])
        if status in ("active", "withdrawn"):
            key = (party, issue, date)
            if key in seen:
                other_file, other_path, other_at = seen[key]
                self.problem("duplicate-stance", file, (*path, "date"), party=party, issue=issue,
                             date=d["date"],
                             other=Ref(other_file, (*other_path, "date"), at=other_at))
            else:
                seen[key] = (file, path, self.mark(file, (*path, "date")))
        # Warnings.
        published = [sources[ev["source"]].published for ev in d.get("evidence", ())
                     if ev.get("source") in sources]
        event_id = d.get("event")
        event = events.get(event_id) if event_id is not None else None
        if event is not None and event.date > date and d.get("precision", "day") == "day":
            self.problem("event-after-stance", file, (*path, "event"), event=event.id,
                         event_date=event.date.isoformat(), date=d["date"])
        if published and date > max(published) and len(published) == len(d.get("evidence", ())):
            self.problem("date-after-source", file, (*path, "date"), date=d["date"],
                         published=max(published).isoformat())
        if (
            any(p[0] in _ERROR_RULES for p in self.pending[errors:]) or not issue_ok
            or d.get(LOCAL_ERROR)
        ):
            return None
        if not all(
            "value" in c and c.get("issue") in self.scales for c in d.get("conditions", ())
        ):
            # A condition on an issue whose definition is broken (reported where it is).
            return None
        return self.build(party, issue, d, prefer, accept, date, file, path)

    def build(
        self,
        party: str,
        issue: str,
        d: dict[str, Any],
        prefer: Any,
        accept: Any,
        date: dt.date,
        file: str,
        path: tuple,
    ) -> Stance:
        """The model of one checked stance (values already parsed by its scale)."""
        scales = self.scales
        return Stance(
            party=party, issue=issue, date=date, prefer=prefer, accept=accept,
            precision=d.get("precision", "day"),
            salience=float(d["salience"]) if "salience" in d else None,
            move=d.get("move"), confidence=d.get("confidence", "high"),
            basis=d.get("basis", "stated"), status=d.get("status", "active"),
            reason=d.get("reason"),
            conditions=[
                Condition(c["issue"], scales[c["issue"]].parse_value(c["value"]), c.get("note"))
                for c in d.get("conditions", ())
            ] if "conditions" in d else (),
            evidence=[_evidence(ev) for ev in d.get("evidence", ())],
            event=d.get("event"), note=d.get("note"), origin=Origin(file, path),
        )

    def rebuild_stances(self, file: str, data: dict) -> list[Stance]:
        """The stances of one stance file of a dataset already checked."""
        party = data["party"]
        out = []
        for issue, entries in (data.get("stances") or {}).items():
            scale = self.scales[issue]
            for i, d in enumerate(entries):
                withdrawn = d.get("status") == "withdrawn"
                prefer = scale.parse_value(d["prefer"]) if "prefer" in d and not withdrawn else None
                accept = scale.parse_zone(d["accept"]) if "accept" in d and not withdrawn else None
                date = dt.date.fromisoformat(d["date"])
                out.append(self.build(party, issue, d, prefer, accept, date, file,
                                      ("stances", issue, i)))
        return out

    def check_quote(self, quote: str, source: str, file: str, path: tuple) -> None:
        text = self.texts.get(source)
        if text is None:
            entry = self.registries["sources"][source]
            if "path" not in entry.data and ("source", source) not in self.duplicated:
                self.problem("unverified-quote", file, (*path, "quote"), source=source)
            return
        if find_quote(quote, text.normalised) is not None:
            return
        entry = self.registries["sources"][source]
        raw_path = entry.data["path"]
        where = ""
        fix = "copy the words exactly from the stored text"
        if text.lines:
            elsewhere = find_passage(quote, text.full())
            if elsewhere is not None:
                lines = entry.data["lines"]
                where = (f" (it is at {raw_path}:{elsewhere.line}:{elsewhere.col}, outside the "
                         f"source's lines {lines[0]}-{lines[1]})")
                fix = (f"cite the source whose lines cover line {elsewhere.line}, or correct "
                       f"'lines' of '{source}'")
                self.problem("quote-not-found", file, (*path, "quote"), source=source,
                             where=where, fix=fix)
                return
        passage = closest_passage(quote, text.part(), text.first_line)
        if passage is not None and passage.similarity >= 0.3:
            fix = (f"copy the words exactly; the closest passage is at {raw_path}:"
                   f"{passage.line}:{passage.col}: \"{_trim(passage.text)}\"")
        self.problem("quote-not-found", file, (*path, "quote"), source=source, where=where,
                     fix=fix)

    def unused_sources(self) -> None:
        for ident, e in self.registries["sources"].items():
            if ident not in self.cited:
                self.problem("unused-source", e.file, e.path, True, id=ident)

    # -- positions ---------------------------------------------------------------
    def located(self) -> list[Problem]:
        """Every pending problem with its position, found by indexing the file's
        text once more (only files with such problems are)."""
        from ._positions import Positions

        positions: dict[str, Positions] = {}

        def at(
            file: str, path: tuple, on_key: bool, known: tuple[int, int] | None = None
        ) -> tuple[int, int]:
            if known is not None:
                return known
            if file not in positions:
                positions[file] = Positions(self.read_text(file))
            return positions[file].locate(path, on_key)

        problems = []
        for rule, file, path, on_key, params, known in self.pending:
            params = dict(params)
            for k, v in params.items():
                if isinstance(v, Ref):
                    params[k] = f"{v.file}:{at(v.file, v.path, v.on_key, v.at)[0]}"
            line, col = at(file, path, on_key, known)
            problems.append(Problem.create(rule, file, path, line, col, **params))
        return problems


def _evidence(ev: dict) -> Evidence:
    return Evidence(ev["source"], ev["quote"], ev.get("speaker"), ev.get("via"), ev.get("note"))


# Rules whose presence means a stance cannot be built.
_ERROR_RULES = frozenset(slug for slug, rule in RULES.items() if rule.level == "error")


_STANCE_KEYS = frozenset({"party", "stances"})


def _may_hold(file: str, text: str | None) -> tuple[set[str], bool]:
    """For a file that could not be read: the registry tables it may define (by
    its top-level keys as written, or its name) and whether it may cite sources."""
    if file == SETTINGS_FILE:  # settings define no ids and cite nothing
        return set(), False
    keys = top_level_keys(text or "")
    stem = file.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    tables = {k for k in (*keys, stem) if k in REGISTRY_KEYS}
    stance_like = bool(keys & _STANCE_KEYS) or file.startswith("stances/")
    return tables, stance_like or "events" in tables or not tables


@frozen
class Resolved:
    """What the cross-file pass found: the dataset (None when any error was
    found), every problem, and what the load cache keeps to rebuild it."""

    dataset: Dataset | None
    problems: list[Problem]
    #: Stored texts read: path as written -> hash of its bytes (None: missing).
    deps: dict[str, str | None]
    #: The per-file results of every file but the stance files.
    registries: dict[str, dict[str, Any]]
    #: How many stances were built.
    count: int


def _registries(
    r: _IdResolver,
    results: dict[str, dict[str, Any]],
    read_text: Callable[[str], str | None] | None,
    problems: list[Problem] | None = None,
) -> tuple[Settings, list[str], dict[str, Problem], bool]:
    """Feed every file but the stance files to ``r``; returns the settings, the
    stance files' names, unreadable files (name -> first error) and whether an
    unreadable file may cite sources."""
    settings = Settings()
    settings_file: tuple[str, Any] | None = None
    stance_files = []
    unreadable: dict[str, Problem] = {}
    may_cite = False
    for file in sorted(results):
        result = results[file]
        kind, data = result["kind"], result["data"]
        if problems is not None:
            found = [Problem.from_dict(p) for p in result["problems"]]
            problems.extend(found)
            errors = [p for p in found if p.is_error]
            if kind is None and errors and read_text is not None:
                tables, cites = _may_hold(file, read_text(file))
                unreadable[file] = errors[0]
                may_cite = may_cite or cites
                for table in tables:
                    r.unread.setdefault(table, file)
        if kind == "registry":
            r.add_registry(file, data)
        elif kind == "stances":
            stance_files.append(file)
        elif kind == "settings" and not data.get("_bad"):
            settings_file = (file, data)
    if settings_file is not None:  # after every registry: it names parties and issues
        file, data = settings_file
        kwargs: dict[str, Any] = {k: data[k] for k in ("title", "description") if k in data}
        if "bands" in data:
            kwargs["bands"] = data["bands"]
        for key, table in (("focus", "parties"), ("issue-order", "issues")):
            if key in data:
                kwargs[key.replace("-", "_")] = [
                    i for n, i in enumerate(data[key]) if r.known(table, i, file, (key, n))
                ]
        settings = Settings(**kwargs)
    return settings, stance_files, unreadable, may_cite


def _sort_key(stance: Stance) -> tuple[str, str, dt.date]:
    return (stance.party, stance.issue, stance.date)


def resolve(
    root: Path,
    results: dict[str, dict[str, Any]],
    read_text: Callable[[str], str | None],
    label: str = "",
) -> Resolved:
    """Check across files and build the dataset (None when any error was found).

    ``results`` maps each file's relative path to
    :func:`~peacetracker.loading._per_file.read_file`'s result; the stance
    files' results are consumed (removed once their stances are built, so
    that the plain data and the model are not both held whole).
    ``read_text(relpath)`` returns a file's text again (for positions).
    """
    r = _IdResolver(root, read_text)
    problems: list[Problem] = []
    settings, stance_files, unreadable, may_cite = _registries(r, results, read_text, problems)
    registries = {f: res for f, res in results.items() if res["kind"] != "stances"}
    parties = r.parties()
    issues = r.issues()
    sources = r.sources()
    events = r.events()
    r.registry_evidence()
    seen: dict = {}
    stances: list[Stance] = []
    for file in stance_files:
        result = results.pop(file)
        stances.extend(r.stance_file(file, result["data"], seen, sources, events))
        del result
    if not may_cite:
        r.unused_sources()
    problems.extend(r.located())
    for table, ids in r.unchecked.items():
        first = unreadable[r.unread[table]]
        shown = ", ".join(f"'{i}'" for i in ids[:5])
        if len(ids) > 5:
            shown += f" and {len(ids) - 5} more"
        problems.append(Problem.create(
            "unchecked-ids", first.file, (), first.line, first.col,
            what=REGISTRY_TABLES.get(table, "group"), ids=shown))
    problems.sort(key=Problem.sort_key)
    if any(p.is_error for p in problems):
        return Resolved(None, problems, r.deps, registries, 0)
    stances.sort(key=_sort_key)
    dataset = Dataset(
        parties=parties, issues=issues, sources=sources, events=events,
        groups={k: e.data["name"] for k, e in r.groups.items()},
        stances=stances, settings=settings, root=root, label=label or str(root),
    )
    return Resolved(dataset, problems, r.deps, registries, len(stances))


def rebuild(
    root: Path,
    registries: dict[str, dict[str, Any]],
    count: int,
    stance_files: Callable[[], Iterable[tuple[str, dict[str, Any]]]],
    label: str = "",
) -> Dataset:
    """A dataset already checked, from what :class:`Resolved` kept: the
    registries now, the ``count`` stances on first use (``stance_files()``
    yields each stance file's name and plain data)."""
    r = _IdResolver(root, lambda file: None, trusted=True)
    settings, _, _, _ = _registries(r, registries, None)
    parties = r.parties()
    issues = r.issues()

    def build() -> list[Stance]:
        stances = []
        for file, data in stance_files():
            stances.extend(r.rebuild_stances(file, data))
        stances.sort(key=_sort_key)
        return stances

    return Dataset(
        parties=parties, issues=issues, sources=r.sources(), events=r.events(),
        groups={k: e.data["name"] for k, e in r.groups.items()},
        stances=LazyStances(count, build), settings=settings, root=root,
        label=label or str(root),
    )
