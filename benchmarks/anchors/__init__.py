"""Anchor apps for kmtui's UI benchmarks (see ``benchmarks/bench_app.py``)."""
