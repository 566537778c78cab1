"""Gaps between pairs of parties, issue by issue, and the party-by-party
distance matrix aggregated over issues (weighted by salience)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, cast

import numpy as np
import pandas as pd

from ._core import Core, DateLike, band_words, text_column
from ._quality import Quality, weakest
from .snapshot import in_force

if TYPE_CHECKING:
    from ._core import DatasetLike

#: Party or issue ids (or one id); None for all.
Ids = Iterable[str] | str | None

__all__ = ["DEFAULT_WEIGHT", "GAP_COLUMNS", "distance_matrix", "distances", "gaps", "pair_gaps"]

#: Weight of an issue for a pair when neither party stated a salience (the middle of 0..100).
DEFAULT_WEIGHT = 50.0

GAP_COLUMNS = (
    "issue",
    "group",
    "scale",
    "unit",
    "party_a",
    "party_b",
    "date_a",
    "date_b",
    "prefer_a",
    "prefer_b",
    "text_a",
    "text_b",
    "gap",
    "gap_norm",
    "norm_basis",
    "zones_meet",
    "band",
    "salience_a",
    "salience_b",
    "salience",
    "sources_a",
    "sources_b",
    "quote_a",
    "quote_b",
    "speaker_a",
    "speaker_b",
    "outlet_a",
    "outlet_b",
    "published_a",
    "published_b",
    "confidence_a",
    "confidence_b",
    "basis_a",
    "basis_b",
    "kinds_a",
    "kinds_b",
    "strength_a",
    "strength_b",
    "strength",
)


def pair_gaps(
    core: Core,
    issues: np.ndarray,
    prefer_a: np.ndarray,
    prefer_b: np.ndarray,
    x_a: np.ndarray,
    x_b: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Gaps (units, normalised) for aligned arrays of pairs: each issue's rows
    go to its scale's vectorised :meth:`Scale.gaps` (no switch on the type here).

    ``x_*`` are positions on the scale's line (:meth:`Core.position`); a missing
    point (None) gives NaN.
    """
    n = len(issues)
    units = np.full(n, np.nan)
    norm = np.full(n, np.nan)
    if not n:
        return units, norm
    codes, uniq = pd.factorize(np.asarray(issues, dtype=object))
    order = np.argsort(codes, kind="stable")
    bounds = np.flatnonzero(np.diff(codes[order])) + 1
    for rows in np.split(order, bounds):
        scale = core.scale(uniq[codes[rows[0]]])
        if scale is None:
            continue
        u, g = scale.gaps(prefer_a[rows], prefer_b[rows], x_a[rows], x_b[rows])
        units[rows], norm[rows] = u, g
    return units, norm


#: Evidence-quality columns of the stance table, given per side.
_QUALITY = ("confidence", "basis", "kinds", "strength")


def _side_frame(snap: pd.DataFrame, core: Core, suffix: str) -> pd.DataFrame:
    """The columns of one side of a pair, from the snapshot, with the first citation."""
    first = core.evidence[core.evidence["n"] == 0].set_index("_i")
    cite = first.reindex(snap["_i"].to_numpy())
    side = pd.DataFrame(
        {
            "party": snap["party"].array,
            "date": snap["date"].array,
            "prefer": snap["prefer"].array,
            "text": snap["prefer_text"].array,
            "salience": snap["salience"].array,
            "sources": snap["sources"].array,
            "zone": snap["zone"].array,
            **{c: snap[c].array for c in _QUALITY},
            "_po": snap["_po"].array,
            "_io": snap["_io"].array,
            "_x": snap["_x"].array,
            **{c: cite[c].array for c in ("quote", "speaker", "outlet", "published")},
        }
    ).add_suffix(suffix)
    side.insert(0, "issue", snap["issue"].array)
    return side


