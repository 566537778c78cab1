"""Plumbing every layer shares and none owns: atomic writes (``atomic``), the
collector pause (``collector``), the content hash of a file's bytes
(``hashing``), frame cells as JSON values (``json_values``), "did you mean"
suggestions (``suggest``) and text safe for a terminal (``safe_text``).
Nothing here imports the rest of peacetracker."""
