"""soleuslib.site and site_outputs: light figure HTML from stored outputs, per-page assets, the
light theme, the table of contents and the patient view's parts."""

from __future__ import annotations

import json
import re
from pathlib import Path

import plotly.graph_objects as go
import pytest

from soleuslib import catalog, figures, paths, site, site_outputs


def _figure(y=(1, 2, 3), alt="A line rising steadily from one to three.") -> go.Figure:
    return figures.finish(go.Figure(go.Scatter(y=list(y))), title="Demo", alt=alt)


def _payload(html: str) -> dict:
    match = re.search(
        r'<script type="application/json" class="soleus-plotly-data">(.*?)</script>', html
    )
    return json.loads(match.group(1).replace("<\\/", "</"))


def test_site_html_carries_the_figure_data_but_not_plotly_js_or_mathjax():
    html = site.figure_html(_figure().to_dict())
    assert "plotly.js v" not in html and "Plotly.newPlot" not in html
    assert "mathjax" not in html.lower() and "cdn" not in html.lower()
    assert _payload(html)["data"][0]["y"] == [1, 2, 3]
    assert len(html) < 10_000


def test_same_figure_gives_the_same_div_id_and_a_different_figure_another():
    first = site.figure_html(_figure().to_dict())
    again = site.figure_html(_figure().to_dict())
    other = site.figure_html(_figure(y=(3, 2, 1)).to_dict())
    ids = [re.search(r'id="(fig-[0-9a-f]{12})"', h).group(1) for h in (first, again, other)]
    assert ids[0] == ids[1] != ids[2]


def test_figure_div_is_an_image_labelled_with_the_text_alternative():
    html = site.figure_html(_figure(alt='Bars for "left" & right legs, both near 40 cm.').to_dict())
    assert 'role="img"' in html
    assert 'aria-label="Bars for &quot;left&quot; &amp; right legs, both near 40 cm."' in html


def test_figure_without_text_alternative_gets_no_label():
    html = site.figure_html(go.Figure(go.Scatter(y=[1])).to_dict())
    assert "aria-label" not in html


def test_json_cannot_close_its_script_element_early():
    fig = _figure()
    fig.update_layout(title_text="</script><b>x</b>")
    html = site.figure_html(fig.to_dict())
    assert html.count("</script>") == 1
    assert _payload(html)["layout"]["title"]["text"] == "</script><b>x</b>"


def test_stored_figures_carry_the_small_house_template_not_plotlys_full_one():
    layout = _figure().to_dict()["layout"]
    assert layout["template"] == figures.TEMPLATE
    assert "data" not in layout["template"]


def test_committed_notebook_figures_store_no_full_plotly_template():
    for notebook in sorted(paths.NOTEBOOKS_DIR.glob("*.ipynb")):
        text = notebook.read_text(encoding="utf-8")
        assert '"barpolar"' not in text, f"{notebook.name} stores plotly's full template"


def test_frames_survive_for_animated_figures():
    fig = _figure()
    fig.frames = [go.Frame(data=[go.Scatter(y=[3, 2, 1])], name="f1")]
    assert _payload(site.figure_html(fig.to_dict()))["frames"][0]["name"] == "f1"


def test_repeated_figures_on_one_page_get_numbered_ids():
    from collections import Counter

    ids = Counter()
    first = site.figure_html(_figure().to_dict(), figure_ids=ids)
    second = site.figure_html(_figure().to_dict(), figure_ids=ids)
    base = re.search(r'id="(fig-[0-9a-f]{12})"', first).group(1)
    assert f'id="{base}-2"' in second


class _Data:
    def __init__(self, mime_type, content):
        self.mime_type, self.content = mime_type, content


class _Renderer:
    """The parts of MyST-NB's element renderer that the plugin reads."""

    def __init__(self, widget_state=None):
        from types import SimpleNamespace

        metadata = {"widgets": {site_outputs.WIDGET_STATE_MIMETYPE: widget_state or {}}}
        self.renderer = SimpleNamespace(
            document={},
            nb_client=SimpleNamespace(notebook=SimpleNamespace(metadata=metadata)),
        )


def test_mime_plugin_is_registered_for_myst_nb():
    from importlib.metadata import entry_points

    plugins = {ep.value for ep in entry_points(group="myst_nb.mime_renderers")}
    assert "soleuslib.site_outputs:SiteOutputs" in plugins
    assert (
        "html",
        site_outputs.PLOTLY_MIMETYPE,
        5,
    ) in site_outputs.SiteOutputs.mime_priority_overrides


def test_mime_plugin_turns_stored_plotly_json_into_the_light_figure_html():
    fig = _figure().to_dict()
    (node,) = site_outputs.SiteOutputs.handle_mime(
        _Renderer(), _Data(site_outputs.PLOTLY_MIMETYPE, fig), False
    )
    assert node.astext() == site.figure_html(fig)
    assert 'role="img"' in node.astext()


def test_mime_plugin_leaves_other_outputs_to_myst_nb():
    assert (
        site_outputs.SiteOutputs.handle_mime(_Renderer(), _Data("text/html", "<b>"), False) is None
    )


WIDGET_STATE = {
    "state": {
        "box": {"model_name": "VBoxModel", "state": {"children": ["IPY_MODEL_s", "IPY_MODEL_o"]}},
        "s": {
            "model_name": "FloatSliderModel",
            "state": {"description": "Knee flexion (deg)", "value": 30.0, "min": 0, "max": 90},
        },
        "o": {"model_name": "OutputModel", "state": {"outputs": []}},
    }
}


