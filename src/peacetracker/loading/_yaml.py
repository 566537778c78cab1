"""Safe YAML reading: plain data only, bounded, with every problem located.

Files are parsed by ruamel.yaml's C-backed safe loader (``YAML(typ="safe",
pure=False)``).  Before parsing, a file is checked for size, encoding, NUL
bytes, emptiness and tabs in its indentation; while parsing, any explicit tag
that would build an object (``!!python/...``, ``!!binary``, ``!!set``, local
``!tags``) is an error, duplicate keys are reported with both lines, and
aliases are bounded (no "billion laughs").  Impossible dates such as
``2026-02-30`` load as :class:`ImpossibleDate` strings so the validator can
name them instead of the whole file failing.
"""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Iterator, Sequence
from typing import Any, cast

from attrs import field, frozen
from ruamel.yaml import YAML
from ruamel.yaml.constructor import ConstructorError, DuplicateKeyError, SafeConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.resolver import VersionedResolver
from ruamel.yaml.tag import Tag

from ..errors import PeacetrackerError

__all__ = [
    "MAX_ALIAS_NODES",
    "MAX_DEPTH",
    "MAX_FILE_BYTES",
    "Finding",
    "ImpossibleDate",
    "Parsed",
    "compose",
    "parse",
    "release",
    "too_deep",
]

#: Build plain data straight from the composed tree where ruamel's constructor
#: is not needed (tests turn it off to compare both).
FAST = True

#: Largest YAML file read, in bytes.
MAX_FILE_BYTES = 32 * 1024 * 1024
#: Most values a file with aliases may expand to (beyond its own size in bytes).
MAX_ALIAS_NODES = 10_000
#: Deepest nesting of lists and mappings in a file.  libyaml's composer (C)
#: recurses once per level and overflows the C stack (a segfault, no
#: exception) somewhere past 25,000 levels: a file is measured before it
#: composes.  The format itself nests a few levels.
MAX_DEPTH = 1_000

_STD = "tag:yaml.org,2002:"
#: Tags that build plain data.  Anything else (explicit) is refused.
ALLOWED_TAGS = frozenset(
    _STD + t for t in ("null", "bool", "int", "float", "str", "seq", "map", "timestamp", "merge")
)


class ImpossibleDate(str):
    """A scalar that looks like a date but does not exist (``2026-02-30``)."""

    __slots__ = ()


class _Constructor(SafeConstructor):
    """The safe constructor, minus the tags that build non-plain objects, with
    impossible dates kept as :class:`ImpossibleDate` strings."""


def _timestamp(self: SafeConstructor, node: ScalarNode) -> Any:
    try:
        return SafeConstructor.construct_yaml_timestamp(self, node)
    except ValueError:
        return ImpossibleDate(node.value)


def _refuse(self: SafeConstructor, node: Node) -> Any:
    raise ConstructorError(None, None, f"tag {node.tag} not allowed", node.start_mark)


#: While a file loads: id(mapping) -> its node (for the positions of its keys and values).
_NODES = threading.local()


def _mapping(self: SafeConstructor, node: MappingNode) -> Any:
    data: dict[Any, Any] = {}
    nodes = getattr(_NODES, "nodes", None)
    if nodes is not None:
        nodes[id(data)] = node
    yield data
    data.update(self.construct_mapping(node))


_Constructor.add_constructor(_STD + "map", _mapping)
_Constructor.add_constructor(_STD + "timestamp", _timestamp)
for _tag in ("binary", "set", "omap", "pairs"):
    _Constructor.add_constructor(_STD + _tag, _refuse)


