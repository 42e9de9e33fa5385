"""Text -> paragraphs -> numbered items (roman, 1., 2.1., a), -, +, 'Một là,') with refs and parents."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_SUPERSCRIPTS = "¹²³⁴⁵⁶⁷⁸⁹⁰"
RE_CRAWL = re.compile(r"^\s*date\s+\d{4}-\d{2}\s+")
RE_FOOTNOTE = re.compile(rf"^\s*(?:[{_SUPERSCRIPTS}]+|\[\d+\])\s*\S")
RE_RECIPIENTS = re.compile(r"^\s*\**\s*Nơi nhận\s*:?", re.I)
RE_SIGNATURE = re.compile(r"^\s*\**\s*(?:TM\.|KT\.|TL\.|Q\.)\s*[A-ZĐÀ-Ỹ]")
# crawled copies glue an abbreviation to the next word: "Sở NN&PTNTchủ trì" -> "Sở NN&PTNT chủ trì"
RE_GLUED = re.compile(r"\b([A-ZĐ][A-ZĐ&]+[A-ZĐ])([^\W\d_]{2,})\b")
_ORDINALS = ["một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín", "mười"]
_ORDINAL_ALIASES = {"nhất": "một", "tư": "bốn"}

MARKERS: list[tuple[str, re.Pattern]] = [
    ("article", re.compile(r"^Điều\s+(?P<l>\d{1,2})\s*[.:]\s*")),
    ("roman", re.compile(r"^(?P<l>[IVX]{1,5})\s*[.)/]\s*(?=\S)(?!v\b)")),
    (
        "num",
        re.compile(r"^(?P<l>\d{1,2}(?:\.\d{1,2}){1,3})\.?\s+(?=\D)|^(?P<l1>\d{1,2})\s*[.)]\s*(?=[^\d\s/.])"),
    ),
    ("ordinal", re.compile(r"^(?P<l>Một|Hai|Ba|Bốn|Năm|Sáu|Bảy|Tám|Chín|Mười)\s+là\s*[,:]\s*")),
    ("ordinal", re.compile(r"^Thứ\s+(?P<l>nhất|hai|ba|tư|năm|sáu|bảy|tám|chín|mười)\s*[,:]\s*", re.I)),
    ("alpha", re.compile(r"^(?P<l>[a-zđ])\s*\)\s*|^(?P<l1>[a-zđ])\.\s+(?=[A-ZĐÀ-Ỹ])")),
    ("dash", re.compile(r"^[-–—•●▪◦*\uf0b7\uf0a7\uf076\uf0d8]\s+|^[-–—•●▪\uf0b7](?=[A-ZĐÀ-Ỹ])")),
    ("plus", re.compile(r"^\+\s*")),
]


@dataclass
class Item:
    """One paragraph of the body with its numbering, place in the outline and section."""

    kind: str  # article, roman, num, ordinal, alpha, dash, plus, intro (unnumbered 'lead-in:') or para
    label: str | None
    text: str
    marker: str = ""
    parent: Item | None = None
    children: list[Item] = field(default_factory=list)
    ref: str | None = None
    index: int = 0

    @property
    def rank(self) -> int:
        """Depth of the marker kind: roman above 1. above 1.1. above a) above - above +."""
        if self.kind == "num":
            return 1 + (self.label or "").count(".")
        return {
            "article": 0,
            "roman": 0,
            "ordinal": 1,
            "alpha": 5,
            "dash": 6,
            "plus": 7,
            "intro": 4,
            "para": 9,
        }[self.kind]

    def ancestors(self):
        """Parents from the nearest up."""
        node = self.parent
        while node is not None:
            yield node
            node = node.parent


def _unglue(m: re.Match) -> str:
    """Space between a glued abbreviation and a lower-case word; all-caps words are left alone."""
    return f"{m[1]} {m[2]}" if m[2].islower() else m[0]


def clean_lines(text: str) -> list[str]:
    """Lines of the body: crawl stamps, markdown stars, footnotes, recipients and signature removed."""
    text = RE_CRAWL.sub("", text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " "))
    out: list[str] = []
    for raw in text.split("\n"):
        line = raw.replace("**", "").strip()
        if RE_RECIPIENTS.match(line) or RE_SIGNATURE.match(line):
            break
        if RE_FOOTNOTE.match(line):
            continue
        line = re.sub(rf"(?<=\S)[{_SUPERSCRIPTS}]+", "", line)
        line = RE_GLUED.sub(_unglue, line)
        out.append(" ".join(line.split()))
    return out


def marker_of(par: str) -> tuple[str, str | None, str, str]:
    """(kind, label, marker text, rest) of a paragraph."""
    for kind, pattern in MARKERS:
        m = pattern.match(par)
        if m:
            label = m.groupdict().get("l") or m.groupdict().get("l1")
            return kind, label, m.group(0).strip(), par[m.end() :].strip()
    return "para", None, "", par


def _ends_sentence(par: str) -> bool:
    """True when a paragraph ends like a finished sentence or heading."""
    return bool(re.search(r"[.;:!?…”\"/)]\s*$", par)) or _is_caps(par)


def _is_caps(line: str) -> bool:
    """An all-caps line (a title such as 'THÔNG BÁO'), not a bare number or date."""
    return any(c.isalpha() for c in line) and line == line.upper()


def paragraphs(lines: list[str]) -> list[str]:
    """Join wrapped lines and page-broken sentences into paragraphs."""
    pars: list[str] = []
    blank = True
    for line in lines:
        if not line:
            blank = True
            continue
        kind = marker_of(line)[0]
        starts_lower = line[0].islower() and kind == "para"
        is_marked = kind != "para"
        if pars and (is_table_row(line) or is_table_row(pars[-1])):
            pars.append(line)
        elif (
            pars
            and starts_lower
            and not _ends_sentence(pars[-1])
            and not line[0].isdigit()
            or pars
            and not blank
            and not is_marked
            and not _ends_sentence(pars[-1])
            and not _is_caps(line)
        ):
            pars[-1] += " " + line
        else:
            pars.append(line)
        blank = False
    return pars


def _ordinal_number(word: str) -> str:
    """'Một' / 'nhất' -> '1', 'tư' -> '4'."""
    word = word.lower()
    return str(_ORDINALS.index(_ORDINAL_ALIASES.get(word, word)) + 1)


def _ref(item: Item) -> str | None:
    """Numbering path as written: 'III.2', '3.3', '3.3.7' for the 7th bullet under 3.3."""
    parent = item.parent
    if item.kind in ("roman", "article"):
        return item.label if item.kind == "roman" else f"Điều {item.label}"
    if item.kind in ("num", "ordinal"):
        label = item.label if item.kind == "num" else _ordinal_number(item.label)
        top = next((a for a in item.ancestors() if a.kind in ("roman", "article")), None)
        return f"{top.ref}.{label}" if top and top.ref else label
    if parent is None or parent.ref is None:
        return None
    if item.kind == "alpha":
        return f"{parent.ref}.{item.label}"
    siblings = [c for c in parent.children if c.kind == item.kind]
    return f"{parent.ref}.{len(siblings)}"


def is_table_row(par: str) -> bool:
    """A flattened table row ('cell | cell | cell')."""
    return par.count(" | ") >= 2


def segment(text: str) -> list[Item]:
    """All body paragraphs as items, with parents and refs filled in."""
    items: list[Item] = []
    stack: list[Item] = []
    for i, par in enumerate(paragraphs(clean_lines(text))):
        kind, label, marker, rest = marker_of(par)
        if kind == "para" and rest.endswith(":") and not is_table_row(rest):
            kind = "intro"
        item = Item(kind, label, rest, marker, index=i)
        if kind == "para":
            item.parent = stack[-1] if stack else None
        else:
            while stack and stack[-1].rank >= item.rank:
                stack.pop()
            item.parent = stack[-1] if stack else None
            stack.append(item)
        if item.parent is not None:
            item.parent.children.append(item)
        item.ref = _ref(item) if kind not in ("para", "intro") else None
        items.append(item)
    return items
