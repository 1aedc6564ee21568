"""Fuzzing minigrad's public API: call generation (calls.py) and the crash-safe runner."""