def test_saved_widget_becomes_a_still_copy_with_its_values_and_a_live_note():
    fig = _figure().to_dict()
    WIDGET_STATE["state"]["o"]["state"]["outputs"] = [
        {"output_type": "display_data", "data": {site_outputs.PLOTLY_MIMETYPE: fig}}
    ]
    view = _Data(site_outputs.WIDGET_VIEW_MIMETYPE, {"model_id": "box"})
    markup, note = site_outputs.SiteOutputs.handle_mime(_Renderer(WIDGET_STATE), view, False)
    html = markup.astext()
    assert html.startswith('<div class="widget-subarea soleus-static-widget"><div class="jupyter')
    assert "Knee flexion (deg)" in html and 'value="30.0"' in html and "disabled" in html
    assert 'class="soleus-plotly"' in html  # the figure inside the Output widget is drawn too
    assert note.astext() == site.LIVE_NOTE


def test_page_assets_follow_what_the_page_shows():
    assert site.page_assets("<p>text only</p>") == ([], [])
    js, css = site.page_assets('<div class="soleus-plotly"></div>')
    assert js == ["soleus-figures.js", "soleus-responsive.js"] and css == []


def test_light_head_drops_the_icon_script_and_the_search_index_only():
    head = (
        '<script defer src="../_static/scripts/fontawesome.js?digest=1"></script>\n'
        '<script src="../_static/searchtools.js"></script>\n'
        '<script src="../searchindex.js"></script>\n'
        '<script defer src="../_static/scripts/bootstrap.js?digest=1"></script>'
    )
    assert site.light_head(head).strip() == (
        '<script defer src="../_static/scripts/bootstrap.js?digest=1"></script>'
    )


def test_light_css_keeps_rules_for_used_classes_elements_and_at_rules():
    css = (
        ".used{a:1}.unused{b:2}.used,.unused{c:3}p{d:4}.btn:not(.disabled){e:5}"
        "@media (min-width:1px){.used{f:6}.unused{g:7}}@font-face{font-family:x}"
    )
    light = site.light_css(css, {"used", "btn"})
    assert light == (
        ".used{a:1}.used,.unused{c:3}p{d:4}.btn:not(.disabled){e:5}"
        "@media (min-width:1px){.used{f:6}}@font-face{font-family:x}"
    )


def test_icons_used_on_pages_become_svg_masks():
    icons = site.icons_used(['<i class="fa-solid fa-bars fa-lg"></i>', '<span class="x"></span>'])
    assert icons == {("solid", "bars")}
    assert "--soleus-icon: url(" in site.icon_css(icons)
    assert site.icons_used(['<i class="fas fa-expand"></i>']) == {("solid", "expand")}
    assert ".fas::before" in site.icon_css(set())  # the book theme's older spelling is drawn too


def test_toc_lists_every_lesson_of_lessons_csv_in_order():
    import yaml

    toc = yaml.safe_load(site.toc_yaml())
    files = [toc["root"]] + [chapter["file"] for chapter in toc["chapters"]]
    expected = [f"notebooks/{Path(n).stem}" for n in catalog.lessons()["notebook"]]
    assert files == expected
    assert "notebooks/handout" not in files


def test_site_config_renders_committed_outputs_without_a_kernel():
    import yaml

    config = yaml.safe_load((paths.REPO_ROOT / "site" / "_config.yml").read_text())
    assert config["execute"]["execute_notebooks"] == "off"
    assert config["sphinx"]["config"]["nb_ipywidgets_js"] == {}
    makefile = (paths.REPO_ROOT / "Makefile").read_text()
    assert "IPYTHONDIR" not in makefile and "kernel_startup" not in makefile
    assert not (paths.REPO_ROOT / "site" / "kernel_startup.py").exists()
    assert (
        "plotly.io._base_renderers" not in (paths.REPO_ROOT / "soleuslib" / "site.py").read_text()
    )


def test_missing_npm_assets_name_the_command_that_installs_them(tmp_path: Path):
    with pytest.raises(FileNotFoundError, match="npm ci --prefix site"):
        site.copy_assets(tmp_path / "out", node_modules=tmp_path / "nowhere")


def test_site_module_still_starts_the_patient_view(monkeypatch):
    from soleuslib.patient import view

    seen = []
    monkeypatch.setattr(view, "present", lambda port=None: seen.append(port) or 0)
    assert site.main(["present", "8899"]) == 0
    assert seen == [8899]


def _trace_types_in_notebooks() -> set[str]:
    found = set()
    for notebook in sorted(paths.NOTEBOOKS_DIR.glob("*.ipynb")):
        for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
            for output in cell.get("outputs", []):
                fig = output.get("data", {}).get("application/vnd.plotly.v1+json")
                if fig:
                    traces = fig["data"] + [t for f in fig.get("frames", []) for t in f["data"]]
                    found |= {t.get("type", "scatter") for t in traces}
    return found


def test_every_figure_uses_a_trace_type_of_the_served_plotly_bundle():
    unsupported = _trace_types_in_notebooks() - site.BASIC_TRACE_TYPES
    assert not unsupported, (
        f"trace types {sorted(unsupported)} need the full plotly.js bundle: "
        "change site.PLOTLY_BUNDLE and site/package.json"
    )


def test_served_plotly_js_has_the_major_version_the_python_package_draws_for():
    from plotly.offline import get_plotlyjs_version

    lock = json.loads((paths.REPO_ROOT / "site" / "package-lock.json").read_text())
    bundle = lock["packages"]["node_modules/plotly.js-basic-dist-min"]["version"]
    # Same major version (semver): figure JSON from plotly.py then draws the same.
    assert bundle.split(".")[0] == get_plotlyjs_version().split(".")[0], (
        bundle,
        get_plotlyjs_version(),
    )
