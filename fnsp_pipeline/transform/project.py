"""The dbt project as Dagster sees it, and how its manifest is prepared.

Kept free of other project imports so that `dagster-dbt project prepare-and-package --file`
can load it alone. Outside `dagster dev` nothing here runs dbt at import: `prepare_manifest()`
(or `python -m fnsp_pipeline.transform.project`) writes target/manifest.json and must run
before `fnsp_pipeline.transform.assets` is imported on a clean clone (Makefile setup, test
session, `fnsp refresh`). Under `dagster dev` the manifest is re-parsed when dbt files changed.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

from dagster_dbt import DbtProject

DBT_PROJECT_DIR = Path(__file__).resolve().parents[2] / "dbt_project"
# The venv's dbt: without an activated venv, `dbt` may not be on PATH.
DBT_EXECUTABLE = Path(sys.executable).parent / "dbt"

fnsp_dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)


def _sources(project_dir: Path) -> list[Path]:
    patterns = ("dbt_project.yml", "profiles.yml", "models/**/*", "macros/**/*", "seeds/**/*",
                "tests/**/*", "analyses/**/*")
    return [path for pattern in patterns for path in project_dir.glob(pattern) if path.is_file()]


def manifest_is_stale(project: DbtProject = fnsp_dbt_project) -> bool:
    """No manifest, or a project file changed after it was written."""
    manifest = project.manifest_path
    if not manifest.exists():
        return True
    written = manifest.stat().st_mtime
    return any(path.stat().st_mtime > written for path in _sources(project.project_dir))


def prepare_manifest(project: DbtProject = fnsp_dbt_project, force: bool = False) -> Path:
    """`dbt parse` with the venv's dbt into the project's target/ (~5-10 s); skipped when the
    manifest is newer than every project file unless `force`. Needs no warehouse file."""
    if force or manifest_is_stale(project):
        subprocess.run(
            [str(DBT_EXECUTABLE), "parse", "--quiet", "--project-dir", str(project.project_dir),
             "--profiles-dir", str(project.profiles_dir),
             "--target-path", str(project.project_dir / project.target_path)],
            check=True, cwd=project.project_dir, env={**os.environ, "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"})
    return project.manifest_path


def _manifest(project: DbtProject) -> dict:
    return json.loads(project.manifest_path.read_text(encoding="utf-8"))


def model_relations(names, project: DbtProject = fnsp_dbt_project) -> dict[str, str]:
    """`schema.alias` of each named dbt model, from the prepared manifest: Python that reads
    the marts finds them where dbt put them, not where it assumes they are. Without the
    catalog (database) part: a run reads its private build file under its own name."""
    nodes = _manifest(project)["nodes"].values()
    found = {node["name"]: f'{node["schema"]}.{node["alias"]}' for node in nodes
             if node["resource_type"] == "model" and node["name"] in set(names)}
    missing = sorted(set(names) - set(found))
    if missing:
        raise KeyError(f"dbt models not in {project.manifest_path}: {', '.join(missing)}")
    return found


def source_relations(source: str, project: DbtProject = fnsp_dbt_project) -> dict[str, str]:
    """`schema.identifier` of each table of a dbt source: where Python writes what dbt reads."""
    nodes = _manifest(project)["sources"].values()
    return {node["name"]: f'{node["schema"]}.{node["identifier"]}' for node in nodes
            if node["source_name"] == source}


def prepare_if_dev(project: DbtProject = fnsp_dbt_project) -> None:
    """Under `dagster dev`, re-parse when the project changed, like DbtProject.prepare_if_dev
    but with the venv's dbt."""
    if os.environ.get("DAGSTER_IS_DEV_CLI"):
        prepare_manifest(project)


prepare_if_dev()

if __name__ == "__main__":
    print(prepare_manifest(force="--force" in sys.argv[1:]))