class _Resolver(VersionedResolver):
    """ruamel's resolver, with the YAML version's rules looked up once per
    loader instead of once per scalar.  (Under the C parser ruamel re-derives
    the version for every scalar through failing attribute lookups, which is
    a third of the parse time; the C parser has no ``%YAML`` directives, so
    the version is always the default and caching it changes nothing.)"""

    _rules: Any = None

    @property
    def versioned_resolver(self) -> Any:
        if self._rules is None:
            self._rules = super().versioned_resolver
        return self._rules

    _version: Any = None

    @property
    def processing_version(self) -> Any:
        # Asked for every number read (ruamel finds it through failing lookups).
        if self._version is None:
            self._version = super().processing_version
        return self._version

    #: First character of a plain scalar -> the rules that may match it, in
    #: ruamel's order, with shared tag objects (the same for every loader: the
    #: C parser always reads the default YAML version).
    _plan: dict[str | None, tuple[Any, ...]] | None = None

    def _make_plan(self) -> dict[str | None, tuple[Any, ...]]:
        rules = self.versioned_resolver
        anywhere = tuple((_shared_tag(t), r) for t, r in rules.get(None, ()))
        plan: dict[str | None, tuple[Any, ...]] = {
            first: (*((_shared_tag(t), r) for t, r in found), *anywhere)
            for first, found in rules.items() if first is not None
        }
        plan[None] = anywhere
        _Resolver._plan = plan  # (self's class is made anew for every load)
        return plan

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        """As ruamel's, with the same rules in the same order (a test compares
        them on any document), but each scalar looked up by its first
        character in a plan made once, one shared tag object per tag (the
        fast builder tells them apart without formatting a tag per scalar),
        and no path resolvers (none are registered)."""
        if kind is ScalarNode:
            if implicit[0]:
                plan = self._plan or self._make_plan()
                for tag, regexp in plan.get(value[0] if value else "", plan[None]):
                    if regexp.match(value):
                        return tag
            return self.DEFAULT_SCALAR_TAG
        if kind is MappingNode:
            return self.DEFAULT_MAPPING_TAG
        return self.DEFAULT_SEQUENCE_TAG

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        """Nothing to do: no path resolvers are registered."""

    def ascend_resolver(self) -> None:
        """Nothing to do: no path resolvers are registered."""


_TAGS: dict[str, Tag] = {}


def _shared_tag(tag: str) -> Tag:
    found = _TAGS.get(tag)
    if found is None:
        found = _TAGS[tag] = Tag(suffix=tag)
    return found


class _Fallback(PeacetrackerError):
    """The fast builder met something it leaves to ruamel's constructor."""

    slug = "yaml-fallback"


_STR, _SEQ, _MAP = _STD + "str", _STD + "seq", _STD + "map"
#: Scalar tags the fast builder hands to the constructor's own function.
_SCALAR_TAGS = frozenset(_STD + t for t in ("null", "bool", "int", "float", "timestamp"))


def _build(root: Node, loader: Any, nodes: dict[int, MappingNode],
           odd: list[ScalarNode] | None = None) -> Any:
    """Plain data from a composed tree, as ruamel's safe constructor builds it,
    for documents without anchors, merge keys, duplicate keys or tags beyond
    the plain ones (anything else raises _Fallback: the caller lets ruamel's
    constructor do it, and report what is wrong).  Several times faster: no
    generator, no tag formatting, no dispatch per node."""
    constructors = loader.yaml_constructors

    def build(node: Node) -> Any:
        cls = type(node)
        ctag = node.ctag
        tag = ctag.suffix if ctag.handle is None else str(ctag)
        if cls is ScalarNode:
            if tag == _STR:
                return node.value
            if tag in _SCALAR_TAGS:
                return constructors[tag](loader, node)
            raise _Fallback
        if cls is MappingNode and tag == _MAP:
            data: dict[Any, Any] = {}
            nodes[id(data)] = cast(MappingNode, node)
            for key_node, value_node in node.value:
                key = build(key_node)
                if type(key) is not str and odd is not None and _odd_number(key_node):
                    odd.append(key_node)
                try:
                    if key in data:
                        raise _Fallback
                except TypeError:  # unhashable
                    raise _Fallback from None
                data[key] = build(value_node)
            return data
        if cls is SequenceNode and tag == _SEQ:
            return [build(item) for item in node.value]
        raise _Fallback

    try:
        return build(root)
    finally:
        # ``build`` refers to itself through its closure: break that cycle, or it
        # keeps the loader and every node alive while the collector is off.
        build = None  # type: ignore[assignment]  # (drops the closure's self-reference)


