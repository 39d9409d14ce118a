"""Scoring throughput: 5-minute calls against the default rubric (all 32 indicators), one core.

    .venv/bin/python bench/bench_scoring.py [--calls 300] [--profile]

Generates realistic-length calls (a mix of service sentences, some risky phrases, real timings: a
5-minute call has ~90 sentences) and prints calls/s on one core, then how the time grows with
transcript length (1–20 minutes) and with the number of indicators (1, 8, 16, 32). Each figure is the
best of 3 repeats (the process is warm; first-call caches such as normalisation are part of the cost
because every call's text is new).
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import random
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("OMP_NUM_THREADS", "1")

from scoring import load_rubric, score_transcript  # noqa: E402
from scoring.rubric import Rubric  # noqa: E402
from transcripts.models import Segment, Transcript  # noqa: E402

AGENT = ["您好，工号{n}，很高兴为您服务，请问有什么可以帮您", "好的，我帮您查一下，请您稍等",
         "跟您确认一下，您是要办理{x}对吗",
         "已经为您提交了申请，{n}个工作日内处理完成", "非常抱歉给您带来不便", "这个需要您提供一下订单号",
         "系统显示您的{x}已经在处理中了", "还有其他可以帮您的吗", "感谢您的来电，祝您生活愉快，再见",
         "您说的情况我已经记录下来了", "我这边帮您反馈给{x}部门", "您可以在APP里面查看进度"]
CUSTOMER = ["我想问一下我的{x}怎么还没有到", "上次说{n}天就好了", "好的", "那什么时候能处理好", "对的",
            "我已经等了好几天了", "你们这个服务太差了", "那我再等等吧", "谢谢", "我的手机号是〔手机号〕",
            "能不能快一点", "这个{x}是怎么收费的"]
TOPICS = ["退款", "宽带", "快递", "账单", "套餐", "发票", "积分", "信用卡"]


def make_call(k: int, minutes: float, rng: random.Random) -> Transcript:
    segs, t, n = [], 1.0, 0
    while t < minutes * 60:
        speaker = "agent" if n % 2 == 0 else "customer"
        text = rng.choice(AGENT if speaker == "agent" else CUSTOMER).format(n=rng.randint(1, 9999),
                                                                             x=rng.choice(TOPICS))
        dur = max(1.0, len(text) * 0.22)
        segs.append(Segment(speaker=speaker, start=round(t, 2), end=round(t + dur, 2), text=text,  # type: ignore[arg-type]
                            loudness_db=-30.0 + rng.random() * 6))
        t += dur + rng.uniform(0.3, 2.5)
        n += 1
    return Transcript(call_id=f"B{k:06d}", channel="phone", segments=tuple(segs), duration_s=round(t, 2))


def rate(calls: list[Transcript], rubric: Rubric, repeats: int = 3) -> float:
    best = float("inf")
    for _ in range(repeats):
        t0 = time.perf_counter()
        for c in calls:
            score_transcript(c, rubric)
        best = min(best, time.perf_counter() - t0)
    return len(calls) / best


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--calls", type=int, default=300)
    ap.add_argument("--profile", action="store_true")
    args = ap.parse_args()
    rubric = load_rubric(ROOT / "rubrics" / "default.yaml")
    rng = random.Random(1)
    calls = [make_call(k, 5, rng) for k in range(args.calls)]
    sentences = sum(len(c.segments) for c in calls) / len(calls)
    if args.profile:
        prof = cProfile.Profile()
        prof.enable()
        for c in calls:
            score_transcript(c, rubric)
        prof.disable()
        pstats.Stats(prof).sort_stats("cumulative").print_stats(25)
        return
    print(f"5-minute calls ({sentences:.0f} sentences each), {len(rubric.indicators)} indicators: "
          f"{rate(calls, rubric):,.0f} calls/s on one core")
    print("\nlength (min)  sentences  calls/s  ms/call")
    for minutes in (1, 2, 5, 10, 20):
        sample = [make_call(k, minutes, rng) for k in range(max(20, args.calls // max(1, int(minutes))))]
        r = rate(sample, rubric)
        sentences = sum(len(c.segments) for c in sample) / len(sample)
        print(f"{minutes:>12}  {sentences:>9.0f}  {r:>7,.0f}  {1000 / r:>7.2f}")
    print("\nindicators  calls/s  ms/call   (5-minute calls)")
    for count in (1, 8, 16, 32):
        sub = replace(rubric, indicators=rubric.indicators[:count])
        r = rate(calls, sub)
        print(f"{count:>10}  {r:>7,.0f}  {1000 / r:>7.2f}")


if __name__ == "__main__":
    main()
