"""Plumbing every layer shares and none owns: atomic writes (``atomic``), the
collector pause (``collector``), the content hash of a file's bytes
(``hashing``), text safe for a terminal (``terminal``) and "did you mean"
suggestions (``suggest``).  Nothing here imports the rest of peacetracker."""
