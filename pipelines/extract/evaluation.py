"""Score extracted facts against a gold CSV (schema: tests/gold/SCHEMA.md).

A range fact (``value_high`` set) is scored as two facts, its bounds (``4.5%—5%`` -> 4.5 ``ge``,
5 ``le``), since a gold row has no ``value_high``.

Matching: a gold row and an extracted fact are candidates when their numbers agree (the value,
or its magnitude when only the sign differs); among candidates the pair whose evidence overlaps
most wins (longest common substring), preferring the same metric; pairs are taken greedily and
one-to-one. A pair needs a real evidence overlap (at least 4 characters or half the shorter
evidence), so the ``10个`` of one sentence never matches the ``10个`` of another.

Scores:
- ``core_standard``: precision, recall, F1 over gold rows of tier core and standard. Extracted
  facts matched to an edge row, and unmatched facts that are edge by form (ranks, numbers not
  written with Arabic digits), are left out of that precision: the gold marks those as edge.
- ``overall``: precision, recall, F1 over all rows and all facts.
- ``attributes``: share of matched core+standard pairs with the same metric, unit, comparator,
  period, status, subject (gold ``subject`` or ``subject_alt``), basis, part, section, value.
- ``core_exact``: core rows matched with metric, value, unit, comparator, period, status,
  subject and basis all right.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Mapping
from difflib import SequenceMatcher
from pathlib import Path

import pandas as pd

from pipelines.extract.facts import facts_of_document
from pipelines.text.document import read_document
from pipelines.text.normalize import to_simplified
from pipelines.text.numbers import format_number

ATTRIBUTES = ["metric", "value", "unit", "comparator", "period", "status", "subject", "basis", "part", "section"]
EXACT = ["metric", "value", "unit", "comparator", "period", "status", "subject", "basis"]
_SPACE = re.compile(r"\s+")




def _s(v) -> str:
    """Comparable form: NFKC, no whitespace, Simplified (８６００ == 8600, 億元 == 亿元)."""
    if v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NA:
        return ""
    return to_simplified(_SPACE.sub("", unicodedata.normalize("NFKC", str(v))))


def _same_value(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-6 * max(1.0, abs(a), abs(b))


def _overlap(a: str, b: str) -> int:
    if not a or not b:
        return 0
    m = SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b))
    return m.size


def _written_in_digits(value: float, evidence: str, metric: str) -> bool:
    """Is the fact's number written with Arabic digits in its evidence?"""
    if metric == "rank":
        return False
    ev = evidence.replace(",", "")
    candidates = {format_number(abs(value))}
    if metric == "growth_pct":
        candidates.add(format_number(abs(value) / 100))
    return any(re.search(rf"(?<![\d.]){re.escape(c)}(?![\d])", ev) for c in candidates)


def _attr_equal(attr: str, g: Mapping, f: Mapping) -> bool:
    """Is attribute ``attr`` the same in gold row ``g`` and fact ``f`` (rows as dicts or Series)?"""
    if attr == "subject":
        fs = _s(f["subject"])
        return fs in {_s(g["subject"]), _s(g.get("subject_alt"))} - {""} or fs == _s(g["subject"])
    if attr == "value":
        return _same_value(float(g["value"]), float(f["value"]))
    return _s(g[attr]) == _s(f[attr])


def split_ranges(facts: pd.DataFrame) -> pd.DataFrame:
    """A range (value_high set) scored as its two bounds, as a gold row (no value_high column)
    writes it: 增长4.5%—5% -> 4.5 ge and 5 le."""
    if "value_high" not in facts or facts["value_high"].isna().all():
        return facts
    rows = []
    for _, f in facts.iterrows():
        if pd.isna(f["value_high"]):
            rows.append(f)
            continue
        low, high = f.copy(), f.copy()
        if low["comparator"] == "eq":
            low["comparator"] = "ge"
        high["value"], high["comparator"] = f["value_high"], "le"
        rows += [low, high]
    return pd.DataFrame(rows).reset_index(drop=True)


def match(gold: pd.DataFrame, facts: pd.DataFrame) -> list[tuple[int, int]]:
    """One-to-one (gold index, fact index) pairs."""
    cands = []
    fvals = [float(v) for v in facts["value"]]
    fev = [_s(e) for e in facts["evidence"]]
    fmet = list(facts["metric"].astype(str))
    for gi, g in gold.iterrows():
        gv = float(g["value"])
        gev = _s(g["evidence"])
        for fi, fv in enumerate(fvals):
            if not (_same_value(gv, fv) or _same_value(abs(gv), abs(fv))):
                continue
            ov = _overlap(gev, fev[fi])
            need = min(4, len(gev), len(fev[fi]))
            if ov < need and ov < 0.5 * min(len(gev), len(fev[fi])):
                continue
            ratio = ov / max(len(gev), len(fev[fi]), 1)
            cands.append((fmet[fi] == g["metric"], ov, ratio, _same_value(gv, fv), gi, fi))
    cands.sort(key=lambda c: (c[0], c[1], c[2], c[3]), reverse=True)
    used_g, used_f, pairs = set(), set(), []
    for *_, gi, fi in cands:
        if gi in used_g or fi in used_f:
            continue
        used_g.add(gi)
        used_f.add(fi)
        pairs.append((gi, fi))
    return sorted(pairs)


