"""Java libraries from Maven Central, resolved once into the project's cache: Neo4j for the development server,
Apache Jena for the tests' RDF validation.

A generated POM lists the artifacts; ``mvn dependency:copy-dependencies``
copies them and everything they need into a staging folder of its own (two
processes fetching at once never write into each other's), which is renamed
into place whole and marked complete, so a fetch cut short is done again.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from kommunegraf.errors import KommunegrafError

Artifact = tuple[str, str, str]  # group id, artifact id, version

_POM = """<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>kommunegraf</groupId>
  <artifactId>{name}-classpath</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
{dependencies}
  </dependencies>
</project>
"""
_DEPENDENCY = """    <dependency>
      <groupId>{}</groupId>
      <artifactId>{}</artifactId>
      <version>{}</version>
    </dependency>"""


class MavenError(KommunegrafError):
    """Java libraries could not be had from Maven Central."""


def cache_dir() -> Path:
    """Where the jars are kept between runs: $KOMMUNEGRAF_CACHE, else ~/.cache/kommunegraf."""
    given = os.environ.get("KOMMUNEGRAF_CACHE")
    return Path(given) if given else Path.home() / ".cache" / "kommunegraf"


def resolve(name: str, artifacts: list[Artifact], cache: Path | None = None) -> Path:
    """The folder of ``artifacts``' jars and their dependencies (``CACHE/NAME/lib``), fetched on first use.

    ``name`` names the set (``neo4j-5.26.0``); the first artifact's jar must be among what Maven copied.
    """
    root = (cache or cache_dir()) / name
    lib = root / "lib"
    group, first, version = artifacts[0]
    wanted = f"{first}-{version}.jar"
    if (root / "complete").is_file():
        return lib
    mvn = shutil.which("mvn")
    if mvn is None:
        raise MavenError(f"mvn is not on the PATH: {group}:{first} comes from Maven Central (Java 17 and Maven)")
    root.mkdir(parents=True, exist_ok=True)
    pom = root / "pom.xml"
    dependencies = "\n".join(_DEPENDENCY.format(*artifact) for artifact in artifacts)
    pom.write_text(_POM.format(name=name, dependencies=dependencies), encoding="utf-8")
    staging = Path(tempfile.mkdtemp(prefix="lib.partial-", dir=root))
    result = subprocess.run(
        [mvn, "-q", "-B", "-f", str(pom), "dependency:copy-dependencies", f"-DoutputDirectory={staging}"],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0 or not (staging / wanted).is_file():
        shutil.rmtree(staging, ignore_errors=True)
        raise MavenError(
            f"Maven could not resolve {group}:{first}:{version}: {result.stdout[-800:]}{result.stderr[-800:]}"
        )
    try:
        staging.rename(lib)
    except OSError:  # another process got there first
        shutil.rmtree(staging, ignore_errors=True)
    if not (lib / wanted).is_file():
        raise MavenError(f"{lib} holds no {wanted}; remove {root} and try again")
    (root / "complete").write_text(version, encoding="utf-8")
    return lib