def _fast_load(text: str) -> tuple[Any, dict[int, MappingNode], list[Finding]] | None:
    """The data and mapping nodes of ``text`` by composing it (C) and building
    the data directly, with a ``number-key`` finding for each key written as a
    number that does not read back as written; None when the file needs
    ruamel's constructor (anchors, merge keys, duplicate keys, tags) or does
    not parse (the slow path then reports why, exactly as before)."""
    if "&" in text or "<<" in text:
        return None
    yaml = _yaml()
    odd: list[ScalarNode] = []
    try:
        root = yaml.compose(text)
        nodes: dict[int, MappingNode] = {}
        data = _build(root, yaml._scanner, nodes, odd) if root is not None else None
    except (_Fallback, YAMLError, RecursionError, ValueError, TypeError):
        return None
    finally:
        release(yaml)
    return data, nodes, [_number_key(node) for node in odd]


def release(yaml: YAML) -> None:
    """Break the reference cycles a load leaves behind (ruamel's C-backed loader
    refers to itself), so the loader and the text it holds are freed at once,
    even while the cyclic collector is off (as it is during ``check``)."""
    loader = getattr(yaml, "_scanner", None)
    if loader is not None and hasattr(loader, "__dict__"):
        vars(loader).clear()
    vars(yaml).clear()


def _yaml(allow_duplicates: bool = False) -> YAML:
    yaml = YAML(typ="safe", pure=False)
    yaml.Constructor = _Constructor
    yaml.Resolver = _Resolver
    yaml.allow_duplicate_keys = allow_duplicates
    return yaml


@frozen
class Finding:
    """A problem found while reading: a rule slug and its parameters, at a
    1-based line and column (or at a key path, located later)."""

    rule: str
    params: dict[str, Any] = field(factory=dict)
    line: int = 1
    col: int = 1


@frozen
class Parsed:
    """The outcome of :func:`parse`: the data (None when the file cannot be
    used), the decoded text, and what went wrong."""

    data: Any
    text: str | None
    findings: tuple[Finding, ...] = ()
    #: id(mapping) -> its YAML node, for every mapping in ``data`` (marks of keys
    #: and values); only valid while ``data`` is alive.
    nodes: dict[int, MappingNode] = field(factory=dict, repr=False, eq=False)


def _line_col_of_byte(data: bytes, offset: int) -> tuple[int, int]:
    line = data.count(b"\n", 0, offset) + 1
    col = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
    return line, col


