"""Rubric loading and call scoring.

``load_rubric`` reads and checks a rubric YAML (``rubrics/README.md``); ``score_transcript``
turns a transcript plus its personal-data detections into a ``CallScore``.
"""

from scoring.engine import score_transcript
from scoring.errors import RubricError
from scoring.result import CallScore, DimensionScore, Hit
from scoring.rubric import Rubric, default_rubric_path, load_rubric

__all__ = ["CallScore", "DimensionScore", "Hit", "Rubric", "RubricError", "default_rubric_path", "load_rubric",
           "score_transcript"]
