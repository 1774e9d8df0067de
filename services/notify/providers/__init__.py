"""Delivery providers of the notify stage, each behind a small protocol (see base.py)."""