def decode(data: bytes) -> tuple[str | None, Finding | None]:
    """UTF-8 text (a BOM is fine), or a finding saying why it is not text."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, Finding("encoding", {"detail": "it starts with a UTF-16 byte-order mark"})
    if b"\x00" in data:
        line, col = _line_col_of_byte(data, data.index(b"\x00"))
        return None, Finding("binary", {}, line, col)
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as err:
        line, col = _line_col_of_byte(data, err.start)
        detail = f"byte 0x{data[err.start]:02x} is not valid UTF-8"
        return None, Finding("encoding", {"detail": detail}, line, col)


def _tab_findings(text: str) -> list[Finding]:
    """A ``tab`` finding for each line with a tab in the indentation of YAML
    block structure; a tab that starts the text of a multi-line scalar (a
    ``note: |`` line, the next line of a long quote) is text, and one inside a
    ``[list]`` or ``{mapping}`` written over lines only separates."""
    lines = text.split("\n")
    tabbed = {}
    for number, line in enumerate(lines):
        lead = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in lead:
            tabbed[number] = lead
    if not tabbed:
        return []
    text_lines = _scalar_text_lines(lines, tabbed)
    return [
        Finding("tab", {}, number + 1, lead.index("\t") + 1)
        for number, lead in tabbed.items()
        if number not in text_lines
    ]


def _leading_spaces(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


_BLOCK_INDICATOR = re.compile(r"[|>](?:[-+]?([1-9])|([1-9])[-+]?)?")


def _block_indent(lines: list[str], col: int, first: int, last: int) -> tuple[int, int]:
    """The indentation of the block scalar whose indicator is at ``col`` of line
    ``first`` (0-based) and the first line where a tab after that many spaces is
    text: with an indentation indicator (``|2``), the line after the indicator;
    else the line after its first line of text (libyaml takes the indentation
    from that line, and there a tab is where it expects a space)."""
    head = lines[first]
    indent = re.match(r"[ ]*(?:-[ ]+)*", head)  # (always matches)
    structure = indent.end() if indent else 0
    parent = structure if structure < col else max(head.rfind("-", 0, col), 0)
    explicit = _BLOCK_INDICATOR.match(head, col)
    digit = explicit and (explicit.group(1) or explicit.group(2))
    if digit:
        return parent + int(digit), first + 1
    body = next((n for n in range(first + 1, last + 1) if lines[n].strip()), None)
    if body is None or _leading_spaces(lines[body]) <= parent:
        return 1 << 30, last + 1  # no text: nothing in it is text
    return _leading_spaces(lines[body]), body + 1


def _scalar_text_lines(lines: list[str], tabbed: dict[int, str]) -> set[int]:
    """Which of the ``tabbed`` lines (0-based) continue a multi-line scalar or
    flow collection, so their leading tab is text or separation.  The text is
    scanned (tokens only, by libyaml) with those tabs read as spaces; a block scalar's line
    counts only when its spaces alone reach the scalar's indentation (YAML
    never indents with a tab), as libyaml (the parser used) reads it: see
    :func:`_block_indent`.  Lines after a syntax error count as structure."""
    from ruamel.yaml import tokens

    spaced = "\n".join(
        tabbed[n].replace("\t", " ") + line[len(tabbed[n]) :] if n in tabbed else line
        for n, line in enumerate(lines)
    )
    found: set[int] = set()
    flow_start, depth = 0, 0
    try:
        for token in YAML(typ="safe", pure=False).scan(spaced):
            if isinstance(token, tokens.FlowSequenceStartToken | tokens.FlowMappingStartToken):
                flow_start = token.start_mark.line if depth == 0 else flow_start
                depth += 1
            elif isinstance(token, tokens.FlowSequenceEndToken | tokens.FlowMappingEndToken):
                depth -= 1
                if depth == 0:  # a [list] or {mapping} over lines: tabs there only separate
                    lines_in = range(flow_start + 1, token.start_mark.line + 1)
                    found.update(n for n in lines_in if n in tabbed)
            if not isinstance(token, tokens.ScalarToken):
                continue
            first = token.start_mark.line
            last = token.end_mark.line - (token.end_mark.column == 0)
            span = [n for n in range(first + 1, last + 1) if n in tabbed]
            if not span:
                continue
            if token.style in ("|", ">"):
                indent, start = _block_indent(lines, token.start_mark.column, first, last)
                found.update(
                    n for n in span if n >= start and _leading_spaces(lines[n]) >= indent
                )
            else:
                found.update(span)
    except YAMLError:
        pass
    return found


_SYNTAX_FIXES = (
    ("mapping values are not allowed", "a value holding ': ' must be in quotes, e.g. "
     "quote: \"he said: no\""),
    ("could not find expected ':'", "each key ends with ':'; check the indentation and quotes"),
    ("did not find expected ',' or ']'", "close the list with ']', and quote items holding commas"),
    ("did not find expected ',' or '}'",
     "close the mapping with '}', and quote values with commas"),
    ("did not find expected key", "keys of one mapping must line up: check the indentation"),
    ("did not find expected '-'", "items of one list must line up: check the indentation"),
    ("found unexpected end of stream", "a quote or bracket is not closed"),
    ("found character that cannot start any token", "put the value in quotes"),
    ("expected a single document", "a file holds one YAML document: remove the extra '---'"),
    ("found undefined alias",
     "put the value in quotes if the * is text; or define the &anchor before the *alias"),
    ("unhashable", "keys must be plain words, not lists or mappings"),
)


_QUOTED_THEN_MORE = re.compile(r"""^\s*(- )?[^:#]+:\s+(["'])((?!\2).)*\2\s*\S""")


def _syntax_finding(err: YAMLError, source: str = "") -> Finding:
    mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
    text = getattr(err, "problem", None) or str(err).split("\n")[0]
    context = getattr(err, "context", None)
    context_mark = getattr(err, "context_mark", None)
    fix = "check this line and the one above for unclosed quotes, brackets or bad indentation"
    for needle, hint in _SYNTAX_FIXES:
        if needle in str(err):
            fix = hint
            break
    if context and "single document" in context:
        text = "a second YAML document starts here"
    elif context and "simple key" in context and context_mark is not None:
        # A line with no ':' after its key: point at that line, not the next one.
        mark = context_mark
        text = "this line has no ':' after its key (or is a value on a line of its own)"
        fix = "write 'key: value'; text that continues a value goes in quotes on one line"
    elif context and context_mark and mark and context_mark.line < mark.line:
        text += f" ({context} that starts on line {context_mark.line + 1})"
    if mark is not None and source:
        lines = source.split("\n")
        line_text = lines[mark.line] if mark.line < len(lines) else ""
        if _QUOTED_THEN_MORE.match(line_text):
            fix = ("a value that starts with a quote mark must be quoted whole: wrap it in the "
                   "other kind of quotes, e.g. quote: '\"Kyiv\" is the capital, he said'")
        elif "mapping values are not allowed" in str(err):
            if line_text.count(": ") + line_text.endswith(":") >= 2:
                fix = "a value holding ': ' must be in quotes, e.g. quote: \"he said: no\""
            else:
                fix = "this key is indented deeper than the keys above it: line it up with them"
    line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    return Finding("syntax", {"problem": text, "fix": fix}, line, col)


def _unreadable_scalar(text: str) -> Finding:
    """The first plain scalar that looks like a number, date or boolean to the
    resolver but cannot be read as one, as a syntax finding at its place."""
    fix = "put the value in quotes to keep it as text"
    yaml = _yaml()
    try:
        root = yaml.compose(text)
        loader = yaml._scanner
        for node in _walk(root) if root is not None else ():
            if isinstance(node, ScalarNode) and node.tag in loader.yaml_constructors:
                try:
                    loader.yaml_constructors[node.tag](loader, node)
                except (ValueError, TypeError):
                    mark = node.start_mark
                    return Finding("syntax", {
                        "problem": f"'{node.value}' reads as a number, date or true/false "
                                   "but is not one", "fix": fix},
                        mark.line + 1, mark.column + 1)
    except (YAMLError, RecursionError):
        pass
    finally:
        release(yaml)
    return Finding("syntax", {"problem": "a value cannot be read", "fix": fix})


def compose(text: str) -> Node | None:
    """The YAML node tree of ``text`` (with marks), or None if it does not parse."""
    yaml = YAML(typ="safe", pure=False)
    yaml.Resolver = _Resolver
    try:
        return yaml.compose(text)
    except (YAMLError, RecursionError):
        return None
    finally:
        release(yaml)


def _walk(root: Node) -> Iterator[Node]:
    """Every node of a composed tree, each once (aliases are shared nodes)."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        yield node
        if isinstance(node, MappingNode):
            for key, value in node.value:
                stack.append(value)
                stack.append(key)
        elif isinstance(node, SequenceNode):
            stack.extend(reversed(node.value))


def _duplicate_findings(root: Node) -> list[Finding]:
    found = []
    for node in _walk(root):
        if not isinstance(node, MappingNode):
            continue
        first: dict[tuple[str | None, Any], ScalarNode] = {}
        for key, _ in node.value:
            if not isinstance(key, ScalarNode) or key.tag == _STD + "merge":
                continue
            ident = (key.tag, key.value)
            if ident in first:
                line = first[ident].start_mark.line + 1
                fix = (
                    "several stances on one issue go in one list under it (one '- date:' each)"
                    if isinstance(first[ident], ScalarNode) and _looks_like_issue(node)
                    else "remove one of them, or merge what they hold"
                )
                found.append(
                    Finding(
                        "duplicate-key",
                        {"key": key.value, "first": line, "fix": fix},
                        key.start_mark.line + 1,
                        key.start_mark.column + 1,
                    )
                )
            else:
                first[ident] = key
    found.sort(key=lambda f: (f.line, f.col))
    return found


def _looks_like_issue(node: MappingNode) -> bool:
    """A mapping whose values are lists (as under ``stances:``)."""
    return bool(node.value) and all(isinstance(v, SequenceNode) for _, v in node.value)


def _tag_findings(root: Node) -> list[Finding]:
    found = []
    for node in _walk(root):
        if node.tag not in ALLOWED_TAGS:
            tag = str(node.tag).replace(_STD, "!!")
            found.append(
                Finding("tag", {"tag": tag}, node.start_mark.line + 1, node.start_mark.column + 1)
            )
    found.sort(key=lambda f: (f.line, f.col))
    return found


def _too_many_values(data: Any, budget: int) -> bool:
    """True when ``data`` expands to more than ``budget`` values (or is recursive)."""
    count = 0
    stack = [data]
    while stack:
        item = stack.pop()
        count += 1
        if count > budget:
            return True
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


@functools.lru_cache(maxsize=4)
def _wide_structure(width: int) -> re.Pattern[str]:
    """A line whose block structure (indentation, ``- `` and ``? ``) reaches ``width``."""
    return re.compile(rf"^[ \t?-]{{{width}}}", re.M)


def too_deep(text: str) -> Finding | None:
    """A ``too-deep`` finding where the nesting of ``text`` first passes
    :data:`MAX_DEPTH` levels; None when it does not (or the text does not
    parse: the parse says why).

    Cheap for any ordinary file: block nesting cannot pass twice the widest
    structure column plus two (two levels at most per column: a block list may
    sit at its key's column), and flow nesting cannot pass the number of ``[``
    and ``{``.  Only when those bounds could reach the limit are the parser's
    events counted (libyaml's parser keeps its own stack: it never recurses)."""
    limit = MAX_DEPTH
    if (text.count("[") + text.count("{") <= limit // 2
            and _wide_structure(max(1, limit // 4 - 2)).search(text) is None):
        return None
    from ruamel.yaml import events

    starts = (events.SequenceStartEvent, events.MappingStartEvent)
    ends = (events.SequenceEndEvent, events.MappingEndEvent)
    depth = 0
    yaml = YAML(typ="safe", pure=False)
    try:
        for event in yaml.parse(text):
            if isinstance(event, starts):
                depth += 1
                if depth > limit:
                    mark = event.start_mark
                    return Finding("too-deep", {"limit": limit}, mark.line + 1, mark.column + 1)
            elif isinstance(event, ends):
                depth -= 1
    except YAMLError:
        return None
    finally:
        release(yaml)
    return None


def _expands_too_far(root: Node, budget: int) -> bool:
    """True when the composed tree ``root`` expands to more than ``budget``
    values, counting every alias and every merge (``<<``) as a copy of what it
    names, or refers to itself.  Computed once per node (shared nodes are
    counted by reference), so the count itself costs the size of the file,
    while the work it stands for is what ruamel's constructor would do:
    merged keys are copied before duplicates are dropped, so a chain of
    ``<<: [*a, *a]`` doubles the work each level even though the values it
    builds stay few."""
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        children: Sequence[Node]
        if isinstance(node, MappingNode):
            children = [n for pair in node.value for n in pair]
        elif isinstance(node, SequenceNode):
            children = node.value
        else:
            children = ()
        if done:
            open_nodes.discard(key)
            total = 1 + sum(sizes[id(c)] for c in children)
            if total > budget:
                return True
            sizes[key] = total
            continue
        if key in sizes:
            continue
        if key in open_nodes:  # an alias to a node that holds it
            return True
        open_nodes.add(key)
        stack.append((node, True))
        stack.extend((c, False) for c in children if id(c) not in sizes)
    return False


#: A key that YAML may read as a number written another way than its value
#: (``0x1f:`` is 31, ``017:`` 17, ``1_000:`` 1000): rare, so looked for cheaply first.
_ODD_NUMBER_KEY = re.compile(
    r"^[ \t]*(?:- )*(?:[-+]|0[xXoObB0-9]|[0-9.]*_|[0-9]*\.|[0-9]+[eE])[0-9a-fA-F_.eE+-]*[ \t]*:",
    re.M)


def _number_key_findings(text: str) -> list[Finding]:
    """A finding for each mapping key written as a number that does not read
    back as written (``0x1f:`` becomes the key 31): an id would change silently.
    (The fast builder finds them as it builds; this is for the other files.)"""
    root = compose(text)
    return [
        _number_key(key)
        for node in (_walk(root) if root is not None else ())
        if isinstance(node, MappingNode)
        for key, _ in node.value
        if isinstance(key, ScalarNode) and _odd_number(key)
    ]


def _odd_number(key: ScalarNode) -> bool:
    """A plain scalar read as a number that is not written as plain digits."""
    tag = key.tag
    if key.style or tag not in (_STD + "int", _STD + "float"):
        return False
    value = key.value
    return not (tag == _STD + "int" and value.isdigit()
                and (value == "0" or not value.startswith("0")))


def _number_key(key: ScalarNode) -> Finding:
    mark = key.start_mark
    return Finding("number-key", {"text": key.value}, mark.line + 1, mark.column + 1)


def parse(data: bytes) -> Parsed:
    """Read one YAML file's bytes safely.  Never raises for bad input."""
    if len(data) > MAX_FILE_BYTES:
        too_large = Finding("too-large", {"size": len(data), "limit": MAX_FILE_BYTES})
        return Parsed(None, None, (too_large,))
    text, bad = decode(data)
    if bad is not None:
        return Parsed(None, None, (bad,))
    assert text is not None
    if not text.strip():
        return Parsed(None, text, (Finding("empty-file", {"detail": ""}),))
    deep = too_deep(text)
    if deep is not None:
        return Parsed(None, text, (deep,))
    findings: list[Finding] = _tab_findings(text) if "\t" in text else []
    if not findings and FAST:
        fast = _fast_load(text)
        if fast is not None:
            tree, nodes, odd = fast
            if tree is None:
                return Parsed(None, text, (Finding("empty-file",
                                                   {"detail": " (it holds only comments)"}),))
            return Parsed(tree, text, tuple(odd), nodes)
    if "*" in text and "&" in text:
        # Bound the work of aliases and merges before anything is built.
        root = compose(text)
        budget = len(data) + MAX_ALIAS_NODES
        if root is not None and _expands_too_far(root, budget):
            return Parsed(None, text, (*findings, Finding("aliases", {"limit": budget})))
    tab_lines = {f.line for f in findings}
    allow_duplicates = False
    while True:
        _NODES.nodes = nodes = {}
        yaml = _yaml(allow_duplicates)
        try:
            tree = yaml.load(text)
            break
        except DuplicateKeyError:
            root = compose(text)
            if root is None or allow_duplicates:
                return Parsed(None, text, (*findings, Finding("syntax", {
                    "problem": "duplicate keys", "fix": "remove the repeated key"})))
            findings.extend(_duplicate_findings(root))
            allow_duplicates = True
        except ConstructorError as err:
            root = compose(text)
            tags = _tag_findings(root) if root is not None else []
            findings.extend(tags or [_syntax_finding(err, text)])
            return Parsed(None, text, tuple(findings))
        except MarkedYAMLError as err:
            syntax = _syntax_finding(err, text)
            if syntax.line not in tab_lines:
                findings.append(syntax)
            return Parsed(None, text, tuple(findings))
        except (ValueError, TypeError):
            # A plain scalar the resolver reads as a number that is none ("-_", "._").
            findings.append(_unreadable_scalar(text))
            return Parsed(None, text, tuple(findings))
        except RecursionError:
            findings.append(Finding("syntax", {
                "problem": "values are nested too deeply",
                "fix": "flatten the structure: the format nests a few levels at most"}))
            return Parsed(None, text, tuple(findings))
        except YAMLError as err:
            findings.append(_syntax_finding(err, text))
            return Parsed(None, text, tuple(findings))
        finally:
            _NODES.nodes = None
            release(yaml)
    if tree is not None and _ODD_NUMBER_KEY.search(text):
        findings.extend(_number_key_findings(text))
    if "&" in text and "*" in text and _too_many_values(tree, len(data) + MAX_ALIAS_NODES):
        findings.append(Finding("aliases", {"limit": len(data) + MAX_ALIAS_NODES}))
        return Parsed(None, text, tuple(findings))
    if tree is None:
        findings.append(Finding("empty-file", {"detail": " (it holds only comments)"}))
    return Parsed(tree, text, tuple(findings), nodes)

