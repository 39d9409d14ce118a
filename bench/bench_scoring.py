"""Scoring throughput: 5-minute calls against the default rubric (all 32 indicators), one core.

    .venv/bin/python bench/bench_scoring.py [--calls 300] [--profile]

Generates realistic-length calls (a mix of service sentences, some risky phrases, real timings: a
5-minute call has ~60 sentences of ~20 characters) and prints calls/s on one core, then how the time grows with
transcript length (1–20 minutes) and with the number of indicators (1, 8, 16, 32). Each figure is the
best of 3 repeats, and every repeat scores NEW calls (issue 19): no timed call's text was seen before,
so per-text caches (normalisation, sound encoding, segmentation) cannot flatter the figure. Sentences
carry random numbers, product names and fillers, so almost every sentence text is unique (the share is
printed). Time is this process's CPU time (``time.process_time``), so the figure is per core even on a
shared, loaded machine. ``--sound exact|pinyin|fuzzy`` sets every phrase block of the rubric (default: as written).
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

from bench.bench_sound_examples import set_sound  # noqa: E402
from scoring import load_rubric, score_transcript  # noqa: E402
from scoring.rubric import Rubric  # noqa: E402
from transcripts.models import Segment, Transcript  # noqa: E402

AGENT = ["您好，工号{n}，很高兴为您服务，请问有什么可以帮您", "好的，我帮您查一下{x}，请您稍等",
         "跟您确认一下，您是要办理{x}对吗", "已经为您提交了申请，{d}个工作日内处理完成",
         "非常抱歉给您的{x}带来不便", "这个需要您提供一下{x}的订单号", "系统显示您的{x}已经在处理中了",
         "还有其他{x}的问题可以帮您的吗", "感谢您的来电，祝您生活愉快，再见", "您说的{x}情况我已经记录下来了",
         "我这边帮您反馈给{x}部门", "您可以在APP里面查看{x}的进度", "您的订单号是{n}对吧", "{x}每个月是{n}元"]
CUSTOMER = ["我想问一下我的{x}怎么还没有到", "上次说{d}天就好了", "好的", "那{x}什么时候能处理好", "对的",
            "我的{x}已经等了好几天了", "你们这个{x}服务太差了", "那我再等等{x}吧", "谢谢", "我的手机号是〔手机号〕",
            "{x}能不能快一点", "这个{x}是怎么收费的", "订单号是{n}", "我是{d}号办的{x}"]
TOPICS = ["退款", "宽带", "快递", "账单", "套餐", "发票", "积分", "信用卡"]
FILLERS = ["", "", "嗯", "那个", "就是", "然后", "对", "哦", "是这样的", "我看一下", "麻烦您", "这边"]
NAME_CHARS = "安百晨达东方丰光海和华佳金京康乐利联龙美明诺鹏平启强荣瑞盛顺泰通伟祥新鑫信兴阳亿优云正中卓"


def product(rng: random.Random) -> str:
    """A product or plan name: a topic, sometimes with a random brand (``佳鑫宽带``)."""
    brand = "".join(rng.choice(NAME_CHARS) for _ in range(2)) if rng.random() < 0.8 else ""
    return brand + rng.choice(TOPICS)


def sentence(pool: list[str], rng: random.Random) -> str:
    text = rng.choice(pool).format(n=rng.randint(1, 99999), d=rng.randint(1, 30), x=product(rng))
    tail = f"，尾号{rng.randint(1000, 9999)}" if rng.random() < 0.15 else ""
    return rng.choice(FILLERS) + text + tail


def make_call(k: int, minutes: float, rng: random.Random) -> Transcript:
    segs, t, n = [], 1.0, 0
    while t < minutes * 60:
        speaker = "agent" if n % 2 == 0 else "customer"
        text = sentence(AGENT if speaker == "agent" else CUSTOMER, rng)
        dur = max(1.0, len(text) * 0.22)
        segs.append(Segment(speaker=speaker, start=round(t, 2), end=round(t + dur, 2), text=text,  # type: ignore[arg-type]
                            loudness_db=-30.0 + rng.random() * 6))
        t += dur + rng.uniform(0.3, 2.5)
        n += 1
    return Transcript(call_id=f"B{k:06d}", channel="phone", segments=tuple(segs), duration_s=round(t, 2))


def fresh(count: int, minutes: float, rng: random.Random) -> list[Transcript]:
    """``count`` new calls: every call of every repeat is generated anew, never scored twice."""
    return [make_call(k, minutes, rng) for k in range(count)]


def rate(count: int, minutes: float, rubric: Rubric, rng: random.Random, repeats: int = 3) -> float:
    best = float("inf")
    for _ in range(repeats):
        calls = fresh(count, minutes, rng)
        t0 = time.process_time()
        for c in calls:
            score_transcript(c, rubric)
        best = min(best, time.process_time() - t0)
    return count / best


def distinct_share(calls: list[Transcript]) -> float:
    texts = [s.text for c in calls for s in c.segments]
    return len(set(texts)) / len(texts)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--calls", type=int, default=300)
    ap.add_argument("--profile", action="store_true")
    ap.add_argument("--sound", choices=("exact", "pinyin", "fuzzy"), default=None)
    ap.add_argument("--quick", action="store_true", help="only the 5-minute figure")
    args = ap.parse_args()
    rubric = load_rubric(ROOT / "rubrics" / "default.yaml")
    if args.sound is not None:
        set_sound(rubric, args.sound)
    rng = random.Random(1)
    warm = fresh(20, 5, rng)  # loads lazy tables (jieba, pinyin) outside the timed runs
    for c in warm:
        score_transcript(c, rubric)
    sample = fresh(args.calls, 5, rng)
    sentences = sum(len(c.segments) for c in sample) / len(sample)
    if args.profile:
        prof = cProfile.Profile()
        prof.enable()
        for c in sample:
            score_transcript(c, rubric)
        prof.disable()
        pstats.Stats(prof).sort_stats("tottime").print_stats(30)
        return
    print(f"5-minute calls ({sentences:.0f} sentences each, {distinct_share(sample):.0%} of sentence texts "
          f"distinct), {len(rubric.indicators)} indicators, sound {args.sound or 'as in the rubric'}: "
          f"{rate(args.calls, 5, rubric, rng):,.0f} calls/s on one core")
    if args.quick:
        return
    print("\nlength (min)  sentences  calls/s  ms/call")
    for minutes in (1, 2, 5, 10, 20):
        count = max(20, args.calls // max(1, int(minutes)))
        r = rate(count, minutes, rubric, rng)
        sentences = len(make_call(0, minutes, rng).segments)
        print(f"{minutes:>12}  {sentences:>9.0f}  {r:>7,.0f}  {1000 / r:>7.2f}")
    print("\nindicators  calls/s  ms/call   (5-minute calls)")
    for count in (1, 8, 16, 32):
        sub = replace(rubric, indicators=rubric.indicators[:count])
        r = rate(args.calls, 5, sub, rng)
        print(f"{count:>10}  {r:>7,.0f}  {1000 / r:>7.2f}")


if __name__ == "__main__":
    main()
