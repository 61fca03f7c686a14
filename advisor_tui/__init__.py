"""Terminal workstation for the advisors of Finnish family centres."""

__version__ = "0.1.0"
