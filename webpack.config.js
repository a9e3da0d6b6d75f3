/**
 * Builds the add-in into dist/: taskpane.html hosting both bundles (shared runtime), functions.json
 * generated from the JSDoc in the src/functions files below, functions.zh-cn.json translated from it,
 * manifest.xml and the icons.
 *
 *   npm run build        production build (no certificates needed)
 *   npm run dev-server   HTTPS on https://localhost:3000 with office-addin-dev-certs
 *   npm start / npm stop sideload manifest.xml into desktop Excel (Windows, Mac) with
 *                        office-addin-debugging, starting the dev server; not on Linux, where the
 *                        optional office-addin-debugging may be missing (keytar) and Excel is absent
 *
 * Deployment: manifest.xml names https://localhost:3000. Set ADDIN_BASE_URL (e.g.
 * ADDIN_BASE_URL=https://crm.example.com/addin npm run build) and the copied dist/manifest.xml
 * points every URL at that origin instead; then upload dist/ there.
 */
const fs = require("fs");
const path = require("path");
const Module = require("module");
const os = require("os");
const ts = require("typescript");
const { Compilation, WebpackError, sources } = require("webpack");
const CopyWebpackPlugin = require("copy-webpack-plugin");
const CustomFunctionsMetadataPlugin = require("custom-functions-metadata-plugin");
const HtmlWebpackPlugin = require("html-webpack-plugin");

const DEV_BASE_URL = "https://localhost:3000";
/**
 * The files declaring custom functions (`@customfunction` JSDoc), one per METHODS.md section: the
 * metadata plugin reads exactly these, in this order, and functions.json lists the functions so.
 */
const FUNCTION_SOURCES = [
  "rfm", // §2
  "value", // §3, §5: ABC, Pareto, whale curve, pyramid
  "lifetime-value", // §7, §12: CLV formulas, retention
  "nps-ahp-quadrant", // §9.5, §10, two-by-two matrices
  "lifecycle", // §8
  "btyd-fit", // probabilistic models: data, fits, comparison
  "btyd-predict", // P(alive), expected purchases and spend, model-based CLV
  "btyd-discrete", // BG/BB, sBG
  "methods", // the further methods: loyalty, ACURA, service gap, grading, migration, event NPV, CLV parts
  "btyd-intervals", // prediction intervals
].map((name) => `./src/functions/${name}.ts`);
const ZH_TABLE = path.resolve(__dirname, "src/functions/zh-cn.json");

/** Loads a self-contained TypeScript build script (no TS imports) without a separate compile step. */
function requireTypeScript(file) {
  const { outputText } = ts.transpileModule(fs.readFileSync(file, "utf8"), {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
    fileName: file,
  });
  const m = new Module(file, module);
  m.filename = file;
  m.paths = Module._nodeModulePaths(path.dirname(file));
  m._compile(outputText, file);
  return m.exports;
}

/**
 * HTTPS options for the dev server from office-addin-dev-certs, which creates and trusts a local CA.
 * Where the CA cannot be installed (Linux without sudo) the generated certificate is still used,
 * with a warning: Office and browsers trust it once ~/.office-addin-dev-certs/ca.crt is installed.
 */
async function devCertificates() {
  try {
    return await require("office-addin-dev-certs").getHttpsServerOptions();
  } catch (error) {
    const dir = path.join(os.homedir(), ".office-addin-dev-certs");
    const file = (name) => path.join(dir, name);
    if (!fs.existsSync(file("localhost.key"))) throw error;
    console.warn(`${error.message}\nServing with the certificate in ${dir}; install ca.crt there to trust it.`);
    return {
      ca: fs.readFileSync(file("ca.crt")),
      cert: fs.readFileSync(file("localhost.crt")),
      key: fs.readFileSync(file("localhost.key")),
    };
  }
}

/** Emits functions.zh-cn.json next to functions.json; a gap in the translation table fails the build. */
class ZhCnMetadataPlugin {
  apply(compiler) {
    const name = "ZhCnMetadataPlugin";
    compiler.hooks.thisCompilation.tap(name, (compilation) => {
      compilation.hooks.processAssets.tap({ name, stage: Compilation.PROCESS_ASSETS_STAGE_ADDITIONAL }, () => {
        compilation.fileDependencies.add(ZH_TABLE);
        const english = compilation.getAsset("functions.json");
        // Without functions.json the metadata plugin has already reported why.
        if (!english) return;
        const { translateMetadata } = requireTypeScript(path.resolve(__dirname, "scripts/build-functions-zh.ts"));
        const table = JSON.parse(fs.readFileSync(ZH_TABLE, "utf8"));
        const { metadata, errors } = translateMetadata(JSON.parse(english.source.source().toString()), table);
        for (const error of errors) compilation.errors.push(new WebpackError(`functions.zh-cn.json: ${error}`));
        if (errors.length === 0) {
          compilation.emitAsset("functions.zh-cn.json", new sources.RawSource(JSON.stringify(metadata, null, 2)));
        }
      });
    });
  }
}

module.exports = async (env, argv) => {
  const dev = argv.mode === "development";
  const baseUrl = (process.env.ADDIN_BASE_URL || DEV_BASE_URL).replace(/\/+$/, "");
  return {
    mode: dev ? "development" : "production",
    devtool: "source-map",
    entry: {
      // Order matters: taskpane.html loads the functions bundle first.
      functions: FUNCTION_SOURCES,
      taskpane: "./src/taskpane/index.tsx",
    },
    output: {
      path: path.resolve(__dirname, "dist"),
      // Fixed names: the manifest refers to functions.js.
      filename: "[name].js",
      clean: true,
    },
    resolve: { extensions: [".ts", ".tsx", ".js", ".json"] },
    module: {
      rules: [
        {
          test: /\.tsx?$/,
          exclude: /node_modules/,
          loader: "ts-loader",
          // Type checking is `npm run typecheck`; ES modules let webpack tree-shake Fluent UI.
          options: { transpileOnly: true, compilerOptions: { module: "es2020" } },
        },
      ],
    },
    performance: { hints: false },
    plugins: [
      new CustomFunctionsMetadataPlugin({ output: "functions.json", input: FUNCTION_SOURCES }),
      new ZhCnMetadataPlugin(),
      new HtmlWebpackPlugin({
        filename: "taskpane.html",
        template: "./src/taskpane/taskpane.html",
        chunks: ["functions", "taskpane"],
      }),
      new CopyWebpackPlugin({
        patterns: [
          { from: "assets/*.png", to: "assets/[name][ext]" },
          {
            from: "manifest.xml",
            to: "manifest.xml",
            transform: (content) => content.toString().split(DEV_BASE_URL).join(baseUrl),
          },
        ],
      }),
    ],
    devServer: {
      headers: { "Access-Control-Allow-Origin": "*" },
      port: 3000,
      // Certificates only when serving: `npm run build` must work on a machine without them.
      server: env.WEBPACK_SERVE ? { type: "https", options: await devCertificates() } : undefined,
    },
  };
};