def gaps(
    ds: DatasetLike,
    *,
    parties: Iterable[str] | str | None = None,
    issues: Iterable[str] | str | None = None,
    as_of: DateLike | None = None,
    missing: bool = False,
    quality: Quality | None = None,
) -> pd.DataFrame:
    """One row per issue and pair of parties with stances in force (docs/api.md);
    with ``quality``, only stances that pass its filters take part."""
    core = ds._core
    snap = core.keep(in_force(ds, as_of, parties, issues), quality)
    left = _side_frame(snap, core, "_a")
    right = _side_frame(snap, core, "_b")
    if missing:
        pairs = _all_pairs(core, snap, parties, issues)
        frame = pairs.merge(left, on=["issue", "party_a"], how="left").merge(
            right, on=["issue", "party_b"], how="left"
        )
    else:
        a, b = _pair_rows(snap["_io"].to_numpy(dtype="int64"))
        frame = pd.concat(
            [left.iloc[a].reset_index(drop=True), right.iloc[b, 1:].reset_index(drop=True)],
            axis=1,
        )
    return _finish(core, frame.reset_index(drop=True), missing)


def _pair_rows(issue_order: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Row positions (a, b) of every pair of rows on the same issue, a before b,
    for rows sorted by issue and then party: in issue, a's and b's party order."""
    n = len(issue_order)
    starts = np.flatnonzero(np.append(True, issue_order[1:] != issue_order[:-1]))[:n]
    ends = np.append(starts[1:], n)[: len(starts)]
    parts = [np.triu_indices(hi - lo, k=1) for lo, hi in zip(starts, ends, strict=True)]
    if not parts:
        return np.zeros(0, "int64"), np.zeros(0, "int64")
    a = np.concatenate([i + lo for (i, _), lo in zip(parts, starts, strict=True)])
    b = np.concatenate([j + lo for (_, j), lo in zip(parts, starts, strict=True)])
    return a.astype("int64"), b.astype("int64")


def _all_pairs(core: Core, snap: pd.DataFrame, parties: Ids, issues: Ids) -> pd.DataFrame:
    """Every issue x pair of parties considered (for ``missing=True``)."""
    plist = core.check_parties(parties)
    if plist is None:
        plist = list(pd.unique(snap["party"].to_numpy(dtype=object)))
    plist = sorted(plist, key=core.party_order.__getitem__)
    ilist = core.check_issues(issues)
    if ilist is None:
        ilist = list(pd.unique(snap["issue"].to_numpy(dtype=object)))
    ilist = sorted(ilist, key=core.issue_order.__getitem__)
    a_idx, b_idx = np.triu_indices(len(plist), k=1)
    names = np.array(plist, dtype=object)
    n = len(a_idx)
    return pd.DataFrame(
        {
            "issue": np.repeat(np.array(ilist, dtype=object), n),
            "party_a": np.tile(names[a_idx], len(ilist)),
            "party_b": np.tile(names[b_idx], len(ilist)),
        }
    )


def _finish(core: Core, f: pd.DataFrame, missing: bool) -> pd.DataFrame:
    ds = core.ds
    issues = f["issue"].to_numpy(dtype=object)
    uniq = pd.unique(issues)
    pa = f["prefer_a"].to_numpy(dtype=object)
    pb = f["prefer_b"].to_numpy(dtype=object)
    if missing:  # the merge fills the missing side with NaN
        pa, pb = _objects(pa), _objects(pb)
    units, norm = pair_gaps(
        core,
        issues,
        pa,
        pb,
        f["_x_a"].to_numpy(dtype="float64"),
        f["_x_b"].to_numpy(dtype="float64"),
    )
    meet = _zones_meet(
        core, issues, f["zone_a"].to_numpy(dtype=object), f["zone_b"].to_numpy(dtype=object)
    )
    sal_a = f["salience_a"].to_numpy(dtype="float64")
    sal_b = f["salience_b"].to_numpy(dtype="float64")
    with np.errstate(invalid="ignore"):
        sal = np.where(
            np.isnan(sal_a), sal_b, np.where(np.isnan(sal_b), sal_a, (sal_a + sal_b) / 2)
        )
    meta = {
        key: {i: fn(i) for i in uniq}
        for key, fn in (
            ("group", lambda i: ds.issues[i].group if i in ds.issues else None),
            ("unit", lambda i: getattr(core.scale(i), "unit", None)),
            ("scale", core.scale_type),
            ("norm_basis", core.norm_basis),
        )
    }

    def per_issue(key: str) -> pd.Series:
        lookup = meta[key]
        return pd.Series([lookup[i] for i in issues], dtype="str")

    def text(col: str) -> pd.Series:
        return f[col].astype("str").reset_index(drop=True)

    def dates(col: str) -> np.ndarray:
        return f[col].to_numpy().astype("datetime64[ns]")

    out = pd.DataFrame(
        {
            "issue": text("issue"),
            "group": per_issue("group"),
            "scale": per_issue("scale"),
            "unit": per_issue("unit"),
            "party_a": text("party_a"),
            "party_b": text("party_b"),
            "date_a": dates("date_a"),
            "date_b": dates("date_b"),
            "prefer_a": pd.Series(pa, dtype=object),
            "prefer_b": pd.Series(pb, dtype=object),
            "text_a": text("text_a"),
            "text_b": text("text_b"),
            "gap": units,
            "gap_norm": norm,
            "norm_basis": per_issue("norm_basis"),
            "zones_meet": meet,
            "band": pd.Series(band_words(ds.settings.bands, norm, meet), dtype="str"),
            "salience_a": sal_a,
            "salience_b": sal_b,
            "salience": sal,
            **{
                f"{col}_{side}": text(f"{col}_{side}")
                for col in ("sources", "quote", "speaker", "outlet")
                for side in ("a", "b")
            },
            "published_a": dates("published_a"),
            "published_b": dates("published_b"),
            **{f"{c}_{side}": text(f"{c}_{side}") for c in _QUALITY for side in ("a", "b")},
        }
    )
    out["strength"] = text_column(
        weakest(f["strength_a"].to_numpy(dtype=object), f["strength_b"].to_numpy(dtype=object))
    ).array
    if len(out):
        if missing:
            po, io = core.party_order, core.issue_order
            keys = [
                np.array([po[p] for p in f["party_b"].to_numpy(dtype=object)]),
                np.array([po[p] for p in f["party_a"].to_numpy(dtype=object)]),
                np.array([io[i] for i in issues]),
            ]
        else:
            keys = [f[c].to_numpy(dtype="int64") for c in ("_po_b", "_po_a", "_io_a")]
        order = np.lexsort(keys)
        if not np.array_equal(order, np.arange(len(order))):  # already in order: no copy
            out = out.iloc[order].reset_index(drop=True)
    return out.loc[:, list(GAP_COLUMNS)]


def _zones_meet(core: Core, issues: np.ndarray, za: np.ndarray, zb: np.ndarray) -> np.ndarray:
    """Per pair: whether both zones (stated, or assumed from the preferred point)
    share a position, by the issue's scale (:meth:`Scale.zones_meet`, the rule
    overlaps follow too); False where either side has none."""
    out = np.zeros(len(issues), dtype=bool)
    cache: dict[tuple, bool] = {}
    for k, (issue, a, b) in enumerate(zip(issues, za, zb, strict=True)):
        if a is None or b is None or isinstance(a, float) or isinstance(b, float):
            continue
        key = (issue, a, b)
        hashable = True
        try:
            hit = cache.get(key)
        except TypeError:
            hashable, hit = False, None
        if hit is None:
            scale = core.scale(issue)
            hit = bool(scale is not None and scale.zones_meet(a, b))
            if hashable:
                cache[key] = hit
        out[k] = hit
    return out


def _objects(values: np.ndarray) -> np.ndarray:
    """An object array with None (not NaN) for missing values."""
    arr = np.empty(len(values), dtype=object)
    arr[:] = [None if (v is None or (isinstance(v, float) and np.isnan(v))) else v for v in values]
    return arr


def distances(
    ds: DatasetLike,
    *,
    parties: Iterable[str] | str | None = None,
    issues: Iterable[str] | str | None = None,
    as_of: DateLike | None = None,
) -> pd.DataFrame:
    """Every ordered pair of parties (and each with itself): the salience-weighted
    mean normalised gap over the issues both addressed (docs/api.md)."""
    core = ds._core
    g = gaps(ds, parties=parties, issues=issues, as_of=as_of)
    names = _matrix_parties(ds, as_of, parties, issues)
    w = g["salience"].fillna(DEFAULT_WEIGHT).to_numpy(dtype="float64")
    x = g["gap_norm"].to_numpy(dtype="float64")
    keep = ~np.isnan(x)
    g = pd.DataFrame(
        {
            "a": g["party_a"].to_numpy()[keep],
            "b": g["party_b"].to_numpy()[keep],
            "w": w[keep],
            "wx": (w * x)[keep],
            "x": x[keep],
        }
    )
    both = pd.concat([g, g.rename(columns={"a": "b", "b": "a"})], ignore_index=True)
    agg = both.groupby(["a", "b"], sort=False).agg(
        w=("w", "sum"), wx=("wx", "sum"), x=("x", "mean"), n=("x", "size")
    )
    with np.errstate(invalid="ignore", divide="ignore"):
        dist = np.where(agg["w"] > 0, agg["wx"] / agg["w"], agg["x"])
    agg = agg.assign(d=dist)
    idx = pd.MultiIndex.from_product([names, names], names=["a", "b"])
    full = agg.reindex(idx)
    diag = full.index.get_level_values(0) == full.index.get_level_values(1)
    d = full["d"].to_numpy(dtype="float64").copy()
    d[diag] = 0.0
    counts = full["n"].fillna(0).to_numpy(dtype="int64")
    if diag.any():
        per_party = _issue_counts(ds, as_of, parties, issues)
        counts[diag] = [per_party.get(p, 0) for p in full.index.get_level_values(0)[diag]]
    return pd.DataFrame(
        {
            "party_a": text_column(full.index.get_level_values(0).tolist()),
            "party_b": text_column(full.index.get_level_values(1).tolist()),
            "distance": d,
            "issues": counts,
            "weight": full["w"].fillna(0.0).to_numpy(dtype="float64"),
            "band": text_column(band_words(core.ds.settings.bands, d).tolist()),
        }
    )


def _issue_counts(
    ds: DatasetLike, as_of: DateLike | None, parties: Ids, issues: Ids
) -> dict[str, int]:
    snap = in_force(ds, as_of, parties, issues)
    return cast(dict[str, int], snap.groupby("party", sort=False).size().to_dict())


def _matrix_parties(
    ds: DatasetLike, as_of: DateLike | None, parties: Ids, issues: Ids
) -> list[str]:
    core = ds._core
    plist = core.check_parties(parties)
    if plist is None:
        plist = list(pd.unique(in_force(ds, as_of, None, issues)["party"]))
    return sorted(plist, key=core.party_order.__getitem__)


def distance_matrix(
    ds: DatasetLike,
    *,
    parties: Iterable[str] | str | None = None,
    issues: Iterable[str] | str | None = None,
    as_of: DateLike | None = None,
) -> pd.DataFrame:
    """The distances as a square frame: index and columns are party ids."""
    long = distances(ds, parties=parties, issues=issues, as_of=as_of)
    names = _matrix_parties(ds, as_of, parties, issues)
    n = len(names)
    values = long["distance"].to_numpy(dtype="float64").reshape(n, n) if n else np.zeros((0, 0))
    return pd.DataFrame(
        values, index=pd.Index(names, name="party"), columns=pd.Index(names, name="other")
    )
