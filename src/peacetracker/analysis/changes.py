"""Changes between versions, classified: between two dates of one dataset, or
between two datasets, with each move's direction relative to every other
party: :func:`compare` returns both (:func:`changes` and :func:`diff` are its
changes alone).  Stances are matched by party, issue and date."""

from __future__ import annotations

import bisect
import datetime as dt
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, cast

import attrs
import numpy as np
import pandas as pd
from attrs import frozen

from .._model import Evidence, Stance
from ..errors import ArgumentError
from ._core import (
    IN_FORCE,
    Core,
    DateLike,
    band_words,
    dates_column,
    join_ids,
    text_column,
    to_timestamp,
)
from ._quality import Quality, stance_quality, weakest
from .gaps import pair_gaps

if TYPE_CHECKING:
    from ._core import DatasetLike

__all__ = [
    "CHANGE_COLUMNS",
    "DIRECTION_COLUMNS",
    "INVERSE_KIND",
    "Comparison",
    "changes",
    "compare",
    "diff",
]

CHANGE_COLUMNS = (
    "change",
    "kind",
    "word",
    "entity",
    "id",
    "party",
    "issue",
    "date_before",
    "date_after",
    "field",
    "before",
    "after",
    "before_text",
    "after_text",
    "sources",
    "axis",
    "move_text",
    "toward",
    "away_from",
    "word_text",
    "precision_before",
    "precision_after",
    "confidence_before",
    "confidence_after",
    "basis_before",
    "basis_after",
    "kinds_before",
    "kinds_after",
    "strength",
)

DIRECTION_COLUMNS = (
    "change",
    "issue",
    "party",
    "other",
    "date",
    "other_prefer",
    "other_text",
    "gap_before",
    "gap_after",
    "units_before",
    "units_after",
    "norm_basis",
    "band_before",
    "band_after",
    "direction",
)

#: The kind a change takes when the two versions are swapped.
INVERSE_KIND = {
    "added": "removed",
    "removed": "added",
    "accept-widened": "accept-narrowed",
    "accept-narrowed": "accept-widened",
    "accept-added": "accept-removed",
    "accept-removed": "accept-added",
    "evidence-added": "evidence-removed",
    "evidence-removed": "evidence-added",
    **{f"{e}-added": f"{e}-removed" for e in ("party", "issue", "group", "source", "event")},
    **{f"{e}-removed": f"{e}-added" for e in ("party", "issue", "group", "source", "event")},
}

#: Stance fields that are part of the position, compared between two different
#: stances too (``changes``): the kind of row each gives.  The record's own fields
#: (how sure the editor is, on what basis, status, ...) mean something only for the
#: same stance in two versions (``diff``).
_POSITION_FIELDS = {
    "salience": "salience-changed",
    "move": "move-kind-changed",
    "conditions": "conditions-changed",
}
_RECORD_FIELDS = {
    "confidence": "confidence-changed",
    "basis": "basis-changed",
    "status": "status-changed",
    "precision": "precision-changed",
    "event": "event-changed",
    "note": "note-changed",
    "reason": "reason-changed",
}
_STATUS_RANK = {"active": 0, "withdrawn": 1, "disputed": 2, "deprecated": 3}


# -- positions of the other parties ------------------------------------------------


class _Trails:
    """Per issue and party, the dated stances that can be in force, sorted: answers
    "what was this party's point on that date?" without building a full table."""

    def __init__(self, ds: DatasetLike):
        self.ds = ds
        self._by_issue: dict[str, dict[str, tuple[list[dt.date], list[Stance]]]] | None = None

    def _index(self) -> dict[str, dict[str, tuple[list[dt.date], list[Stance]]]]:
        if self._by_issue is None:
            raw: dict[str, dict[str, list[tuple[dt.date, int, Stance]]]] = {}
            for i, s in enumerate(self.ds.stances):
                if s.status in IN_FORCE:
                    raw.setdefault(s.issue, {}).setdefault(s.party, []).append((s.date, i, s))
            index: dict[str, dict[str, tuple[list[dt.date], list[Stance]]]] = {}
            for issue, parties in raw.items():
                index[issue] = {}
                for party, items in parties.items():
                    items.sort(key=lambda t: (t[0], t[1]))
                    index[issue][party] = ([d for d, _, _ in items], [s for _, _, s in items])
            self._by_issue = index
        return self._by_issue

    def at(self, issue: str, party: str, date: dt.date, before: bool = False) -> Stance | None:
        """The stance in force on ``date`` (strictly before it with ``before``), or None."""
        dates, stances = self._index().get(issue, {}).get(party, ([], []))
        k = (bisect.bisect_left if before else bisect.bisect_right)(dates, date) - 1
        if k < 0:
            return None
        s = stances[k]
        return None if s.status == "withdrawn" else s

    def others(self, issue: str, party: str, date: dt.date) -> list[tuple[str, Stance]]:
        out = []
        for other in self._index().get(issue, {}):
            if other == party:
                continue
            s = self.at(issue, other, date)
            if s is not None:
                out.append((other, s))
        return out


