"""Command-line commands of each area, registered on the root command in `cli.py`."""
