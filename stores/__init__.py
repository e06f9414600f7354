"""Stores and exporters: they take a ``Graph`` and write it to a target; they never see raw text."""
