"""Licences and citation metadata: code MIT, content CC BY 4.0, a valid CITATION.cff."""

from __future__ import annotations

import tomllib

import yaml

from soleuslib import paths

ROOT = paths.REPO_ROOT
CFF_REQUIRED = ("cff-version", "message", "title", "authors")
CONTRIBUTORS = "The soleus teaching-notebooks contributors"


def _pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _citation() -> dict:
    return yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))


def test_license_file_is_the_mit_licence_that_pyproject_declares():
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert _pyproject()["project"]["license"] == "MIT"
    assert text.startswith("MIT License")
    assert CONTRIBUTORS in text


def test_citation_cff_is_yaml_with_every_required_key_of_format_1_2_0():
    cff = _citation()
    missing = [key for key in CFF_REQUIRED if key not in cff]
    assert not missing, f"CITATION.cff lacks {missing}"
    assert cff["cff-version"] == "1.2.0"
    assert isinstance(cff["authors"], list) and cff["authors"]
    for author in cff["authors"]:
        assert "name" in author or "family-names" in author, author


def test_citation_names_the_contributors_as_an_entity_and_the_package_version():
    cff = _citation()
    assert {"name": CONTRIBUTORS} in cff["authors"]
    assert cff["version"] == _pyproject()["project"]["version"]
    assert set(cff["license"]) == {"MIT", "CC-BY-4.0"}


def test_readme_states_both_licences_how_to_cite_and_how_to_report_an_error():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for heading in ("## Licence", "## How to cite", "## Report an error"):
        assert heading in readme
    assert "CC BY 4.0" in readme and "MIT" in readme and "CITATION.cff" in readme


def test_site_footer_states_the_content_licence():
    config = yaml.safe_load((ROOT / "site" / "_config.yml").read_text(encoding="utf-8"))
    footer = config["html"]["extra_footer"]
    assert "CC BY 4.0" in footer and "creativecommons.org/licenses/by/4.0" in footer


def test_content_licence_file_names_cc_by_4_0_and_its_scope():
    text = (ROOT / "LICENSE-CONTENT.md").read_text(encoding="utf-8")
    assert "CC BY 4.0" in text and "notebooks/" in text and "data/" in text
