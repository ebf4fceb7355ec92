"""tracker: a keyboard-first terminal reading tracker for deep-learning paper reviews.

Kept empty on purpose: importing the package must stay cheap so `tracker --help` starts fast.
"""

__version__ = "0.1.0"
