"""``peacetracker schema`` through click's CliRunner."""

from __future__ import annotations

import json

from click.testing import CliRunner

from peacetracker.cli import main
from peacetracker.loading._jsonschema import schemas


def test_writes_every_schema(tmp_path):
    result = CliRunner().invoke(main, ["schema", "-o", str(tmp_path / "out")])
    assert result.exit_code == 0
    assert result.output.splitlines() == [
        f"wrote {tmp_path}/out/registry.schema.json",
        f"wrote {tmp_path}/out/stances.schema.json",
        f"wrote {tmp_path}/out/settings.schema.json",
    ]
    stances = json.loads((tmp_path / "out" / "stances.schema.json").read_text())
    assert stances == schemas()["stances.schema.json"]
    assert stances["required"] == ["party", "stances"]


def test_prints_one_schema(tmp_path):
    result = CliRunner().invoke(main, ["schema", "--print", "settings"])
    assert result.exit_code == 0
    assert json.loads(result.output)["properties"]["bands"]["type"] == "object"


def test_help_has_an_example():
    result = CliRunner().invoke(main, ["schema", "--help"])
    assert "peacetracker schema -o positions/schema" in result.output


def test_the_docs_example_is_what_schema_prints(tmp_path, monkeypatch):
    from test_cli_check import console_block

    monkeypatch.chdir(tmp_path)
    args, output = console_block("peacetracker schema")
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0
    assert result.output == output
    assert (tmp_path / "positions" / "schema" / "stances.schema.json").exists()
