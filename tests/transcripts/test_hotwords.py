"""Hot words per queue: the YAML contract, its errors, and that the words reach the decoder."""

from __future__ import annotations

from pathlib import Path

import pytest

from common.errors import ConfigError
from transcripts.hotwords import HotwordBook, load_hotwords, prompt_text

BUNDLED = Path(__file__).parents[2] / "rubrics" / "hotwords.yaml"


def test_bundled_file_loads_and_is_off_by_default() -> None:
    book = load_hotwords(BUNDLED)
    assert not book.enabled and book.for_queue("宽带") == ()
    on = book.model_copy(update={"enabled": True})
    assert on.for_queue("宽带")[:3] == book.default and "光猫" in on.for_queue("宽带")
    assert on.for_queue("没有的队列") == book.default
    assert book.fingerprint() == "off" != on.fingerprint()


def test_queue_words_follow_default_without_duplicates() -> None:
    book = HotwordBook(enabled=True, default=("工号", "退款"), queues={"售后": ("退款", "换货")})
    assert book.for_queue("售后") == ("工号", "退款", "换货")
    assert prompt_text(book.for_queue("售后")) == "工号、退款、换货" and prompt_text(()) is None


@pytest.mark.parametrize(("text", "where", "what"), [
    ("enabled: yes\nqueues:\n  售后: [换货, '  ']\n", ":3", "empty hot word"),
    ("enabled: true\ndefualt: [工号]\n", ":2", "defualt"),
    ("queues:\n  售后: [" + ", ".join(["上门取件服务"] * 20) + "]\n", ":2", "120 characters"),
    ("queues: [1, 2\n", "", "not valid YAML"),
])
def test_errors_name_file_line_and_field(tmp_path: Path, text: str, where: str, what: str) -> None:
    path = tmp_path / "hotwords.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_hotwords(path)
    assert f"{path}{where}" in str(err.value) and what in str(err.value)


def test_missing_file_named_by_variable_is_an_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from callqa.config import hotwords_from_env

    with pytest.raises(ConfigError, match="CALLQA_HOTWORDS"):
        hotwords_from_env({"CALLQA_HOTWORDS": str(tmp_path / "nope.yaml")})
    assert hotwords_from_env({}) == load_hotwords()  # unset: the bundled file


@pytest.mark.model
def test_words_reach_the_decoder_and_are_recorded(tmp_path: Path) -> None:
    """The same audio with a prompt decodes differently from without (the words are used), the transcript
    records them, and a call without words records none."""
    from callqa.config import Settings
    from transcripts.asr.engine import get_engine
    from transcripts.transcribe import transcribe_recording

    sample = Path(__file__).parents[1] / "data" / "short_call.ogg"
    if not sample.exists():
        pytest.skip("sample call not generated")
    engine = get_engine(Settings.load().asr)
    plain = transcribe_recording(sample, "HW-1", None, engine)
    words = ("工号", "宽带", "光猫")
    hot = transcribe_recording(sample, "HW-1", None, engine, HotwordBook(enabled=True, default=words))
    assert plain.asr is not None and hot.asr is not None
    assert plain.asr.hotwords == () and hot.asr.hotwords == words
    assert [s.text for s in hot.segments], "no text with hot words"
    # the decoder saw the prompt: token probabilities change even where the text does not
    probs = [w.probability for s in plain.segments for w in s.words]
    hot_probs = [w.probability for s in hot.segments for w in s.words]
    assert probs != hot_probs
