"""``python -m benchmarks.closest_passage``: the cost of a "closest passage" hint.

A quote with a three-letter typo, taken from the middle of a long stored text
(random words, one line of twelve each), is looked for three ways:

- ``difflib``: the hint as it was (``difflib.SequenceMatcher`` over the whole
  text to anchor, then windows near the longest shared runs), the baseline;
- ``rapidfuzz-whole``: ``rapidfuzz.fuzz.partial_ratio_alignment`` of the quote
  over the whole text (what a local aligner costs with no candidates first);
- ``peacetracker``: :func:`peacetracker.quotes.closest_passage` (candidates from
  the quote's rarest words, then a local alignment around the best few).

Each is the median of ``--repeat`` runs; the table gives seconds and each
one's ratio to the baseline timed in the same run (the machine is shared:
only ratios mean anything).  ``--skip-baseline-over`` skips the baseline for
long quotes (5,000 characters took over a minute).

    python -m benchmarks.closest_passage --text-bytes 1300000 --quotes 300,5000
"""

from __future__ import annotations

import argparse
import difflib
import random
import statistics
import time

from rapidfuzz import fuzz

from peacetracker.quotes import closest_passage, normalise


def _text(size: int, seed: int) -> str:
    rng = random.Random(seed)
    vocab = ["".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(2, 9)))
             for _ in range(5000)]
    lines, total = [], 0
    while total < size:
        line = " ".join(rng.choice(vocab) for _ in range(12))
        lines.append(line)
        total += len(line) + 1
    return "\n".join(lines)


def difflib_hint(quote: str, text: str) -> float:
    """The former hint's search (its similarity): difflib over the whole text."""
    norm, target = normalise(text), normalise(quote)
    matcher = difflib.SequenceMatcher(None, norm, target, autojunk=False)
    best = 0.0
    slack = min(24, len(target) // 3 + 1)
    for block in sorted(matcher.get_matching_blocks(), key=lambda b: -b.size)[:4]:
        if block.size == 0:
            continue
        anchor = block.a - block.b
        for start in range(max(0, anchor - slack), min(len(norm), anchor + slack + 1)):
            if start != max(0, anchor) and start and norm[start - 1] != " ":
                continue
            window = norm[start : start + len(target)]
            best = max(best, difflib.SequenceMatcher(None, window, target,
                                                     autojunk=False).ratio())
    return best


def _median(func, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.closest_passage",
                                     description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--text-bytes", type=int, default=1_300_000)
    parser.add_argument("--quotes", default="300,5000", help="quote lengths, comma-separated")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--skip-baseline-over", type=int, default=1000,
                        help="no difflib baseline for longer quotes (default 1000)")
    args = parser.parse_args(argv)
    text = _text(args.text_bytes, args.seed)
    print(f"stored text: {len(text):,} characters")
    print(f"{'quote':>6} {'method':<16} {'seconds':>9} {'ratio':>8}  similarity")
    for length in (int(x) for x in args.quotes.split(",")):
        start = text.index("\n", len(text) // 2) + 1
        quote = text[start : start + length]
        quote = quote[: length // 2] + "xyz" + quote[length // 2 + 3 :]
        rows = []
        if length <= args.skip_baseline_over:
            rows.append(("difflib", *_median(lambda q=quote: difflib_hint(q, text),
                                             max(1, args.repeat // 3))))
        rows.append(("rapidfuzz-whole", *_median(
            lambda q=quote: fuzz.partial_ratio_alignment(normalise(q), normalise(text)).score
            / 100, args.repeat)))
        rows.append(("peacetracker", *_median(
            lambda q=quote: closest_passage(q, text).similarity, args.repeat)))
        base = rows[0][1] if rows[0][0] == "difflib" else None
        for name, seconds, similarity in rows:
            ratio = f"{base / seconds:7.1f}x" if base else "      -"
            print(f"{length:>6} {name:<16} {seconds:>9.3f} {ratio}  {similarity:.3f}")


if __name__ == "__main__":
    main()