class _Builder:
    """Collects change rows and direction rows; ``core`` and ``trails`` describe the
    later version (the one moves are measured in)."""

    def __init__(self, core: Core, trails: _Trails):
        self.core = core
        self.trails = trails
        self.rows: list[dict[str, Any]] = []
        self.dirs: dict[str, Any] = {}
        self._texts: dict[tuple, str | None] = {}
        self._pos: dict[tuple, float] = {}
        self.moves: list[tuple[int, str, str | None, bool]] = []
        self.pending: list[tuple] = []
        self._excluded: dict[str, set[str]] = {}
        #: Sources by id, for the evidence quality of both versions' stances.
        self.sources: Mapping[str, Any] = core.ds.sources
        #: Evidence filters: change rows comparing a stance that fails them are left out.
        self.quality: Quality | None = None

    # -- words ----------------------------------------------------------------------
    def text(self, issue: str | None, field: str | None, value: Any) -> str | None:
        if value is None:
            return None
        if field in ("prefer", "accept"):
            key = (issue, field, value)
            try:
                return self._texts[key]
            except KeyError:
                text = self._text(issue, field, value)
                self._texts[key] = text
                return text
            except TypeError:  # unhashable
                pass
        return self._text(issue, field, value)

    def _text(self, issue: str | None, field: str | None, value: Any) -> str | None:
        scale = self.core.scale(issue) if issue is not None else None
        try:
            if field == "prefer" and scale is not None:
                return scale.describe(value)
            if field == "accept" and scale is not None:
                return scale.describe_zone(value)
        except (AttributeError, KeyError, TypeError, ValueError):
            pass
        if field == "conditions":
            return join_ids(f"{c.issue}={_as_written(self.core, c.issue, c.value)}" for c in value)
        if field == "scale":
            return str(value.to_data())
        if isinstance(value, float):
            return f"{value:g}"
        if isinstance(value, tuple):
            return join_ids(map(str, value))
        return str(value)

    def add(self, kind: str, entity: str, **kw: Any) -> int:
        row = {
            "kind": kind,
            "word": kw.get("word"),
            "entity": entity,
            "id": kw.get("id"),
            "party": kw.get("party"),
            "issue": kw.get("issue"),
            "date_before": kw.get("date_before"),
            "date_after": kw.get("date_after"),
            "field": kw.get("field"),
            "before": kw.get("before"),
            "after": kw.get("after"),
            "sources": kw.get("sources"),
            "_old": kw.get("_old"),
            "_new": kw.get("_new"),
            "axis": None,
            "move_text": None,
            "toward": None,
            "away_from": None,
            "word_text": kw.get("word_text"),
        }
        f = row["field"]
        row["before_text"] = kw.get("before_text", self.text(row["issue"], f, row["before"]))
        row["after_text"] = kw.get("after_text", self.text(row["issue"], f, row["after"]))
        self.rows.append(row)
        return len(self.rows) - 1

    def move(self, n: int, old: Stance, new: Stance, same: bool = False) -> None:
        """Record a move (change ``n``) from stance ``old`` to ``new`` of one party on one
        issue (``same``: one stance edited between two versions): its word and
        direction rows are computed, for all moves at once, by :meth:`resolve_moves`."""
        party, issue, date = new.party, new.issue, new.date
        zone = _zone_change(self.core, issue, old.accept, new.accept)
        self.moves.append((n, issue, zone, old.prefer == new.prefer))
        if old.prefer == new.prefer:
            return
        excluded = self._not_counterparts(party)
        for other, s in self.trails.others(issue, party, date):
            # an edited stance did not move in time: the others stand where they stood
            was = s if same else self.trails.at(issue, other, date, before=True)
            self.pending.append(
                (
                    n,
                    issue,
                    party,
                    other,
                    date,
                    old.prefer,
                    new.prefer,
                    None if was is None else was.prefer,
                    s.prefer,
                    other not in excluded,
                    self._meet(issue, old, was),
                    self._meet(issue, new, s),
                )
            )

    def _meet(self, issue: str, a: Stance | None, b: Stance | None) -> bool:
        """Whether two stances' zones (stated, or the preferred point alone) share
        a position, by the scale's one rule (:meth:`Scale.zones_meet`)."""
        scale = self.core.scale(issue)
        if scale is None or a is None or b is None:
            return False
        try:
            za = a.accept if a.accept is not None else scale.point_zone(a.prefer)
            zb = b.accept if b.accept is not None else scale.point_zone(b.prefer)
            return bool(scale.zones_meet(za, zb))
        except (AttributeError, TypeError, ValueError):
            return False

    def _word_text(self, row: dict[str, Any], closer: list[str], further: list[str]) -> str:
        """The move in words a reader cannot take backwards: on the party's own
        axis, then against its named counterparts ("raised to 150,000 personnel;
        toward Southland; away from Eastern League")."""
        parties = self.core.ds.parties

        def names(ids: list[str]) -> str:
            return ", ".join(parties[i].name if i in parties else i for i in ids)

        parts = [row["move_text"]] if row.get("move_text") else []
        if closer:
            parts.append(f"toward {names(closer)}")
        if further:
            parts.append(f"away from {names(further)}")
        if not parts:
            zone = {"widened": "acceptable range widened", "narrowed": "acceptable range narrowed"}
            return zone.get(row["word"], row["word"])
        return "; ".join(parts)

    def _not_counterparts(self, party: str) -> set[str]:
        """Parties a move is not measured against for its word: plans, the party's own
        members (a coalition's states) and the coalitions or blocs it belongs to."""
        try:
            return self._excluded[party]
        except KeyError:
            pass
        parties = self.core.ds.parties
        me = parties.get(party)
        out = {party, *(me.members if me is not None else ())}
        for pid, p in parties.items():
            if p.kind == "plan" or party in p.members:
                out.add(pid)
        self._excluded[party] = out
        return out

    def resolve_moves(self) -> None:
        """The fact-checker's word for every move and a direction row per other party,
        vectorised.  Directions: the gap before (both parties' points in force before
        the move) and after (both in force after it).  Word: the party's own move,
        its old and new point against its counterparts' points in force after it."""
        core = self.core
        p = self.pending
        if p:
            cols = list(zip(*p, strict=True))
            change = np.array(cols[0], dtype="int64")
            issues = np.array(cols[1], dtype=object)
            old, new, was, other = (_objects(cols[k]).to_numpy() for k in (5, 6, 7, 8))
            counterpart = np.array(cols[9], dtype=bool)
            pos = self._positions
            x_old, x_new, x_was, x_oth = (
                np.array([pos(i, v) for i, v in zip(cols[1], values, strict=True)])
                for values in (old, new, was, other)
            )
            ub, gb = pair_gaps(core, issues, old, was, x_old, x_was)
            ua, ga = pair_gaps(core, issues, new, other, x_new, x_oth)
            _, g_own = pair_gaps(core, issues, old, other, x_old, x_oth)
            idx = np.flatnonzero(~np.isnan(ga))
            direction = np.where(
                np.isnan(gb),
                "new",
                np.where(ga < gb, "converging", np.where(ga > gb, "diverging", "level")),
            )
            texts = [self.text(cols[1][k], "prefer", other[k]) for k in idx]
            self.dirs = {
                "change": change[idx],
                "issue": issues[idx],
                "party": np.array(cols[2], dtype=object)[idx],
                "other": np.array(cols[3], dtype=object)[idx],
                "date": [cols[4][k] for k in idx],
                "other_prefer": other[idx],
                "other_text": texts,
                "gap_before": gb[idx],
                "gap_after": ga[idx],
                "units_before": ub[idx],
                "units_after": ua[idx],
                "direction": direction[idx].astype(object),
                "_meet_before": np.array(cols[10], dtype=bool)[idx],
                "_meet_after": np.array(cols[11], dtype=bool)[idx],
            }
            keep = counterpart & ~(np.isnan(g_own) | np.isnan(ga))
            others = np.array(cols[3], dtype=object)
            toward: dict[int, list[str]] = {}
            away: dict[int, list[str]] = {}
            for k in np.flatnonzero(keep & (ga < g_own)):
                toward.setdefault(int(change[k]), []).append(others[k])
            for k in np.flatnonzero(keep & (ga > g_own)):
                away.setdefault(int(change[k]), []).append(others[k])
        else:
            toward, away = {}, {}
        po = core.party_order
        for n, issue, zone, same_point in self.moves:
            row = self.rows[n]
            scale = core.scale(issue)
            old, new = row["_old"], row["_new"]
            closer = sorted(toward.get(n, ()), key=lambda q: po.get(q, len(po)))
            further = sorted(away.get(n, ()), key=lambda q: po.get(q, len(po)))
            row["toward"], row["away_from"] = join_ids(closer), join_ids(further)
            axis = _axis(scale, old.prefer, new.prefer) if not same_point else 0
            row["axis"] = {1: "up", -1: "down"}.get(axis) if axis is not None else None
            row["move_text"] = None if same_point else _move_text(scale, old.prefer, new.prefer)
            if same_point:  # only the zone can say
                word = _ZONE_WORD.get(zone, "unchanged")
            elif axis is None:  # no order: another answer
                word = "reversed"
            elif closer and further:
                word = "mixed"
            elif closer:
                word = "toward"
            elif further:
                word = "away"
            else:
                word = "shifted"
            row["word"] = word
            row["word_text"] = self._word_text(row, closer, further)
        self.moves, self.pending = [], []

    def _positions(self, issue: str, value: Any) -> float:
        try:
            return self._pos[(issue, value)]
        except KeyError:
            x = self._pos[(issue, value)] = self.core.position(issue, value)
            return x
        except TypeError:
            return self.core.position(issue, value)

    # -- stances ------------------------------------------------------------------------
    def compare(self, old: Stance, new: Stance, same: bool) -> None:
        """Rows for what changed from ``old`` to ``new`` (``same``: one stance in two versions)."""
        party, issue = new.party, new.issue
        common = {
            "party": party,
            "issue": issue,
            "date_before": old.date,
            "date_after": new.date,
            "sources": join_ids(e.source for e in new.evidence),
            "_old": old,
            "_new": new,
        }
        if old.prefer != new.prefer:
            n = self.add(
                "moved", "stance", field="prefer", before=old.prefer, after=new.prefer, **common
            )
            self.move(n, old, new, same)
        elif not same:
            n = self.add(
                "restated",
                "stance",
                field="prefer",
                before=old.prefer,
                after=new.prefer,
                **common,
            )
            self.move(n, old, new)
        if old.accept != new.accept:
            if old.accept is None:
                self.add(
                    "accept-added",
                    "stance",
                    field="accept",
                    before=None,
                    after=new.accept,
                    **common,
                )
            elif new.accept is None:
                self.add(
                    "accept-removed",
                    "stance",
                    field="accept",
                    before=old.accept,
                    after=None,
                    **common,
                )
            else:
                how = _zone_change(self.core, issue, old.accept, new.accept)
                if how != "same":
                    word = _ZONE_WORD.get(how)
                    self.add(
                        f"accept-{how}",
                        "stance",
                        word=word,
                        field="accept",
                        before=old.accept,
                        after=new.accept,
                        **common,
                    )
        fields = dict(_POSITION_FIELDS)
        if same:
            fields.update(_RECORD_FIELDS)
        for name, kind in fields.items():
            a, b = getattr(old, name), getattr(new, name)
            if a != b:
                self.add(kind, "stance", field=name, before=a, after=b, **common)
        if same and old.evidence != new.evidence:
            self.evidence(old, new, common)

    def evidence(self, old: Stance, new: Stance, common: dict[str, Any]) -> None:
        before = {(e.source, e.quote): e for e in old.evidence}
        after = {(e.source, e.quote): e for e in new.evidence}
        base = {k: v for k, v in common.items() if k != "sources"}
        for key, e in before.items():
            if key not in after:
                self.add(
                    "evidence-removed",
                    "stance",
                    field="evidence",
                    before=e,
                    after=None,
                    before_text=e.quote,
                    after_text=None,
                    sources=e.source,
                    **base,
                )
            elif after[key] != e:
                self.add(
                    "evidence-changed",
                    "stance",
                    field="evidence",
                    before=e,
                    after=after[key],
                    before_text=_cite(e),
                    after_text=_cite(after[key]),
                    sources=e.source,
                    **base,
                )
        for key, e in after.items():
            if key not in before:
                self.add(
                    "evidence-added",
                    "stance",
                    field="evidence",
                    before=None,
                    after=e,
                    before_text=None,
                    after_text=e.quote,
                    sources=e.source,
                    **base,
                )

    # -- frames ---------------------------------------------------------------------------
    def _quality(self, rows: list[dict[str, Any]]) -> dict[str, pd.Series]:
        """The evidence-quality columns of change rows: each side's stance's
        confidence, basis and source kinds, and the weaker side's strength."""
        sources = self.sources
        graded: dict[int, tuple[str, str]] = {}

        def grade(s: Stance | None) -> tuple[str | None, str | None, str | None, str | None]:
            if s is None:
                return None, None, None, None
            q = graded.get(id(s))
            if q is None:
                q = graded[id(s)] = stance_quality(s, sources)
            return s.confidence, s.basis, q[0], q[1]

        before = [grade(r["_old"]) for r in rows]
        after = [grade(r["_new"]) for r in rows]
        out = {
            "precision_before": text_column(
                [None if r["_old"] is None else r["_old"].precision for r in rows]
            ),
            "precision_after": text_column(
                [None if r["_new"] is None else r["_new"].precision for r in rows]
            ),
        }
        for k, name in enumerate(("confidence", "basis", "kinds")):
            out[f"{name}_before"] = text_column([b[k] for b in before])
            out[f"{name}_after"] = text_column([a[k] for a in after])
        out["strength"] = text_column(
            weakest([b[3] for b in before], [a[3] for a in after]).tolist()
        )
        return out

    def frames(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        core = self.core
        self.resolve_moves()
        entity_rank = {
            "settings": 0,
            "group": 1,
            "party": 2,
            "issue": 3,
            "source": 4,
            "event": 5,
            "stance": 6,
        }
        far = dt.date.max

        def key(k: int) -> tuple[Any, ...]:
            r = self.rows[k]
            return (
                entity_rank[r["entity"]],
                core.issue_order.get(r["issue"], len(core.issue_order)) if r["issue"] else -1,
                core.party_order.get(r["party"], len(core.party_order)) if r["party"] else -1,
                r["party"] or "",
                r["issue"] or "",
                r["date_after"] or r["date_before"] or far,
                r["id"] or "",
                k,
            )

        order = sorted(range(len(self.rows)), key=key)
        quality = self.quality
        if quality is not None and quality.active:
            # a stance change is kept when every stance it compares passes the filters
            sources = self.sources

            def passes(k: int) -> bool:
                r = self.rows[k]
                sides = (r["_old"], r["_new"])
                return all(s is None or quality.keeps(s, sources) for s in sides)

            order = [k for k in order if passes(k)]
        renumber = {old: new for new, old in enumerate(order)}
        rows = [self.rows[k] for k in order]
        own = CHANGE_COLUMNS[1 : CHANGE_COLUMNS.index("sources") + 1]
        col = {c: [r[c] for r in rows] for c in own}
        changes_frame = pd.DataFrame(
            {
                "change": pd.Series(range(len(rows)), dtype="int64"),
                **{
                    c: text_column(col[c])
                    for c in ("kind", "word", "entity", "id", "party", "issue")
                },
                "date_before": dates_column(col["date_before"]),
                "date_after": dates_column(col["date_after"]),
                "field": text_column(col["field"]),
                "before": _objects(col["before"]),
                "after": _objects(col["after"]),
                "before_text": text_column(col["before_text"]),
                "after_text": text_column(col["after_text"]),
                "sources": text_column(col["sources"]),
                **{
                    c: text_column([r[c] for r in rows])
                    for c in ("axis", "move_text", "toward", "away_from", "word_text")
                },
                **self._quality(rows),
            }
        )
        dcol: dict[str, Any] = self.dirs or {
            c: [] for c in DIRECTION_COLUMNS if not c.startswith("band")
        }
        if len(dcol["change"]) and len(renumber) < len(self.rows):
            kept = np.array([int(c) in renumber for c in dcol["change"]], dtype=bool)
            dcol = {
                c: [x for x, k in zip(v, kept, strict=True) if k]
                if isinstance(v, list)
                else np.asarray(v)[kept]
                for c, v in dcol.items()
            }
        renumbered = np.array([renumber[int(c)] for c in dcol["change"]], dtype="int64")
        po = core.party_order
        other_rank = np.array([po.get(o, len(po)) for o in dcol["other"]], dtype="int64")
        by_other = np.lexsort((other_rank, renumbered)) if len(renumbered) else np.arange(0)
        dcol = {
            c: [v[k] for k in by_other] if isinstance(v, list) else np.asarray(v)[by_other]
            for c, v in dcol.items()
        }
        bands = core.ds.settings.bands
        directions_frame = pd.DataFrame(
            {
                "change": pd.Series(renumbered[by_other], dtype="int64"),
                **{c: text_column(list(dcol[c])) for c in ("issue", "party", "other")},
                "date": dates_column(dcol["date"]),
                "other_prefer": _objects(list(dcol["other_prefer"])),
                "other_text": text_column(dcol["other_text"]),
                **{
                    c: np.array(dcol[c], dtype="float64")
                    for c in ("gap_before", "gap_after", "units_before", "units_after")
                },
                "norm_basis": text_column([core.norm_basis(i) for i in dcol["issue"]]),
                "band_before": text_column(
                    band_words(bands, dcol["gap_before"], dcol.get("_meet_before")).tolist()
                ),
                "band_after": text_column(
                    band_words(bands, dcol["gap_after"], dcol.get("_meet_after")).tolist()
                ),
                "direction": text_column(list(dcol["direction"])),
            }
        )
        return changes_frame, directions_frame


_ZONE_WORD: dict[str | None, str] = {"widened": "widened", "narrowed": "narrowed"}


def _axis(scale: Any, old: Any, new: Any) -> int | None:
    try:
        return scale.axis(old, new) if scale is not None else None
    except (AttributeError, TypeError, ValueError):
        return None


def _move_text(scale: Any, old: Any, new: Any) -> str | None:
    try:
        return scale.move_text(old, new) if scale is not None else None
    except (AttributeError, TypeError, ValueError):
        return None


def _zone_change(core: Core, issue: str, old: Any, new: Any) -> str | None:
    """How a stated acceptable zone changed (``compare_zones``: ``same``, ``widened``,
    ``narrowed``, ``shifted``); None when either side stated none."""
    if old is None or new is None:
        return None
    if old == new:
        return "same"
    scale = core.scale(issue)
    try:
        return scale.compare_zones(old, new) if scale else "shifted"
    except (AttributeError, TypeError, ValueError):
        return "shifted"


def _as_written(core: Core, issue: str, value: Any) -> Any:
    """A value as the YAML writes it (a set as `[a, b]`), for a condition's text."""
    scale = core.scale(issue)
    try:
        v = scale.value_to_data(value) if scale is not None else value
    except (AttributeError, TypeError, ValueError):
        v = value
    return "[" + ", ".join(map(str, v)) + "]" if isinstance(v, list) else v


def _cite(e: Evidence) -> str:
    who = ", ".join(x for x in (e.speaker, e.via) if x)
    return f"{e.quote} ({who})" if who else e.quote


def _objects(values: Sequence[Any]) -> pd.Series:
    arr = np.empty(len(values), dtype=object)
    arr[:] = values
    return pd.Series(arr, dtype=object)


# -- between two dates of one dataset ---------------------------------------------------


def _compare_dates(
    ds: DatasetLike, since: DateLike, until: DateLike | None, net: bool = False
) -> _Builder:
    t0 = to_timestamp(since, "since")
    t1 = to_timestamp(until, "until")
    if t0 is None:
        raise ArgumentError("since is required: give a date, e.g. since='2026-01-07'",
                            "since", since)
    if t1 is not None and t1 < t0:
        raise ArgumentError(f"since ({t0.date()}) is after until ({t1.date()}): swap them",
                            "since", since)
    if net:
        return _compare_snapshots(ds, t0, t1)
    core = ds._core
    trails = _Trails(ds)
    builder = _Builder(core, trails)
    first, last = t0.date(), (t1.date() if t1 is not None else None)
    index = trails._index()
    io, po = core.issue_order, core.party_order
    for issue in sorted(index, key=lambda i: (io.get(i, len(io)), i)):
        by_party = index[issue]
        for party in sorted(by_party, key=lambda p: (po.get(p, len(po)), p)):
            dates, stances = by_party[party]
            lo = bisect.bisect_right(dates, first)
            hi = len(dates) if last is None else bisect.bisect_right(dates, last)
            if lo >= hi:
                continue
            prev = stances[lo - 1] if lo > 0 else None
            if prev is not None and prev.status == "withdrawn":
                prev = None
            for s in stances[lo:hi]:
                _step(builder, prev, s)
                prev = None if s.status == "withdrawn" else s
    return builder


def _first_word(n: Stance) -> str:
    """The word for a stance where the party had none in force: ``new``, or
    ``recorded`` when its date is only "held by" (``precision: before``): first
    recorded then, start unknown, so never news of that date."""
    return "recorded" if n.precision == "before" else "new"


def _step(builder: _Builder, o: Stance | None, n: Stance) -> None:
    """Rows for one step: the stance ``o`` in force (None: none) followed by ``n``."""
    sources = join_ids(e.source for e in n.evidence)
    if n.status == "withdrawn":
        if o is not None:
            builder.add(
                "withdrawn",
                "stance",
                word="dropped",
                party=o.party,
                issue=o.issue,
                date_before=o.date,
                date_after=n.date,
                field="prefer",
                before=o.prefer,
                after=None,
                sources=sources,
                _old=o,
                _new=n,
            )
    elif o is None:
        builder.add(
            "added",
            "stance",
            word=_first_word(n),
            party=n.party,
            issue=n.issue,
            date_after=n.date,
            field="prefer",
            before=None,
            after=n.prefer,
            sources=sources,
            _new=n,
        )
    elif o is not n:
        builder.compare(o, n, same=False)


def _compare_snapshots(ds: DatasetLike, t0: pd.Timestamp, t1: pd.Timestamp | None) -> _Builder:
    """The net change: the snapshot at ``t0`` against the one at ``t1``."""
    from .snapshot import in_force

    core = ds._core
    builder = _Builder(core, _Trails(ds))
    before = in_force(ds, t0)
    after = _in_force_with_withdrawals(ds, t1)
    stances = ds.stances
    old = dict(zip(zip(before["issue"], before["party"], strict=True), before["_i"], strict=True))
    new = dict(zip(zip(after["issue"], after["party"], strict=True), after["_i"], strict=True))
    for key in sorted(
        set(old) | set(new), key=lambda k: (core.issue_order[k[0]], core.party_order[k[1]])
    ):
        o = stances[old[key]] if key in old else None
        n = stances[new[key]] if key in new else None
        if n is not None:
            _step(builder, o, n)
    return builder


def _in_force_with_withdrawals(ds: DatasetLike, when: pd.Timestamp | None) -> pd.DataFrame:
    t = ds._core.table
    mask = t["status"].isin(IN_FORCE).to_numpy().copy()
    if when is not None:
        mask &= (t["date"] <= when).to_numpy()
    return t[mask].drop_duplicates(["issue", "party"], keep="last")


@frozen(eq=False)  # frames: no element-wise ==
class Comparison:
    """What changed between two versions: the classified changes (one row per
    change) and, for every move, its direction against each other party (one
    row per move and other party, joined on ``change``)."""

    changes: pd.DataFrame
    directions: pd.DataFrame
    #: The two versions in words: dates, or the datasets' labels.
    old: str
    new: str


def compare(
    ds: DatasetLike,
    since: DateLike | DatasetLike,
    until: DateLike | None = None,
    *,
    net: bool = False,
    quality: Quality | None = None,
) -> Comparison:
    """Changes to ``ds`` since a date or since another version of it.

    ``since`` a date: every dated step of ``ds`` after it and up to ``until``
    (``net=True``: the snapshot at ``since`` against the one at ``until``).
    ``since`` a :class:`Dataset` (another directory, a git revision): that
    version against ``ds``, both cut at ``until`` when given.  With
    ``quality``, a stance change is kept only when every stance it compares
    passes the filters (docs/api.md)."""
    if isinstance(since, type(ds)):  # another version of the dataset
        if net:
            raise ArgumentError(
                "net=True compares two dates of one dataset; two versions are always compared net",
                "net", net)
        old = since.as_of(until) if until is not None else since
        new = ds.as_of(until) if until is not None else ds
        builder = _compare_datasets(old, new)
        labels = (old.label or "old", new.label or "new")
    else:  # a date: to_timestamp says so when it is not one
        day = cast("DateLike", since)
        builder = _compare_dates(ds, day, until, net)
        t1 = to_timestamp(until, "until")
        labels = (
            to_timestamp(day, "since").date().isoformat(),
            t1.date().isoformat() if t1 is not None else (ds.label or "latest"),
        )
    builder.quality = quality
    frames = builder.frames()
    return Comparison(frames[0], frames[1], *labels)


def changes(
    ds: DatasetLike,
    since: DateLike,
    until: DateLike | None = None,
    *,
    net: bool = False,
    quality: Quality | None = None,
) -> pd.DataFrame:
    """Classified changes between ``since`` and ``until``: every dated step in the
    window, each against the stance in force just before it; with ``net=True``,
    only the snapshot at ``since`` against the one at ``until`` (docs/api.md).
    The changes of :func:`compare`."""
    return compare(ds, since, until, net=net, quality=quality).changes


# -- between two datasets -----------------------------------------------------------------


def _by_key(stances: tuple[Stance, ...]) -> tuple[dict[tuple, Stance], dict[tuple, list[Stance]]]:
    """Stances by (party, issue, date), and, apart, every stance of the keys that
    several stances share (a disputed claim beside another)."""
    keys = [(s.party, s.issue, s.date) for s in stances]
    one = dict(zip(keys, stances, strict=True))
    shared: dict[tuple, list[Stance]] = {}
    if len(one) != len(stances):
        counts = Counter(keys)
        for k, s in zip(keys, stances, strict=True):
            if counts[k] > 1:
                shared.setdefault(k, []).append(s)
    return one, shared


def _pair_up(
    olds: list[Stance], news: list[Stance]
) -> list[tuple[Stance | None, Stance | None]]:
    """Pair stances sharing a key: by status, then by cited sources."""
    if len(olds) == 1 and len(news) == 1:
        return [(olds[0], news[0])]

    def rank(s: Stance) -> tuple[int, tuple[str, ...]]:
        return (_STATUS_RANK.get(s.status, 9), tuple(e.source for e in s.evidence))

    olds, news = sorted(olds, key=rank), sorted(news, key=rank)
    pairs: list[tuple[Stance | None, Stance | None]] = []
    # first exact matches, then by status, then the rest in order
    rest_o, rest_n = list(olds), list(news)
    for o in list(rest_o):
        if o in rest_n:
            rest_n.remove(o)
            rest_o.remove(o)
    for o in list(rest_o):
        same = [n for n in rest_n if n.status == o.status]
        if same:
            rest_n.remove(same[0])
            rest_o.remove(o)
            pairs.append((o, same[0]))
    while rest_o and rest_n:
        pairs.append((rest_o.pop(0), rest_n.pop(0)))
    pairs += [(o, None) for o in rest_o]
    pairs += [(None, n) for n in rest_n]
    return pairs


def _compare_registry(b: _Builder, entity: str, old: Mapping, new: Mapping) -> None:
    for key, item in old.items():
        if key not in new:
            b.add(
                f"{entity}-removed",
                entity,
                id=key,
                before=item,
                after=None,
                before_text=getattr(item, "name", None) or _label(item),
                after_text=None,
            )
    for key, item in new.items():
        if key not in old:
            b.add(
                f"{entity}-added",
                entity,
                id=key,
                before=None,
                after=item,
                before_text=None,
                after_text=getattr(item, "name", None) or _label(item),
            )
        elif old[key] != item:
            before = old[key]
            if not attrs.has(type(item)):
                b.add(f"{entity}-changed", entity, id=key, field="name", before=before, after=item)
                continue
            for f in attrs.fields(type(item)):
                if f.name in ("id", "origin") or not f.eq:
                    continue
                x, y = getattr(before, f.name), getattr(item, f.name)
                if x != y:
                    b.add(
                        f"{entity}-changed",
                        entity,
                        id=key,
                        field=f.name.replace("_", "-"),
                        before=x,
                        after=y,
                        before_text=_field_text(f.name, x),
                        after_text=_field_text(f.name, y),
                    )


def _label(item: Any) -> str:
    return getattr(item, "title", None) or str(item)


def _field_text(name: str, value: Any) -> str | None:
    if value is None:
        return None
    if name == "scale":
        return str(value.to_data())
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, tuple):
        return join_ids(map(str, value))
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _compare_datasets(a: DatasetLike, b: DatasetLike) -> _Builder:
    core = b._core
    builder = _Builder(core, _Trails(b))
    builder.sources = {**a.sources, **b.sources}
    if a.settings != b.settings:
        for f in attrs.fields(type(b.settings)):
            x, y = getattr(a.settings, f.name), getattr(b.settings, f.name)
            if x != y:
                builder.add(
                    "settings-changed",
                    "settings",
                    field=f.name,
                    before=x,
                    after=y,
                    before_text=_field_text(f.name, x),
                    after_text=_field_text(f.name, y),
                )
    _compare_registry(builder, "group", a.groups, b.groups)
    _compare_registry(builder, "party", a.parties, b.parties)
    _compare_registry(builder, "issue", a.issues, b.issues)
    _compare_registry(builder, "source", a.sources, b.sources)
    _compare_registry(builder, "event", a.events, b.events)

    old, old_shared = _by_key(a.stances)
    new, new_shared = _by_key(b.stances)
    for key, o in old.items():
        n = new.get(key)
        if n is None:
            for stance in old_shared.get(key, [o]):
                _removed(builder, stance)
        elif key in old_shared or key in new_shared:
            for x, y in _pair_up(old_shared.get(key, [o]), new_shared.get(key, [n])):
                if x is None:
                    if y is not None:
                        _added(builder, y)
                elif y is None:
                    _removed(builder, x)
                elif x != y:
                    builder.compare(x, y, same=True)
        elif o is not n and o != n:
            builder.compare(o, n, same=True)
    for key, n in new.items():
        if key not in old:
            for stance in new_shared.get(key, [n]):
                _added(builder, stance)
    return builder


