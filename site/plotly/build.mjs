// The site's own plotly.js bundle: plotly.js's core (plot API, cartesian axes, d3) with only the
// trace types and components listed in site/plotly/bundle.json, from the npm `plotly.js` package
// (the version pinned in site/package-lock.json, the one the plotly Python package bundles),
// bundled with the pinned esbuild and minified by esbuild, then the pinned terser. Built by
// `make site` / `make test` into site/node_modules/.cache/soleus/ (never committed) and rebuilt
// only when its inputs change.
//
//   node site/plotly/build.mjs [outfile]
//   SOLEUS_METAFILE=meta.json node site/plotly/build.mjs ...   # also esbuild's metafile (what weighs)
//
// Like plotly.js's own dist bundles, the attributes' documentation strings (`description`,
// `requiredOpts`, `otherOpts`, `hrName`: read only by Plotly.PlotSchema, for docs) are left out.
// The same inputs give the same bytes: no timestamps or paths go into the file.

import { createRequire } from "node:module";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const siteDir = resolve(here, "..");
const require = createRequire(join(siteDir, "package.json"));
const esbuild = require("esbuild");

export const DEFAULT_OUT = join(siteDir, "node_modules", ".cache", "soleus", "plotly.min.js");

// plotly.js's src/core.js registers these components in this order (legend after shapes, fx after
// legend); the bundle registers the chosen ones in the same order.
const CORE_COMPONENTS = [
  "annotations",
  "annotations3d",
  "selections",
  "shapes",
  "images",
  "updatemenus",
  "sliders",
  "rangeslider",
  "rangeselector",
  "grid",
  "errorbars",
  "colorscale",
  "colorbar",
  "legend",
  "fx",
  "modebar",
];
// Optional components that live in lib/ rather than in core (world calendars).
const LIB_COMPONENTS = ["calendars"];

export function readConfig() {
  const config = JSON.parse(readFileSync(join(here, "bundle.json"), "utf8"));
  const unknown = config.components.filter(
    (c) => !CORE_COMPONENTS.includes(c) && !LIB_COMPONENTS.includes(c),
  );
  if (unknown.length) throw new Error(`bundle.json: unknown components ${unknown.join(", ")}`);
  if (!config.traces.includes("scatter")) {
    throw new Error("bundle.json: plotly.js's core always draws scatter; list it");
  }
  return config;
}

function entrySource(config) {
  const src = (path) => JSON.stringify(`plotly.js/src/${path}`);
  const components = CORE_COMPONENTS.filter((c) => config.components.includes(c));
  const extras = config.traces.filter((t) => t !== "scatter");
  const lib = LIB_COMPONENTS.filter((c) => config.components.includes(c));
  // plotly.js/src/core.js with the chosen components; then the traces and components of lib/.
  return `"use strict";
exports.version = require(${src("version")}).version;
require("native-promise-only");
require("plotly.js/build/plotcss");
var Registry = require(${src("registry")});
var register = exports.register = Registry.register;
var plotApi = require(${src("plot_api")});
Object.keys(plotApi).forEach(function (name) {
  if (name.charAt(0) !== "_") exports[name] = plotApi[name];
  register({ moduleType: "apiMethod", name: name, fn: plotApi[name] });
});
register(require(${src("traces/scatter")}));
register([
${components.map((c) => `  require(${src(`components/${c}`)}),`).join("\n")}
]);
register([require(${src("locale-en")}), require(${src("locale-en-us")})]);
if (window.PlotlyLocales && Array.isArray(window.PlotlyLocales)) {
  register(window.PlotlyLocales);
  delete window.PlotlyLocales;
}
exports.Icons = require(${src("fonts/ploticon")});
var Fx = require(${src("components/fx")});
var Plots = require(${src("plots/plots")});
exports.Plots = { resize: Plots.resize, graphJson: Plots.graphJson, sendDataToCloud: Plots.sendDataToCloud };
exports.Fx = { hover: Fx.hover, unhover: Fx.unhover, loneHover: Fx.loneHover, loneUnhover: Fx.loneUnhover };
exports.Snapshot = require(${src("snapshot")});
exports.PlotSchema = require(${src("plot_api/plot_schema")});
register([
${[...extras, ...lib].map((name) => `  require(${JSON.stringify(`plotly.js/lib/${name}`)}),`).join("\n")}
]);
`;
}

// --- documentation strings out (what plotly.js's dist bundles do with tasks/compress_attributes) --

const STRING = String.raw`'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"`;
const ELEMENTS = String.raw`(?:\s|,|\+|${STRING}|[A-Za-z_$][\w$.]*(?![\w$.]))*`;
// Only whole lines that hold nothing but the documentation property are removed; anything else
// (a description computed by a function call, say) stays, so the code can only get smaller.
const DOC_LINES = [
  String.raw`^[ \t]*(?:description|hrName): (?:${STRING})(?:\s*\+\s*(?:${STRING}))*,?[ \t]*\n`,
  String.raw`^[ \t]*description: \[${ELEMENTS}\]\.join\(\s*(?:${STRING})\s*\),?[ \t]*\n`,
  String.raw`^[ \t]*(?:requiredOpts|otherOpts): \[${ELEMENTS}\],?[ \t]*\n`,
].map((pattern) => new RegExp(pattern, "gm"));

export function stripDocs(code) {
  let out = code;
  for (const pattern of DOC_LINES) out = out.replace(pattern, "");
  return out;
}

