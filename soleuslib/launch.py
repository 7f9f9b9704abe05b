"""Launch links: open a lesson live on Binder or in a course's own JupyterHub.

One setting drives every link: ``[tool.soleus.launch]`` in pyproject.toml (repository URL, branch,
BinderHub URL, course hub URL). An empty value means "no such button": with no repository set, the
site shows no launch button at all rather than one pointing at a placeholder.

* Binder: ``{binderhub}/v2/gh/{org}/{repo}/{branch}?urlpath=lab/tree/{path}`` (BinderHub's launch
  URL; any other git host goes through ``/v2/git/{url-encoded repository}/{branch}``).
* Course hub: an nbgitpuller link, in the format its documentation gives (nbgitpuller docs,
  "Options in an nbgitpuller URL" and the link generator's ``generateRegularUrl``):
  ``{hub}/hub/user-redirect/git-pull?repo=…&urlpath=…&branch=…``. nbgitpuller clones into a folder
  named after the repository, so ``urlpath`` starts with that folder: ``lab/tree/{repo}/{path}``.

``python -m soleuslib.launch`` prints every lesson's links (and the patient view's on the hub),
for a teacher to hand out; ``--hub URL`` tries a hub URL before committing it.
"""

from __future__ import annotations

import sys
import tomllib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

from soleuslib import paths

PYPROJECT = paths.REPO_ROOT / "pyproject.toml"
PATIENT_VIEW_PATH = "site/patient_view.ipynb"
# urlpath prefixes of the two front ends a link can open (nbgitpuller docs, "urlpath").
INTERFACES = {"lab": "lab/tree", "voila": "voila/render"}


@dataclass(frozen=True)
class LaunchSettings:
    """Where the lessons live and where they can be opened live; "" means not set."""

    repository_url: str = ""
    branch: str = "main"
    binderhub_url: str = ""
    hub_url: str = ""


@dataclass(frozen=True)
class LaunchLink:
    """One launch button: its label, its address and a tooltip."""

    text: str
    url: str
    tooltip: str


def settings_from_toml(text: str) -> LaunchSettings:
    """The ``[tool.soleus.launch]`` table of a pyproject.toml text (defaults where absent)."""
    table = tomllib.loads(text).get("tool", {}).get("soleus", {}).get("launch", {})
    known = set(LaunchSettings.__dataclass_fields__)
    unknown = sorted(set(table) - known)
    if unknown:
        raise ValueError(
            f"[tool.soleus.launch] has unknown keys {unknown}; allowed: {sorted(known)}"
        )
    values = {key: str(value).strip() for key, value in table.items()}
    settings = LaunchSettings(**values)
    for key in ("repository_url", "binderhub_url", "hub_url"):
        _check_url(key, getattr(settings, key))
    if settings.repository_url and not settings.branch:
        raise ValueError("[tool.soleus.launch] branch is empty; name the branch to open")
    return settings


def load_settings(pyproject: Path = PYPROJECT) -> LaunchSettings:
    """The launch settings of this repository (pyproject.toml, ``[tool.soleus.launch]``)."""
    return settings_from_toml(pyproject.read_text(encoding="utf-8"))


def _check_url(key: str, url: str) -> None:
    if not url:
        return
    parts = urlsplit(url)
    if parts.scheme not in {"https", "http"} or not parts.netloc:
        raise ValueError(
            f"[tool.soleus.launch] {key} must be a full address starting with https:// "
            f"(got {url!r}); leave it empty for no button"
        )


def repository_folder(repository_url: str) -> str:
    """The folder ``git clone`` (and so nbgitpuller) makes: the URL's last part, minus ``.git``."""
    name = urlsplit(repository_url).path.rstrip("/").rsplit("/", 1)[-1]
    name = name.removesuffix(".git")
    if not name:
        raise ValueError(f"repository_url must end with a repository name (got {repository_url!r})")
    return name


def urlpath(interface: str, folder: str, path_in_repo: str) -> str:
    """The server-relative path that opens ``path_in_repo`` in JupyterLab or Voilà."""
    if interface not in INTERFACES:
        raise ValueError(f"interface must be one of {sorted(INTERFACES)} (got {interface!r})")
    parts = [INTERFACES[interface], folder, path_in_repo.strip("/")]
    return "/".join(part for part in parts if part)


