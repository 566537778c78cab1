"""One definition of the file formats of docs/format.md.

The loader validates each file against these records (:mod:`._structure`) and
``peacetracker schema`` writes JSON Schemas from them (:mod:`._jsonschema`),
so the two cannot drift apart.  Which files make a dataset (the walk and the
folders it skips), the registry keys and the top-level key pattern are defined
here once too: loading and editing both use them.
"""

from __future__ import annotations

import os
import re
from collections.abc import Collection, Iterable
from pathlib import Path
from typing import Any

from attrs import field, frozen

from .._model import (
    AFFILIATIONS,
    BASES,
    CONFIDENCES,
    ISSUE_KINDS,
    MOVES,
    PARTY_KINDS,
    PRECISIONS,
    SALIENCES,
    SOURCE_KINDS,
    STATUSES,
)

__all__ = [
    "FILE_KINDS",
    "ID_PATTERN",
    "REGISTRY",
    "REGISTRY_KEYS",
    "REGISTRY_TABLES",
    "SETTINGS",
    "SETTINGS_FILE",
    "SKIPPED_DIRS",
    "STANCE_FILE",
    "TOP_LEVEL_KEY",
    "YAML_SUFFIXES",
    "Field",
    "Record",
    "classify",
    "classify_keys",
    "classify_text",
    "dataset_files",
    "parse_lines",
    "top_level_keys",
]

#: Ids: lowercase letters and digits, in words joined by single hyphens.
ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
ID_RE = re.compile(ID_PATTERN)


@frozen
class Field:
    """One key of a record.

    ``type`` is one of: ``text``, ``texts`` (a list of text), ``id``, ``ids``,
    ``date``, ``number``, ``choice``, ``value`` (a point on an issue's scale),
    ``zone`` (an acceptable zone), ``claim`` (an id, or a ``record`` backing
    it with evidence), ``claims`` (a list of ``claim``), ``lines``, ``scale``, ``labels`` (id ->
    text), ``bands`` (word -> number), ``records`` (a list of ``record``),
    ``table`` (id -> ``record``) and ``table-of-lists`` (id -> list of ``record``).
    """

    key: str
    type: str
    about: str
    required: bool = False
    choices: tuple[str, ...] = ()
    default: Any = None
    lo: float | None = None
    hi: float | None = None
    record: Record | None = None
    #: What the id refers to (``party``, ``issue`` ...), for ``id``/``ids`` fields.
    refers: str | None = None
    #: For ``records``: the list must hold at least one item.
    nonempty: bool = False
    #: An example, for fixes and the schema.
    example: Any = None


def _fields(fields: Iterable[Field]) -> tuple[Field, ...]:
    return tuple(fields)


@frozen
class Record:
    """A mapping with known keys (a party, a stance, a citation ...)."""

    name: str
    about: str
    fields: tuple[Field, ...] = field(converter=_fields)

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(f.key for f in self.fields)

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(f.key for f in self.fields if f.required)

    def get(self, key: str) -> Field | None:
        for f in self.fields:
            if f.key == key:
                return f
        return None


NOTE = Field("note", "text", "free text")

EVIDENCE = Record("citation", "a verbatim quote from a source", [
    Field("source", "id", "a source id", required=True, refers="source"),
    Field("quote", "text", "the verbatim words from the source", required=True),
    Field("speaker", "text", "who said it"),
    Field("via", "text", "who relayed it"),
    NOTE,
])


def _claim(name: str, key: str, about: str, refers_about: str) -> Record:
    """A structural claim written out with its evidence, like a stance's."""
    return Record(name, about, [
        Field(key, "id", refers_about, required=True, refers="party"),
        Field("basis", "choice", "said, reported or inferred", choices=BASES, default="stated"),
        Field("confidence", "choice", "how sure the editor is", choices=CONFIDENCES,
              default="high"),
        Field("evidence", "records", "one or more citations", required=True, record=EVIDENCE,
              nonempty=True),
        NOTE,
    ])


ENDORSEMENT = _claim("endorsement", "party", "a party that backs the plan, with the evidence",
                     "the endorsing party")
DERIVATION = _claim("derivation", "plan", "the plan this one revises, with the evidence",
                    "the plan revised")

PARTY = Record("party", "someone who takes positions", [
    Field("name", "text", "display name", required=True, example="Northland"),
    Field("kind", "choice", "what kind of party", choices=PARTY_KINDS, default="state"),
    Field("aliases", "texts", "other names the party goes by", example=["the North"]),
    Field("members", "ids", "party ids of a coalition's or bloc's members", refers="party"),
    Field("endorsed-by", "claims", "for a plan: the parties that back it (ids, or "
          "endorsements with evidence)", refers="party", record=ENDORSEMENT),
    Field("derived-from", "claim", "for a plan: the plan it revises (an id, or a derivation "
          "with evidence)", refers="party", record=DERIVATION),
    Field("capability", "number", "relative capability, 0..100 (compromise model)", lo=0, hi=100),
    NOTE,
])

