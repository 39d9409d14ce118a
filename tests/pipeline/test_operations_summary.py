"""The run summary's lines for the night's review operations (D132), in Simplified Chinese."""

from __future__ import annotations


def test_summary_lines_for_the_operations() -> None:
    from callqa.pipeline.summary_text import operations_lines

    assert operations_lines({}) == []
    assert operations_lines({"sampled": {"周抽检": ["a", "b"]}, "assigned": {"given": {"qa1": 2, "qa2": 1}},
                             "alerts": {"enqueued": 2, "sent": 1, "failed": 1}}) == [
        "抽检计划「周抽检」：本次抽取 2 通", "自动分派：3 条，qa1 2 条，qa2 1 条",
        "告警：新增 2 条，已发送 1 条，发送失败 1 条（稍后重试）"]
    assert operations_lines({"assigned": {"error": "not active reviewers (qa, supervisor or admin): x"}}) == [
        "自动分派未执行：not active reviewers (qa, supervisor or admin): x"]
