"""Word (.docx) text with automatic list numbering rebuilt and tables flattened to ' | ' rows."""

from __future__ import annotations

from docx.oxml.ns import qn

_BULLETS = "-+•–"


def _roman(n: int) -> str:
    """1 -> 'I', 4 -> 'IV' (Word's upperRoman)."""
    out = ""
    for value, sym in (
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ):
        while n >= value:
            out, n = out + sym, n - value
    return out


def _letter(n: int) -> str:
    """1 -> 'a', 27 -> 'aa' (Word repeats the letter)."""
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def format_number(n: int, fmt: str) -> str:
    """One counter in a Word numFmt."""
    return {
        "decimal": str(n),
        "decimalZero": f"{n:02d}",
        "lowerLetter": _letter(n),
        "upperLetter": _letter(n).upper(),
        "lowerRoman": _roman(n).lower(),
        "upperRoman": _roman(n),
    }.get(fmt, str(n))


class Numbering:
    """Counters for Word's automatic numbering, per numId and level, from numbering.xml."""

    def __init__(self, document):
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        self.styles = _style_numbering(document)
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        for absn in root.iter(qn("w:abstractNum")):
            levels = {}
            for lvl in absn.iter(qn("w:lvl")):
                levels[int(lvl.get(qn("w:ilvl")))] = (
                    _val(lvl, "w:numFmt", "decimal"),
                    _val(lvl, "w:lvlText", ""),
                    int(_val(lvl, "w:start", "1")),
                )
            self.levels[absn.get(qn("w:abstractNumId"))] = levels
        for num in root.iter(qn("w:num")):
            overrides = {}
            for ov in num.iter(qn("w:lvlOverride")):
                start = ov.find(qn("w:startOverride"))
                if start is not None:
                    overrides[int(ov.get(qn("w:ilvl")))] = int(start.get(qn("w:val")))
            self.nums[num.get(qn("w:numId"))] = (_val(num, "w:abstractNumId", ""), overrides)

    def _level(self, num_id: str, ilvl: int) -> tuple[str, str, int]:
        absn, overrides = self.nums.get(num_id, ("", {}))
        fmt, text, start = self.levels.get(absn, {}).get(ilvl, ("decimal", f"%{ilvl + 1}.", 1))
        return fmt, text, overrides.get(ilvl, start)

    def label(self, p) -> str:
        """The number Word would draw before paragraph p, or ''."""
        num_id, ilvl = self._num_pr(p)
        if not num_id or num_id == "0" or num_id not in self.nums:
            return ""
        counters = self.counters.setdefault(num_id, {})
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        fmt, text, start = self._level(num_id, ilvl)
        counters[ilvl] = counters.get(ilvl, start - 1) + 1
        if fmt == "bullet":
            return text if text in _BULLETS and text else "-"
        if fmt == "none":
            return ""
        for k in range(9):
            if f"%{k + 1}" in text:
                kfmt, _, kstart = self._level(num_id, k)
                text = text.replace(f"%{k + 1}", format_number(counters.get(k, kstart), kfmt))
        return text

    def _num_pr(self, p) -> tuple[str | None, int]:
        """numId and level from the paragraph, else from its style."""
        ppr = p.find(qn("w:pPr"))
        num_pr = ppr.find(qn("w:numPr")) if ppr is not None else None
        if num_pr is not None:
            return _val(num_pr, "w:numId", None), int(_val(num_pr, "w:ilvl", "0"))
        style = _val(ppr, "w:pStyle", None) if ppr is not None else None
        return self.styles.get(style, (None, 0))


def _val(el, tag: str, default):
    """w:val of a child element, or the default."""
    child = el.find(qn(tag)) if el is not None else None
    return child.get(qn("w:val"), default) if child is not None else default


def _style_numbering(document) -> dict[str, tuple[str, int]]:
    """styleId -> (numId, ilvl) for list styles such as 'List Number'."""
    out: dict[str, tuple[str, int]] = {}
    try:
        styles = document.styles.element
    except AttributeError:
        return out
    for st in styles.iter(qn("w:style")):
        ppr = st.find(qn("w:pPr"))
        num_pr = ppr.find(qn("w:numPr")) if ppr is not None else None
        if num_pr is not None and _val(num_pr, "w:numId", None):
            out[st.get(qn("w:styleId"))] = (_val(num_pr, "w:numId", None), int(_val(num_pr, "w:ilvl", "0")))
    return out


def _para_text(p) -> str:
    """Visible text of a w:p, tabs as spaces, line breaks kept."""
    parts = []
    for node in p.iter(qn("w:t"), qn("w:tab"), qn("w:br")):
        parts.append(node.text or "" if node.tag == qn("w:t") else (" " if node.tag == qn("w:tab") else "\n"))
    return "".join(parts)


def _row_line(tr) -> str:
    """A table row as 'cell | cell', merged cells kept once."""
    cells: list[str] = []
    for tc in tr.iter(qn("w:tc")):
        text = " ".join(_para_text(p).strip() for p in tc.iter(qn("w:p"))).strip()
        cells.append(" ".join(text.split()))
    return " | ".join(cells)


MAX_UNZIPPED = 40 * 1024 * 1024  # a 300-page notice unzips to ~10 MB of XML


def _check_expansion(stream, error_cls) -> None:
    """Refuse a .docx whose parts would unzip past the limit, before any XML is parsed (a zip bomb or a
    document stuffed with images would take a worker's memory)."""
    import zipfile

    try:
        with zipfile.ZipFile(stream) as z:
            total = sum(info.file_size for info in z.infolist())
    except zipfile.BadZipFile:
        return  # python-docx gives the "damaged file" message below
    finally:
        stream.seek(0)
    if total > MAX_UNZIPPED:
        raise error_cls(
            f"Tệp Word quá lớn khi giải nén ({total / 1024 / 1024:.0f} MB, giới hạn "
            f"{MAX_UNZIPPED / 1024 / 1024:.0f} MB); vui lòng lưu lại không kèm hình ảnh hoặc tải PDF."
        )


def read_docx(stream, error_cls) -> str:
    """All body paragraphs and table rows in document order."""
    _check_expansion(stream, error_cls)
    try:
        from docx import Document

        document = Document(stream)
    except Exception as exc:  # noqa: BLE001 - any failure means an unreadable file
        raise error_cls(
            "Tệp Word (.docx) bị hỏng hoặc không đúng định dạng, không đọc được nội dung."
        ) from exc
    numbering = Numbering(document)
    lines: list[str] = []
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            text = _para_text(child).strip()
            label = numbering.label(child)
            if text:
                lines.append(f"{label} {text}" if label else text)
            lines.append("")
        elif child.tag == qn("w:tbl"):
            lines.extend(_row_line(tr) for tr in child.iter(qn("w:tr")))
            lines.append("")
    return "\n".join(lines)