ISSUE = Record("issue", "what is negotiated, and on what scale", [
    Field("name", "text", "short display name", required=True),
    Field("question", "text", "the question a stance answers", required=True),
    Field("scale", "scale", "how stances compare", required=True,
          example={"type": "yesno"}),
    Field("group", "id", "a group id from groups:", refers="group"),
    Field("kind", "choice", "term: a term of a possible deal; context: a question about the "
          "talks (a fact, an assessment, an intention; compared, never a zone of agreement)",
          choices=ISSUE_KINDS, default="term"),
    Field("salience", "choice", "how much the issue matters to the talks", choices=SALIENCES),
    Field("salience-evidence", "records", "citations that back the salience",
          record=EVIDENCE, nonempty=True),
    NOTE,
])

SOURCE = Record("source", "a dated document that stances cite", [
    Field("kind", "choice", "what kind of document", required=True, choices=SOURCE_KINDS),
    Field("outlet", "text", "who published it; left out when the document names no outlet"),
    Field("affiliation", "choice", "who stands behind the outlet", choices=AFFILIATIONS),
    Field("title", "text", "its title, or its first line", required=True),
    Field("published", "date", "publication date", required=True, example="2026-01-05"),
    Field("precision", "choice", "how precise the publication date is", choices=PRECISIONS,
          default="day"),
    Field("url", "text", "address, where known"),
    Field("path", "text", "the stored text, relative to the dataset directory",
          example="texts/article.txt"),
    Field("lines", "lines", "the 1-based inclusive line range of this article in the stored file",
          example="1-40"),
    Field("author", "text", "byline"),
    NOTE,
])

EVENT = Record("event", "something that happened", [
    Field("date", "date", "when it happened", required=True),
    Field("title", "text", "what happened", required=True),
    Field("parties", "ids", "party ids involved", refers="party"),
    Field("sources", "ids", "source ids that report it", refers="source"),
    NOTE,
])

CONDITION = Record("condition", "the stance holds only if another issue is settled so", [
    Field("issue", "id", "the issue the stance is tied to", required=True, refers="issue"),
    Field("value", "value", "the value on that issue's scale", required=True),
    NOTE,
])

STANCE = Record("stance", "one party's position on one issue as of a date", [
    Field("date", "date", "when the party held this stance", required=True,
          example="2026-01-05"),
    Field("precision", "choice", "how precise the date is", choices=PRECISIONS, default="day"),
    Field("prefer", "value", "the preferred point, in the scale's terms"),
    Field("accept", "zone", "what the party would accept"),
    Field("salience", "number", "how much the issue matters to the party, 0..100", lo=0, hi=100),
    Field("move", "choice", "what kind of move it is", choices=MOVES),
    Field("conditions", "records", "other issues this stance is tied to", record=CONDITION),
    Field("confidence", "choice", "how sure the editor is", choices=CONFIDENCES,
          default="high"),
    Field("basis", "choice", "said, reported or inferred", choices=BASES, default="stated"),
    Field("status", "choice", "active, withdrawn, deprecated or disputed", choices=STATUSES,
          default="active"),
    Field("reason", "text", "why a stance is deprecated or disputed"),
    Field("event", "id", "an event id that explains this stance", refers="event"),
    Field("evidence", "records", "one or more citations", required=True, record=EVIDENCE,
          nonempty=True),
    NOTE,
])

SETTINGS = Record("settings", "dataset settings (peacetracker.yaml)", [
    Field("title", "text", "a title for reports"),
    Field("description", "text", "what the dataset covers"),
    Field("bands", "bands", "words for normalised gaps, each with its upper bound",
          example={"agreed": 0, "close": 0.25, "apart": 0.6, "far apart": 1}),
    Field("focus", "ids", "the parties the report leads with (default: the two non-plan "
          "parties with the most stances)", refers="party", example=["ukraine", "russia"]),
    Field("issue-order", "ids", "issues in order of importance, most important first, for "
          "the report (before issue salience)", refers="issue"),
])

REGISTRY = Record("registry file", "parties, issues, groups, sources and events", [
    Field("parties", "table", "who takes positions", record=PARTY),
    Field("issues", "table", "what is negotiated", record=ISSUE),
    Field("groups", "labels", "issue groups: id -> display name"),
    Field("sources", "table", "the documents stances cite", record=SOURCE),
    Field("events", "table", "summits, attacks, drafts published", record=EVENT),
])