def _prf(tp: int, n_pred: int, n_gold: int) -> dict:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f1, 4), "tp": tp,
            "predicted": n_pred, "gold": n_gold}


def evaluate(gold_csv: Path, facts: pd.DataFrame) -> dict:
    """Precision/recall/F1 (core+standard and overall), per-attribute accuracy, core-exact count."""
    gold = pd.read_csv(gold_csv, dtype=str, keep_default_na=False)
    gold["value"] = gold["value"].astype(float)
    if "pegged_to" in facts.columns:  # no number written: the gold schema has no row for them
        facts = facts[facts["pegged_to"].isna()]
    facts = split_ranges(facts.reset_index(drop=True))
    pairs = match(gold, facts)
    g2f = dict(pairs)
    f2g = {fi: gi for gi, fi in pairs}
    cs_mask = gold["tier"].isin(["core", "standard"])
    cs_ids = set(gold.index[cs_mask])
    edge_ids = set(gold.index[~cs_mask])

    tp_cs = sum(1 for gi in g2f if gi in cs_ids)
    unmatched_f = [fi for fi in range(len(facts)) if fi not in f2g]
    edge_form = {fi for fi in unmatched_f
                 if not _written_in_digits(float(facts.at[fi, "value"]), _s(facts.at[fi, "evidence"]),
                                           str(facts.at[fi, "metric"]))}
    pred_cs = tp_cs + len(unmatched_f) - len(edge_form)
    matched_edge = sum(1 for gi in g2f if gi in edge_ids)

    grows, frows = gold.to_dict("index"), facts.to_dict("index")  # rows as dicts: .loc per attribute is slow
    attrs: dict[str, dict] = {}
    for scope, ids in (("core_standard", cs_ids), ("all", set(gold.index))):
        sel = [(gi, fi) for gi, fi in pairs if gi in ids]
        attrs[scope] = {
            a: round(sum(_attr_equal(a, grows[gi], frows[fi]) for gi, fi in sel) / len(sel), 4) if sel else 0.0
            for a in ATTRIBUTES
        }
    core = gold.index[gold["tier"] == "core"]
    core_exact = [gi for gi in core if gi in g2f and all(_attr_equal(a, grows[gi], frows[g2f[gi]]) for a in EXACT)]

    def row(gi):
        g = gold.loc[gi]
        return f"#{g['id']} [{g['tier']}] {g['subject']} {g['metric']} {format_number(g['value'])}{g['unit']} | {g['evidence']}"

    def frow(fi):
        f = facts.loc[fi]
        return f"{f['subject']} {f['metric']} {format_number(float(f['value']))}{f['unit']} | {f['evidence']}"

    errors = []
    for gi, fi in pairs:
        bad = [a for a in ATTRIBUTES if a not in ("section",) and not _attr_equal(a, grows[gi], frows[fi])]
        if bad:
            g, f = grows[gi], frows[fi]
            errors.append(f"#{g['id']} [{g['tier']}] " + "; ".join(f"{a}: gold={_s(g[a])!r} got={_s(f[a])!r}" for a in bad))
    return {
        "core_standard": _prf(tp_cs, pred_cs, len(cs_ids)),
        "overall": _prf(len(pairs), len(facts), len(gold)),
        "matched_edge": matched_edge,
        "attributes": attrs,
        "core_exact": len(core_exact),
        "core_total": len(core),
        "missed": [row(gi) for gi in gold.index if gi not in g2f],
        "false_positives": [frow(fi) for fi in unmatched_f if fi not in edge_form],
        "unmatched_edge_form": [frow(fi) for fi in sorted(edge_form)],
        "attribute_errors": errors,
    }


def format_report(result: dict, *, details: bool = True) -> str:
    cs, ov = result["core_standard"], result["overall"]
    lines = [
        f"core+standard  precision {cs['precision']:.4f}  recall {cs['recall']:.4f}  F1 {cs['f1']:.4f}"
        f"  (tp {cs['tp']}, predicted {cs['predicted']}, gold {cs['gold']})",
        f"overall        precision {ov['precision']:.4f}  recall {ov['recall']:.4f}  F1 {ov['f1']:.4f}"
        f"  (tp {ov['tp']}, predicted {ov['predicted']}, gold {ov['gold']})",
        f"core exact     {result['core_exact']}/{result['core_total']}",
        "attribute accuracy over matched facts (core+standard | all):",
    ]
    a_cs, a_all = result["attributes"]["core_standard"], result["attributes"]["all"]
    for a in ATTRIBUTES:
        lines.append(f"  {a:<11}{a_cs.get(a, 0):.4f} | {a_all.get(a, 0):.4f}")
    if details:
        for title, key in (("missed gold rows", "missed"), ("false positives", "false_positives"),
                           ("unmatched edge-form facts (ranks, Chinese numerals)", "unmatched_edge_form"),
                           ("attribute errors", "attribute_errors")):
            if result[key]:
                lines.append(f"{title} ({len(result[key])}):")
                lines += [f"  {x}" for x in result[key]]
    return "\n".join(lines)


def run_eval(gold_csv: Path, document_path: Path) -> dict:
    """Read a document the way the pipeline does, extract its facts and score them against the gold CSV."""
    path = Path(document_path)
    doc = read_document(path.read_bytes(), filename=path.name)
    return evaluate(Path(gold_csv), facts_of_document(doc, report_id="eval"))
