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


def test_figure_is_a_figure_element_named_by_the_text_alternative():
    html = site.figure_html(_figure(alt='Bars for "left" & right legs, both near 40 cm.').to_dict())
    label = 'aria-label="Bars for &quot;left&quot; &amp; right legs, both near 40 cm."'
    assert html.startswith(f'<figure class="soleus-figure" data-traces="1" {label}>')
    assert html.endswith("</figure>")
    # no role="img": plotly draws focusable controls inside the div (axe: nested-interactive)
    assert 'role="img"' not in html


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
    assert node.astext().startswith('<figure class="soleus-figure"')


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


def _stored_figures() -> list[dict]:
    """Every plotly figure stored in the notebooks, widget outputs included."""
    found: list[dict] = []

    def walk(node) -> None:
        if isinstance(node, dict):
            fig = node.get("application/vnd.plotly.v1+json")
            if isinstance(fig, dict):
                found.append(fig)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for notebook in sorted(paths.NOTEBOOKS_DIR.glob("*.ipynb")):
        walk(json.loads(notebook.read_text(encoding="utf-8")))
    return found


def _traces(fig: dict) -> list[dict]:
    return list(fig.get("data", [])) + [t for f in fig.get("frames", []) for t in f.get("data", [])]


def _layouts(fig: dict) -> list[dict]:
    return [fig.get("layout", {})] + [f.get("layout", {}) for f in fig.get("frames", [])]


# What in a figure needs which plotly.js component (the rest of plotly.js's core components draw
# features no stored figure can ask for without one of these keys).
LAYOUT_COMPONENTS = {
    "annotations": "annotations",
    "shapes": "shapes",
    "updatemenus": "updatemenus",
    "sliders": "sliders",
    "images": "images",
    "selections": "selections",
    "grid": "grid",
    "coloraxis": "colorbar",
}
AXIS_COMPONENTS = {"rangeslider": "rangeslider", "rangeselector": "rangeselector"}
TRACE_COMPONENTS = {
    "error_x": "errorbars",
    "error_y": "errorbars",
    "colorbar": "colorbar",
    "showscale": "colorbar",
    "xcalendar": "calendars",
    "ycalendar": "calendars",
}


def _components_used(fig: dict) -> set[str]:
    used = {"legend", "fx", "modebar"}  # every cartesian figure: legend, hover, the mode bar
    for layout in _layouts(fig):
        used |= {c for key, c in LAYOUT_COMPONENTS.items() if key in layout}
        for key, value in layout.items():
            if re.fullmatch(r"[xy]axis\d*", key) and isinstance(value, dict):
                used |= {c for k, c in AXIS_COMPONENTS.items() if k in value}
    for trace in _traces(fig):
        for part in [trace, trace.get("marker", {})]:
            used |= {c for key, c in TRACE_COMPONENTS.items() if key in part}
    return used


def test_stored_figures_are_found():
    figs = _stored_figures()
    assert len(figs) >= 10 and any(f.get("frames") for f in figs)
    assert any(f["layout"].get("updatemenus") for f in figs)
    assert any(f["layout"].get("sliders") for f in figs)


def test_every_figure_uses_a_trace_type_of_the_served_plotly_bundle():
    used = {t.get("type", "scatter") for fig in _stored_figures() for t in _traces(fig)}
    unsupported = used - site.BUNDLE_TRACE_TYPES
    assert not unsupported, (
        f"trace types {sorted(unsupported)} are not in the site's plotly.js bundle: "
        "add them to site/plotly/bundle.json"
    )


def test_every_figure_feature_has_its_component_in_the_served_plotly_bundle():
    used = set().union(*(_components_used(fig) for fig in _stored_figures()))
    assert {"annotations", "updatemenus", "sliders", "shapes"} <= used  # the detection works
    missing = used - site.BUNDLE_COMPONENTS
    assert not missing, (
        f"components {sorted(missing)} are not in the site's plotly.js bundle: "
        "add them to site/plotly/bundle.json"
    )


def test_component_detection_sees_nested_features():
    fig = {
        "data": [{"type": "scatter", "error_y": {}, "marker": {"colorbar": {}}}],
        "layout": {"xaxis2": {"rangeslider": {}}},
        "frames": [{"data": [], "layout": {"images": []}}],
    }
    assert {"errorbars", "colorbar", "rangeslider", "images"} <= _components_used(fig)


def _locked_version(package: str) -> str:
    lock = json.loads((paths.REPO_ROOT / "site" / "package-lock.json").read_text())
    return lock["packages"][f"node_modules/{package}"]["version"]


def test_bundle_is_built_from_the_plotly_js_version_the_python_package_bundles():
    from plotly.offline import get_plotlyjs_version

    assert _locked_version("plotly.js") == get_plotlyjs_version()
    package = json.loads((paths.REPO_ROOT / "site" / "package.json").read_text())
    # exact pins: the same lock file gives the same bundle
    assert package["devDependencies"]["plotly.js"] == get_plotlyjs_version()
    assert re.fullmatch(r"\d+\.\d+\.\d+", package["devDependencies"]["esbuild"])


def _built_bundle() -> Path:
    bundle = site.NODE_MODULES / site.PLOTLY_BUNDLE
    if not bundle.is_file():
        pytest.skip("the plotly.js bundle is not built (make site / make test build it)")
    return bundle


def test_built_bundle_names_its_plotly_js_version_and_contents():
    from plotly.offline import get_plotlyjs_version

    head = _built_bundle().read_text(encoding="utf-8")[:600]
    assert head.startswith(f"/*! plotly.js v{get_plotlyjs_version()} (soleus site bundle: ")
    config = site.plotly_bundle_config()
    assert f"traces {', '.join(config['traces'])};" in head
    assert f"components {', '.join(config['components'])})" in head


def test_bundle_build_is_reproducible_and_the_cached_bundle_is_current(tmp_path: Path):
    import shutil
    import subprocess

    cached = _built_bundle()
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    out = tmp_path / "plotly.min.js"
    subprocess.run([node, str(site.PLOTLY_BUILD), str(out)], check=True, capture_output=True)
    assert out.read_bytes() == cached.read_bytes(), "rebuild the bundle: make site"


def test_served_bundle_leaves_out_what_the_figures_do_not_use():
    text = _built_bundle().read_text(encoding="utf-8")
    assert len(text.encode()) < 1_000_000  # the basic bundle was 1.19 MB
    assert "Sets the opacity of the bars." not in text  # documentation strings are left out
    for absent in ("scatterpolar", "scattermap", "pie", "rangeselector"):
        assert f'name:"{absent}"' not in text
