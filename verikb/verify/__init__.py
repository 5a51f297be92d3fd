"""Verification: run snippets against real frameworks and turn their claims into verdicts.

Kept import-free so snippets can import ``verikb.verify.claims`` without loading the runner.
"""
