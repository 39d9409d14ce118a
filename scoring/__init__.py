"""Rubric loading and call scoring.

``load_rubric`` reads and checks a rubric YAML (``rubrics/README.md``); ``score_transcript``
turns a transcript plus its personal-data detections into a ``CallScore``.
"""

from scoring.engine import score_transcript
from scoring.errors import RubricError
from scoring.result import CallScore, DimensionScore, Hit
from scoring.routing import RubricSet, default_rubrics_path, load_rubrics
from scoring.rubric import Rubric, default_rubric_path, load_rubric

__all__ = ["CallScore", "DimensionScore", "Hit", "Rubric", "RubricError", "RubricSet", "default_rubric_path",
           "default_rubrics_path", "load_rubric", "load_rubrics", "score_transcript"]
