"""The Act enum is generated from knowledge/language/acts.yaml and must stay equal to it."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np

from app.core.language import Act
from app.core.language.acts import __file__ as ACTS_MODULE
from app.core.language.corpus import act_ids
from app.core.language.model import Scores

ROOT = Path(__file__).resolve().parents[2]


def _generator():
    spec = importlib.util.spec_from_file_location("gen_acts", ROOT / "scripts" / "gen_acts.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_enum_has_every_act_of_acts_yaml_in_its_order():
    assert [a.value for a in Act] == list(act_ids())


def test_the_generated_module_is_current():
    # Fails after acts.yaml changed until `python scripts/gen_acts.py` is run.
    assert Path(ACTS_MODULE).read_text(encoding="utf-8") == _generator().render()


def test_the_classifier_answers_with_enum_members_that_equal_their_ids():
    scores = Scores(labels=("pitch", "ask_business"), probs=np.array([0.2, 0.8]), rude=0.0)
    assert scores.act is Act.ASK_BUSINESS
    assert scores.act == "ask_business"
