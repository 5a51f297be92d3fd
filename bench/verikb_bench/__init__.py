"""verikb benchmarks: every figure is a ratio against a baseline measured in the same run.

Run through ``scripts/bench`` (``--quick`` for a smoke run, ``--only NAME`` for one section,
``--repeats N``). Synthetic inputs are generated into a temp dir, never into the repository;
the table is printed and written, with a description of the machine, to ``bench/results.md``.

Each measurement is repeated and reported as min and median; subject and baseline runs are
interleaved (baseline, subject, baseline, subject, …) so a noisy machine skews both alike.
A figure's PASS/MISS is decided on the ratio of medians.

One module per section (``section_*.py``), the helpers they share in the other modules, and
``main.py`` for the command line. The first line above is the ``--help`` description.
"""