const stripDocsPlugin = {
  name: "soleus-strip-plotly-docs",
  setup(build) {
    build.onLoad({ filter: /[\\/]plotly\.js[\\/]src[\\/].*\.js$/, namespace: "file" }, (args) => ({
      contents: stripDocs(readFileSync(args.path, "utf8")),
      loader: "js",
    }));
  },
};

// --- smaller dependencies, same behaviour ---------------------------------------------------------
// culori: plotly.js requires the whole library (every colour space, gradients, colour differences)
// but calls five functions on colours given as CSS strings. The bundle takes those five from
// culori's tree-shakeable `culori/fn` with the colour spaces of CSS Color 4 (`culori/css`), so any
// CSS colour still parses. gl-mat4: plotly.js's DOM helpers use two of its 30 matrix functions.
const CULORI_NAMES = ["converter", "formatHex", "formatRgb", "wcagContrast", "wcagLuminance"];
const CULORI_CSS = `import "culori/css";
export { ${CULORI_NAMES.join(", ")} } from "culori/fn";
`;

function namesUsed(source, pattern, path) {
  const names = new Set();
  for (const match of source.matchAll(pattern)) names.add(match[1]);
  if (!names.size) throw new Error(`${path}: cannot tell which functions it uses`);
  return [...names];
}

const lighterDependenciesPlugin = {
  name: "soleus-lighter-plotly-dependencies",
  setup(build) {
    build.onResolve({ filter: /^(culori|gl-mat4)$/ }, (args) => {
      if (!/[\\/]plotly\.js[\\/]src[\\/]/.test(args.importer)) return undefined;
      return { path: args.importer, namespace: `soleus-${args.path}`, pluginData: args.path };
    });
    build.onLoad({ filter: /.*/, namespace: "soleus-culori" }, (args) => {
      const source = readFileSync(args.path, "utf8");
      const block = source.match(/\{([^}]*)\}\s*=\s*require\(['"]culori['"]\)/);
      const used = block
        ? block[1].split(",").map((part) => part.split(":")[0].trim()).filter(Boolean)
        : [];
      const missing = used.filter((name) => !CULORI_NAMES.includes(name));
      if (!block || missing.length) {
        throw new Error(`${args.path} uses culori's ${missing.join(", ") || "?"}: add to CULORI_NAMES`);
      }
      return { contents: CULORI_CSS, loader: "js", resolveDir: siteDir };
    });
    build.onLoad({ filter: /.*/, namespace: "soleus-gl-mat4" }, (args) => {
      const source = readFileSync(args.path, "utf8");
      const variable = source.match(/var (\w+) = require\(['"]gl-mat4['"]\)/);
      if (!variable) throw new Error(`${args.path}: cannot tell which gl-mat4 functions it uses`);
      const names = namesUsed(source, new RegExp(`\\b${variable[1]}\\.(\\w+)`, "g"), args.path);
      const lines = names.map((n) => `exports.${n} = require(${JSON.stringify(`gl-mat4/${n}`)});`);
      return { contents: lines.join("\n") + "\n", loader: "js", resolveDir: siteDir };
    });
  },
};

export async function build(outfile = DEFAULT_OUT) {
  const config = readConfig();
  const plotlyVersion = require("plotly.js/package.json").version;
  const banner =
    `/*! plotly.js v${plotlyVersion} (soleus site bundle: traces ${config.traces.join(", ")}; ` +
    `components ${config.components.join(", ")}) | Copyright 2012-2025, Plotly, Inc. | MIT license ` +
    `| built from the npm package with esbuild ${esbuild.version} and terser ` +
    `${require("terser/package.json").version} (site/plotly/build.mjs) */`;
  const result = await esbuild.build({
    stdin: { contents: entrySource(config), resolveDir: siteDir, sourcefile: "soleus-plotly.js" },
    bundle: true,
    minify: true,
    format: "iife",
    globalName: "Plotly",
    target: "es2016",
    // as in plotly.js's esbuild-config.js
    define: { global: "window", "define.amd": "false", "process.env.NODE_DEBUG": "false" },
    // maplibre's stylesheet is required only by map traces, which this bundle has not
    loader: { ".css": "empty" },
    banner: { js: banner },
    legalComments: "eof",
    plugins: [stripDocsPlugin, lighterDependenciesPlugin],
    write: false,
    logLevel: "warning",
    metafile: !!process.env.SOLEUS_METAFILE,
  });
  if (process.env.SOLEUS_METAFILE) writeFileSync(process.env.SOLEUS_METAFILE, JSON.stringify(result.metafile));
  // terser squeezes a further ~4% out of esbuild's output (two compress passes, mangled names);
  // `/*!` comments (the banner, the licences) stay.
  const { minify } = require("terser");
  const squeezed = await minify(result.outputFiles[0].text, {
    compress: { passes: 2 },
    mangle: true,
    format: { comments: /^!/ },
  });
  const contents = Buffer.from(squeezed.code + "\n", "utf8");
  mkdirSync(dirname(outfile), { recursive: true });
  const tmp = `${outfile}.tmp`;
  writeFileSync(tmp, contents);
  renameSync(tmp, outfile);
  return { outfile, bytes: contents.length, version: plotlyVersion };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outfile = resolve(process.argv[2] || DEFAULT_OUT);
  const { bytes, version } = await build(outfile);
  console.log(`plotly.js ${version} site bundle: ${outfile} (${bytes.toLocaleString("en")} bytes)`);
}
