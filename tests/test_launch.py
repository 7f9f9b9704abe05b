"""Launch links (soleuslib/launch.py): Binder and the course hub (nbgitpuller), one setting."""

from __future__ import annotations

from types import SimpleNamespace
from urllib.parse import parse_qsl, urlsplit

import pytest
import yaml

from soleuslib import launch, paths

REPO = "https://github.com/soleus-teaching/soleus-notebooks"
HUB = "https://hub.example.edu"
LESSON = "notebooks/01_soleus_anatomy.ipynb"


def _settings(**values: str) -> launch.LaunchSettings:
    return launch.LaunchSettings(**{"branch": "main", **values})


def test_nbgitpuller_link_follows_the_documented_format():
    url = launch.nbgitpuller_url(HUB, REPO, "main", LESSON)
    assert url == (
        "https://hub.example.edu/hub/user-redirect/git-pull"
        "?repo=https%3A%2F%2Fgithub.com%2Fsoleus-teaching%2Fsoleus-notebooks"
        "&urlpath=lab%2Ftree%2Fsoleus-notebooks%2Fnotebooks%2F01_soleus_anatomy.ipynb"
        "&branch=main"
    )


def test_nbgitpuller_link_decodes_to_repo_urlpath_and_branch():
    parts = urlsplit(launch.nbgitpuller_url(HUB + "/", REPO + ".git", "spring-2026", LESSON))
    assert parts.path == "/hub/user-redirect/git-pull"
    assert dict(parse_qsl(parts.query)) == {
        "repo": REPO + ".git",
        "urlpath": f"lab/tree/soleus-notebooks/{LESSON}",
        "branch": "spring-2026",
    }


def test_nbgitpuller_link_keeps_a_hub_served_under_a_base_path():
    url = launch.nbgitpuller_url("https://uni.example/jupyter/", REPO, "main", LESSON)
    assert url.startswith("https://uni.example/jupyter/hub/user-redirect/git-pull?")


def test_nbgitpuller_link_opens_the_patient_view_in_voila():
    url = launch.nbgitpuller_url(HUB, REPO, "main", launch.PATIENT_VIEW_PATH, "voila")
    query = dict(parse_qsl(urlsplit(url).query))
    assert query["urlpath"] == "voila/render/soleus-notebooks/site/patient_view.ipynb"


def test_nbgitpuller_link_rejects_a_hub_address_without_scheme():
    with pytest.raises(ValueError, match="hub_url must be a full address"):
        launch.nbgitpuller_url("hub.example.edu", REPO, "main", LESSON)


def test_binder_link_uses_the_github_short_form_and_opens_jupyterlab():
    url = launch.binder_url("https://mybinder.org/", REPO, "main", LESSON)
    assert url == (
        "https://mybinder.org/v2/gh/soleus-teaching/soleus-notebooks/main"
        f"?urlpath=lab/tree/{LESSON}"
    )


def test_binder_link_passes_other_git_hosts_through_encoded():
    url = launch.binder_url(
        "https://mybinder.org", "https://git.example.org/a/b.git", "main", LESSON
    )
    assert url.startswith(
        "https://mybinder.org/v2/git/https%3A%2F%2Fgit.example.org%2Fa%2Fb.git/main?"
    )


def test_no_repository_means_no_launch_button_at_all():
    settings = _settings(binderhub_url="https://mybinder.org", hub_url=HUB)
    assert launch.launch_links(settings, LESSON) == []


def test_a_repository_with_binder_but_no_hub_gives_only_the_binder_button():
    settings = _settings(repository_url=REPO, binderhub_url="https://mybinder.org")
    assert [link.text for link in launch.launch_links(settings, LESSON)] == ["Binder"]


def test_a_course_hub_adds_its_nbgitpuller_button():
    settings = _settings(repository_url=REPO, binderhub_url="https://mybinder.org", hub_url=HUB)
    links = launch.launch_links(settings, LESSON)
    assert [link.text for link in links] == ["Binder", "Course hub"]
    assert links[1].url == launch.nbgitpuller_url(HUB, REPO, "main", LESSON)


def test_settings_are_read_from_the_tool_soleus_launch_table():
    text = f'[tool.soleus.launch]\nrepository_url = "{REPO}"\nhub_url = "{HUB}"\n'
    assert launch.settings_from_toml(text) == launch.LaunchSettings(
        repository_url=REPO, branch="main", binderhub_url="", hub_url=HUB
    )


def test_a_misspelt_setting_is_named_in_the_error():
    with pytest.raises(ValueError, match="unknown keys \\['hub'\\]"):
        launch.settings_from_toml('[tool.soleus.launch]\nhub = "https://x.org"\n')


def test_the_committed_settings_parse_and_point_at_no_placeholder():
    settings = launch.load_settings()
    assert "soleus-teaching" not in settings.repository_url  # the old placeholder
    assert settings.binderhub_url in {"", "https://mybinder.org"}


def test_the_site_config_leaves_launch_buttons_to_soleuslib():
    config = yaml.safe_load((paths.REPO_ROOT / "site" / "_config.yml").read_text())
    assert "launch_buttons" not in config and "repository" not in config


def _page(metadata: dict) -> tuple[SimpleNamespace, dict]:
    app = SimpleNamespace(env=SimpleNamespace(metadata={"notebooks/x": metadata}))
    return app, {"header_buttons": []}


def test_a_notebook_page_gets_the_launch_menu_when_a_repository_is_set(monkeypatch):
    settings = _settings(repository_url=REPO, binderhub_url="https://mybinder.org", hub_url=HUB)
    monkeypatch.setattr(launch, "load_settings", lambda: settings)
    app, context = _page({"kernelspec": {"name": "python3"}})
    launch.add_launch_buttons(app, "notebooks/x", "page.html", context, None)
    (group,) = context["header_buttons"]
    assert group["label"] == "launch-buttons"
    assert [b["text"] for b in group["buttons"]] == ["Binder", "Course hub"]
    assert group["buttons"][1]["url"] == launch.nbgitpuller_url(
        HUB, REPO, "main", "notebooks/x.ipynb"
    )


def test_pages_get_no_launch_menu_without_a_repository_or_when_not_a_notebook(monkeypatch):
    monkeypatch.setattr(launch, "load_settings", lambda: _settings(hub_url=HUB))
    app, context = _page({"kernelspec": {"name": "python3"}})
    launch.add_launch_buttons(app, "notebooks/x", "page.html", context, None)
    assert context["header_buttons"] == []
    monkeypatch.setattr(
        launch, "load_settings", lambda: _settings(repository_url=REPO, hub_url=HUB)
    )
    app, context = _page({})
    launch.add_launch_buttons(app, "notebooks/x", "page.html", context, None)
    assert context["header_buttons"] == []


def test_the_site_extension_wires_the_launch_menu_into_every_page():
    connected = []
    app = SimpleNamespace(
        setup_extension=lambda name: None,
        add_css_file=lambda name: None,
        connect=lambda event, handler, priority=500: connected.append((event, handler, priority)),
    )
    from soleuslib import site

    site.setup(app)
    # after sphinx-book-theme's prep_header_buttons (500), like the theme's own launch menu (501)
    assert ("html-page-context", launch.add_launch_buttons, 501) in connected
