"""Rubric loading and call scoring.

``load_rubric`` reads and checks a rubric YAML (``rubrics/README.md``); ``score_transcript``
turns a transcript plus its personal-data detections into a ``CallScore``.
"""

from scoring.engine import score_transcript
from scoring.errors import RubricError
from scoring.result import CallScore, DimensionScore, Hit
from scoring.routing import BUNDLED_ROUTING, RubricSet, load_rubrics
from scoring.rubric import BUNDLED_RUBRIC, Rubric, load_rubric

__all__ = [
           "BUNDLED_ROUTING",
           "BUNDLED_RUBRIC",
           "CallScore",
           "DimensionScore",
           "Hit",
           "Rubric",
           "RubricError",
           "RubricSet",
           "load_rubric",
           "load_rubrics",
           "score_transcript",
]