STANCE_FILE = Record("stance file", "one party's stances, by issue", [
    Field("party", "id", "the party whose stances these are", required=True, refers="party"),
    Field("stances", "table-of-lists", "issue id -> the party's dated stances on it",
          required=True, record=STANCE),
])

#: The top-level keys that make a file a registry file.
REGISTRY_KEYS: tuple[str, ...] = REGISTRY.keys
#: Registry key -> what one entry of its table is (``groups`` are labels, no table).
REGISTRY_TABLES: dict[str, str] = {
    f.key: f.record.name for f in REGISTRY.fields if f.type == "table" and f.record
}

#: File kind -> its record.
FILE_KINDS: dict[str, Record] = {
    "settings": SETTINGS,
    "registry": REGISTRY,
    "stances": STANCE_FILE,
}

#: The settings file, by name, at the dataset root.
SETTINGS_FILE = "peacetracker.yaml"


def classify(relpath: str, data: Any) -> str | None:
    """``settings``, ``registry`` or ``stances`` for a file's top-level data, or None.

    The one rule of which file is which (loading, editing and the quick look
    at a dataset's root all ask it): the settings are ``peacetracker.yaml`` at
    the root, and only there; a mapping with ``party:`` or ``stances:`` is a
    stance file; one with a registry key, a registry file.
    """
    if relpath == SETTINGS_FILE:
        return "settings"
    if not isinstance(data, dict):
        return None
    return classify_keys(relpath, data.keys())


def classify_keys(relpath: str, keys: Collection[Any]) -> str | None:
    """:func:`classify` for a mapping with top-level ``keys`` (e.g. those of
    :func:`top_level_keys`, read without parsing the file)."""
    if relpath == SETTINGS_FILE:
        return "settings"
    if "party" in keys or "stances" in keys:
        return "stances"
    if any(key in keys for key in REGISTRY_KEYS):
        return "registry"
    return None


def classify_text(relpath: str, text: str | bytes) -> str | None:
    """:func:`classify` from a file's text, read without parsing it (by its
    top-level keys); settings without reading it."""
    if relpath == SETTINGS_FILE:
        return "settings"
    return classify_keys(relpath, top_level_keys(text))


# -- which files make a dataset ---------------------------------------------------

#: Folders never read for YAML (besides those whose name starts with a dot).
SKIPPED_DIRS = frozenset({"texts", "schema"})
#: The suffixes of a dataset's YAML files.
YAML_SUFFIXES = (".yaml", ".yml")


def dataset_files(root: str | os.PathLike[str]) -> list[str]:
    """Relative POSIX paths of the dataset's YAML files, sorted: every
    ``.yaml``/``.yml`` file below ``root`` but dot files and those in dot
    folders, ``texts/`` and ``schema/`` (links to folders are not followed)."""
    found = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in SKIPPED_DIRS)
        rel = Path(folder).relative_to(root)
        for name in files:
            if name.endswith(YAML_SUFFIXES) and not name.startswith("."):
                found.append((rel / name).as_posix())
    return sorted(found)


#: A key at the top level of a YAML file, as written at the start of a line (YAML
#: allows blanks before the colon: ``parties :`` is the key ``parties``).
TOP_LEVEL_KEY = r"^([A-Za-z_-]+)[ \t]*:"
_TOP_KEY = re.compile(TOP_LEVEL_KEY, re.M)
_TOP_KEY_BYTES = re.compile(TOP_LEVEL_KEY.encode(), re.M)


def top_level_keys(text: str | bytes) -> set[str]:
    r"""The top-level keys of a YAML text, read without parsing it (a leading
    byte order mark is skipped).

    >>> sorted(top_level_keys("\ufeffparties:\n  x: {}\nissues :\n"))
    ['issues', 'parties']
    """
    if isinstance(text, bytes):
        return {k.decode() for k in _TOP_KEY_BYTES.findall(text.removeprefix(b"\xef\xbb\xbf"))}
    return set(_TOP_KEY.findall(text.removeprefix("\ufeff")))


def parse_lines(value: Any) -> tuple[int, int] | None:
    """A source's ``lines`` (``7``, or ``"1-40"``) as (first, last), 1-based and
    inclusive; None when it is no line range.

    >>> parse_lines("3 - 9"), parse_lines(7), parse_lines("9-3"), parse_lines(True)
    ((3, 9), (7, 7), None, None)
    """
    if isinstance(value, int) and not isinstance(value, bool):
        return (value, value) if value >= 1 else None
    if isinstance(value, str):
        m = re.match(r"^\s*(\d+)\s*-\s*(\d+)\s*$", value)
        if m and 1 <= int(m.group(1)) <= int(m.group(2)):
            return int(m.group(1)), int(m.group(2))
    return None
