"""Records, storage, search, rules and exports: plain Python, never imports textual."""