def _removed(builder: _Builder, o: Stance) -> None:
    builder.add(
        "removed",
        "stance",
        party=o.party,
        issue=o.issue,
        date_before=o.date,
        field="prefer",
        before=o.prefer,
        after=None,
        sources=join_ids(e.source for e in o.evidence),
        _old=o,
    )


def _added(builder: _Builder, n: Stance) -> None:
    k = builder.add(
        "added",
        "stance",
        party=n.party,
        issue=n.issue,
        date_after=n.date,
        field="prefer",
        before=None,
        after=n.prefer,
        sources=join_ids(e.source for e in n.evidence),
        _new=n,
    )
    row = builder.rows[k]
    if n.status == "withdrawn":
        row["word"] = "dropped"
    elif n.status == "active":
        prev = builder.trails.at(n.issue, n.party, n.date, before=True)
        if prev is None:
            row["word"] = _first_word(n)
        else:
            # the value it replaced, as in ``changes``: the stance in force before it
            row["date_before"] = prev.date
            row["before"] = prev.prefer
            row["before_text"] = builder.text(n.issue, "prefer", prev.prefer)
            row["_old"] = prev
            builder.move(k, prev, n)


def diff(a: DatasetLike, b: DatasetLike, *, quality: Quality | None = None) -> pd.DataFrame:
    """Classified changes from dataset ``a`` to dataset ``b`` (all stances and
    definitions): the changes of ``compare(b, a)``."""
    return compare(b, a, quality=quality).changes
