"""The robustness suite: kmtui in a real pseudo-terminal, under fuzzed keys, signals, resizes and odd inputs.

A light version runs with the normal tests (``test_light.py``); the full one
is ``python -m tests.robustness --full`` and prints a summary.
"""
