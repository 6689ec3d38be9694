"""deploy/: what can be checked of a cluster deployment without a cluster.

- deploy/z2jh/config.yaml, merged over the chart's own defaults as Helm merges them, is valid
  against the chart's values schema (vendored from Zero to JupyterHub 4.4.0), and a broken
  values file is not;
- the Voila settings in its server config file are the ones ``make voila`` and
  ``collective-ai hub`` pass (collective_ai.live.servers.voila_command);
- repo2docker reads the repository (``--no-build``: no Docker needed) and builds on Python
  3.11 with requirements.txt.
"""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml

from collective_ai.live.servers import voila_command

ROOT = Path(__file__).resolve().parents[1]
Z2JH = ROOT / "deploy" / "z2jh"
CHART = Z2JH / "chart-4.4.0"
# Flags that say where one server listens or runs: the chart and the hub set those.
PER_SERVER = {"ServerApp.ip", "ServerApp.port", "ServerApp.port_retries", "IdentityProvider.token"}


def merged(over: dict, base: dict) -> dict:
    """``over`` merged into ``base`` as Helm merges a values file into the chart's values."""
    result = copy.deepcopy(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(result.get(key), dict):
            result[key] = merged(value, result[key])
        else:
            result[key] = copy.deepcopy(value)
    return result


def schema_errors(values: dict) -> list[str]:
    schema = json.loads((CHART / "values.schema.json").read_text())
    defaults = yaml.safe_load((CHART / "values.yaml").read_text())
    validator = jsonschema.Draft7Validator(schema)
    return [
        f"{'.'.join(map(str, error.absolute_path))}: {error.message}"
        for error in validator.iter_errors(merged(values, defaults))
    ]


def config() -> dict:
    return yaml.safe_load((Z2JH / "config.yaml").read_text())


def test_the_course_values_are_valid_for_the_chart():
    assert schema_errors(config()) == []


@pytest.mark.parametrize(
    ("broken", "where"),
    [
        ({"singleuser": {"memmory": {"limit": "1G"}}}, "singleuser"),  # a misspelt key
        ({"cull": {"timeout": "an hour"}}, "cull.timeout"),  # a number as words
        ({"singleuser": {"extraFiles": {"x": {"data": {}}}}}, "singleuser.extraFiles.x"),
    ],
)
def test_a_broken_values_file_fails_the_schema(broken, where):
    errors = schema_errors(merged(broken, config()))
    assert any(error.startswith(f"{where}:") for error in errors), errors


def test_the_vendored_schema_names_its_version_and_licence():
    notice = (CHART / "README.md").read_text()
    assert "4.4.0" in notice
    assert "BSD 3-Clause" in (CHART / "LICENSE").read_text()


def test_the_cluster_serves_the_labs_as_make_voila_does():
    flags = [
        flag.removeprefix("--").split("=", 1)
        for flag in voila_command(root=ROOT, host="h", port=1, token="", course_root=ROOT)
        if flag.startswith("--") and "=" in flag
    ]
    files = config()["singleuser"]["extraFiles"]["course-server-config"]["data"]
    missing = [
        name
        for name, _ in flags
        if name not in PER_SERVER and name.split(".")[1] not in files.get(name.split(".")[0], {})
    ]
    assert not missing, f"set by voila_command but not on the cluster: {missing}"
    assert files["VoilaConfiguration"]["template"] == dict(flags)["VoilaConfiguration.template"]


def test_repo2docker_builds_the_image_on_python_311_from_requirements():
    run = subprocess.run(
        [
            str(Path(sys.executable).with_name("jupyter-repo2docker")),
            "--no-build",
            "--no-run",
            "--debug",
            str(ROOT),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    output = run.stdout + run.stderr
    assert "python=3.11" in output
    assert 'pip install --no-cache-dir -r "requirements.txt"' in output


def test_the_littlest_jupyterhub_serves_the_labs_as_make_voila_does():
    from traitlets.config import Config

    c = Config()
    source = (ROOT / "deploy" / "tljh" / "collective-ai.py").read_text()
    exec(compile(source, "collective-ai.py", "exec"), {"get_config": lambda: c})
    assert "--VoilaConfiguration.template=collective-ai" in c.Spawner.args
    assert "--ServerApp.root_dir=/opt/collective-ai/notebooks" in c.Spawner.args
    assert not [a for a in c.Spawner.args if a.startswith(("--ServerApp.port=", "--no-browser"))]
    assert c.Spawner.default_url == "/voila/"