def nbgitpuller_url(
    hub_url: str,
    repository_url: str,
    branch: str,
    path_in_repo: str,
    interface: str = "lab",
) -> str:
    """The nbgitpuller link that pulls the repository into the user's home and opens a file.

    Same parameters, order and encoding as nbgitpuller's link generator: ``repo``, ``urlpath``,
    ``branch``, form-encoded, on ``{hub}/hub/user-redirect/git-pull``.
    """
    _check_url("hub_url", hub_url)
    _check_url("repository_url", repository_url)
    if not hub_url or not repository_url:
        raise ValueError("nbgitpuller_url needs both hub_url and repository_url")
    folder = repository_folder(repository_url)
    query = {"repo": repository_url, "urlpath": urlpath(interface, folder, path_in_repo)}
    if branch:
        query["branch"] = branch
    return f"{hub_url.rstrip('/')}/hub/user-redirect/git-pull?{urlencode(query)}"


def binder_url(binderhub_url: str, repository_url: str, branch: str, path_in_repo: str) -> str:
    """The BinderHub link that builds the repository's image and opens a file in JupyterLab."""
    _check_url("binderhub_url", binderhub_url)
    _check_url("repository_url", repository_url)
    if not binderhub_url or not repository_url:
        raise ValueError("binder_url needs both binderhub_url and repository_url")
    parts = urlsplit(repository_url)
    segments = [s for s in parts.path.strip("/").removesuffix(".git").split("/") if s]
    if parts.netloc == "github.com" and len(segments) == 2:
        spec = f"gh/{segments[0]}/{segments[1]}/{quote(branch, safe='')}"
    else:
        spec = f"git/{quote(repository_url, safe='')}/{quote(branch, safe='')}"
    query = urlencode({"urlpath": urlpath("lab", "", path_in_repo)}, safe="/")
    return f"{binderhub_url.rstrip('/')}/v2/{spec}?{query}"


def launch_links(settings: LaunchSettings, path_in_repo: str) -> list[LaunchLink]:
    """The launch buttons a page of ``path_in_repo`` gets: none without a repository."""
    if not settings.repository_url:
        return []
    links = []
    if settings.binderhub_url:
        url = binder_url(
            settings.binderhub_url, settings.repository_url, settings.branch, path_in_repo
        )
        links.append(LaunchLink("Binder", url, "Open this lesson live on Binder (free, public)"))
    if settings.hub_url:
        url = nbgitpuller_url(
            settings.hub_url, settings.repository_url, settings.branch, path_in_repo
        )
        links.append(LaunchLink("Course hub", url, "Open this lesson in your course's JupyterHub"))
    return links


# --- Sphinx: the site's launch buttons -----------------------------------------------------------

ICONS = {
    "Binder": "_static/images/logo_binder.svg",
    "Course hub": "_static/images/logo_jupyterhub.svg",
}


def header_button_group(links: list[LaunchLink]) -> dict[str, Any]:
    """The links as a sphinx-book-theme header button group (the theme's own launch menu shape)."""
    return {
        "type": "group",
        "tooltip": "Open this lesson live",
        "icon": "fas fa-rocket",
        "label": "launch-buttons",
        "buttons": [
            {
                "type": "link",
                "text": link.text,
                "tooltip": link.tooltip,
                "icon": ICONS.get(link.text, "fas fa-external-link-alt"),
                "url": link.url,
            }
            for link in links
        ],
    }


def add_launch_buttons(app, pagename: str, templatename: str, context: dict, doctree) -> None:
    """``html-page-context``: a launch menu on each notebook page, from ``[tool.soleus.launch]``."""
    if "header_buttons" not in context or "kernelspec" not in app.env.metadata.get(pagename, {}):
        return
    links = launch_links(load_settings(), f"{pagename}.ipynb")
    if links:
        context["header_buttons"].append(header_button_group(links))


# --- command line ---------------------------------------------------------------------------------


def main(argv: list[str]) -> int:
    """Print each lesson's launch links and the patient view's hub link."""
    from soleuslib import catalog

    settings = load_settings()
    if argv[:1] == ["--hub"] and len(argv) == 2:
        settings = replace(settings, hub_url=argv[1])
    elif argv:
        sys.stderr.write("usage: python -m soleuslib.launch [--hub https://hub.example.org]\n")
        return 2
    if not settings.repository_url:
        sys.stderr.write(
            "No repository_url in [tool.soleus.launch] (pyproject.toml): no launch links.\n"
        )
        return 1
    for name in catalog.lessons()["notebook"]:
        for link in launch_links(settings, f"notebooks/{name}"):
            print(f"{name}\t{link.text}\t{link.url}")
    if settings.hub_url:
        url = nbgitpuller_url(
            settings.hub_url, settings.repository_url, settings.branch, PATIENT_VIEW_PATH, "voila"
        )
        print(f"patient view\tCourse hub (Voilà)\t{url}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
