"""Plumbing every layer shares and none owns: atomic writes (``atomic``), the
collector pause (``collector``), text safe for a terminal (``terminal``) and
"did you mean" suggestions (``suggest``).  Nothing here imports the rest of peacetracker."""
