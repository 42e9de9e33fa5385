"""Score the parser on a folder of NAME.txt + NAME.gold.json pairs, as the team's scorer does.

Tasks are matched by their opening words (share of the gold's first ten words among the proposal's first
sixty, at least 0.6), then lead, co-agencies, deadline and ongoing flag are compared; agency names are folded
(case, diacritics, common abbreviations) and vague mentions ("... liên quan") are ignored on both sides.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from tracker.core.text import fold

_EQUIV = [
    (r"\buy ban nhan dan\b", "ubnd"), (r"\bhoi dong nhan dan\b", "hdnd"),
    (r"\bthong tin (?:va|-) truyen thong\b|\btt ?& ?tt\b", "tt&tt"),
    (r"\bke hoach (?:va|-) dau tu\b|\bkh ?& ?dt\b", "kh&dt"),
    (r"\btai nguyen va moi truong\b|\btn ?& ?mt\b|\btnmt\b", "tn&mt"),
    (r"\bnong nghiep va phat trien nong thon\b|\bnn ?& ?ptnt\b|\bnnptnt\b", "nn&ptnt"),
    (r"\blao dong ?[-,] ?thuong binh va xa hoi\b|\bld ?- ?tb ?& ?xh\b", "ld-tb&xh"),
    (r"\bvan hoa, the thao va du lich\b|\bvh ?, ?tt ?& ?dl\b", "vh,tt&dl"),
    (r"\bkhoa hoc (?:va|&) cong nghe\b|\bkh ?& ?cn\b", "kh&cn"),
    (r"\bgiao thong ?-? ?van tai\b", "gtvt"), (r"\bgiao duc va dao tao\b|\bgd ?& ?dt\b", "gd&dt"),
    (r"\bban qlda\b", "ban quan ly du an"), (r"\btp\.? ?", "thanh pho "),
]


def agency_key(name: str) -> str:
    key = re.sub(r"^(cac|giao|de nghi)\s+", "", fold(name)).strip(" .,;:-")
    for pattern, repl in _EQUIV:
        key = re.sub(pattern, repl, key)
    return re.sub(r"\s+", " ", re.sub(r"[\"'()]", "", key)).strip()


def agency_set(names) -> frozenset:
    names = [names] if isinstance(names, str) else (names or [])
    return frozenset(k for k in (agency_key(n) for n in names if n and n.strip()) if "lien quan" not in k)


def _words(text: str, n: int) -> list[str]:
    return re.findall(r"\w+", fold(text))[:n]


def match(gold: list[dict], pred: list[dict]) -> list[tuple[int, int]]:
    """Best one-to-one pairs of gold and proposed tasks by opening words."""
    pairs = []
    for gi, g in enumerate(gold):
        gw = _words(g.get("content_start", ""), 10)
        for pi, p in enumerate(pred):
            pw = set(_words(p.get("content") or "", 60))
            s = sum(w in pw for w in gw) / len(gw) if gw and pw else 0.0
            if s >= 0.6:
                pairs.append((s, gi, pi))
    used_g, used_p, out = set(), set(), []
    for _, gi, pi in sorted(pairs, reverse=True):
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            out.append((gi, pi))
    return out


def score_folder(folder: Path, parse) -> tuple[list[str], dict]:
    """Per-file lines and the totals; `parse(text)` gives the proposal ({"tasks": [...]})."""
    tot = dict(docs=0, gold=0, pred=0, matched=0, lead=0, co=0, due=0, recurring=0)
    lines = []
    for path in sorted(Path(folder).glob("*.txt")):
        gold_path = path.with_suffix(".gold.json")
        if not gold_path.exists():
            continue
        gold = json.loads(gold_path.read_text(encoding="utf-8"))["tasks"]
        pred = parse(path.read_text(encoding="utf-8"))["tasks"]
        d = dict(docs=1, gold=len(gold), pred=len(pred), matched=0, lead=0, co=0, due=0, recurring=0)
        for gi, pi in match(gold, pred):
            g, p = gold[gi], pred[pi]
            d["matched"] += 1
            d["lead"] += agency_set(g.get("lead")) == agency_set(p.get("lead"))
            d["co"] += agency_set(g.get("co")) == agency_set(p.get("co"))
            d["due"] += (g.get("due") or None) == (p.get("due") or None)
            d["recurring"] += bool(g.get("recurring")) == bool(p.get("recurring"))
        lines.append(f"{path.name}: gold={d['gold']} pred={d['pred']} matched={d['matched']} lead={d['lead']} "
                     f"co={d['co']} due={d['due']} recurring={d['recurring']}")
        for k in tot:
            tot[k] += d[k]
    return lines, tot


def summary(tot: dict) -> str:
    m = tot["matched"] or 1
    p = tot["matched"] / tot["pred"] if tot["pred"] else 0.0
    r = tot["matched"] / tot["gold"] if tot["gold"] else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return (f"docs={tot['docs']} gold={tot['gold']} pred={tot['pred']} precision={p:.3f} recall={r:.3f} "
            f"f1={f1:.3f} lead={tot['lead'] / m:.3f} co={tot['co'] / m:.3f} due={tot['due'] / m:.3f} "
            f"recurring={tot['recurring'] / m:.3f}")
