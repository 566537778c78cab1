"""peacetracker's benchmarks: a synthetic dataset generator and one command that
measures every speed target against a baseline timed in the same run.

    python -m benchmarks run --size 100000 --repeat 5 --json out.json

See docs/performance.md.
"""

__all__: list[str] = []
