"""The catalogue set (bench/redaction_forms): gold spans hold their values; dev and held-out share nothing."""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

FORMS = Path(__file__).resolve().parents[2] / "bench" / "redaction_forms"
sys.path.insert(0, str(FORMS))

from generate import CATALOGUE, records  # noqa: E402


def test_every_type_has_values_and_carriers_in_both_parts() -> None:
    data = yaml.safe_load(CATALOGUE.read_text(encoding="utf-8"))
    for kind, forms in data["types"].items():
        for form in forms:
            assert form["dev"] and form["heldout"], f"{kind}/{form['form']}: a part has no value"
        for part in ("dev", "heldout"):
            assert data["carriers"][part][kind], f"carriers.{part}.{kind} is empty"


def test_dev_and_heldout_share_no_value_carrier_or_text() -> None:
    data = yaml.safe_load(CATALOGUE.read_text(encoding="utf-8"))
    for kind, forms in data["types"].items():
        dev = {v for f in forms for v in f["dev"]}
        held = {v for f in forms for v in f["heldout"]}
        assert not dev & held, f"{kind}: values in both parts: {sorted(dev & held)}"
        assert not set(data["carriers"]["dev"][kind]) & set(data["carriers"]["heldout"][kind])
    dev_texts = {str(r["text"]) for r in records("dev")}
    assert not dev_texts & {str(r["text"]) for r in records("heldout")}


def test_gold_spans_cover_exactly_a_catalogued_value() -> None:
    data = yaml.safe_load(CATALOGUE.read_text(encoding="utf-8"))
    for part in ("dev", "heldout"):
        values = {v for forms in data["types"].values() for f in forms for v in f[part]}
        for rec in records(part):
            for span in rec["spans"]:  # type: ignore[attr-defined]
                assert str(rec["text"])[span["start"]:span["end"]] in values, rec["id"]


def test_generation_is_deterministic() -> None:
    assert list(records("dev")) == list(records("dev"))
