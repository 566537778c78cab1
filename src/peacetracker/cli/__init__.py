"""The ``peacetracker`` command: one click group, each command in its own module,
imported only when it runs (start-up stays fast)."""

from __future__ import annotations

import importlib
import sys
from typing import Any

import click

__all__ = ["main"]

#: Command name -> "module:function", relative to this package.
COMMANDS: dict[str, str] = {
    "add": "add:add",
    "check": "check:check",
    "diff": "diff:diff",
    "edit": "edit:edit",
    "export": "export:export",
    "fmt": "fmt:fmt",
    "init": "init:init",
    "quote": "quote:quote",
    "report": "report:report",
    "schema": "schema:schema",
    "set": "settings:set_",
}


class LazyGroup(click.Group):
    """A group whose commands are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        target = COMMANDS.get(name)
        if target is None:
            return None
        module, attr = target.split(":")
        return getattr(importlib.import_module(f"{__name__}.{module}"), attr)

    def main(self, *args: Any, **kwargs: Any) -> Any:
        """Run the CLI; a reader that closed the pipe early ends it quietly (status 141),
        including a failure of the last flush of standard output."""
        from ._guard import closed_stdout

        try:
            try:
                return super().main(*args, **kwargs)
            finally:
                if sys.stdout is not None:
                    sys.stdout.flush()
        except BrokenPipeError:
            closed_stdout()

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: click.Context | None = None,
        **extra: Any,
    ) -> click.Context:
        """Parse the arguments (``--help`` and ``--version`` write here)."""
        from ._guard import closed_stdout

        try:
            return super().make_context(info_name, args, parent=parent, **extra)
        except BrokenPipeError:
            closed_stdout()
            raise  # not reached

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command; no input ever ends in a traceback (see _guard)."""
        from ._guard import guarded

        return guarded(ctx, lambda: super(LazyGroup, self).invoke(ctx))


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="peacetracker")
def main() -> None:
    """Track negotiation positions: gaps, overlaps and changes between parties.

    \b
    Examples:
      peacetracker init talks --title "Northland-Southland talks"
      peacetracker check positions/
      peacetracker report positions/ --since 2025-12-26
    """
