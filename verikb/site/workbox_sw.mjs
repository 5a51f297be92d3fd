// Bundles service-worker.js with the Workbox modules it imports into one classic script (called by
// verikb/site/offline.py once per Workbox version and source: ~2 s of rollup and terser, kept in the content
// store). The one JSON argument: {nodeModules, source, bundle, replace}. The bundle keeps self.__WB_MANIFEST
// for each build to fill in.
import { createRequire } from "node:module";
import { mkdir, rename, writeFile } from "node:fs/promises";
import path from "node:path";

const job = JSON.parse(process.argv[2]);
const require = createRequire(path.join(job.nodeModules, "verikb.cjs")); // the project's packages, not this file's folder
const { rollup } = require("rollup");
const { nodeResolve } = require("@rollup/plugin-node-resolve");
const replace = require("@rollup/plugin-replace");
const terser = require("@rollup/plugin-terser");

const build = await rollup({
  input: job.source,
  plugins: [
    nodeResolve({ modulePaths: [job.nodeModules] }),
    replace({ preventAssignment: true, values: { "process.env.NODE_ENV": '"production"', ...job.replace } }),
    terser(),
  ],
});
const { output } = await build.generate({ format: "iife" });
await mkdir(path.dirname(job.bundle), { recursive: true });
const partial = `${job.bundle}.${process.pid}.tmp`;
await writeFile(partial, output[0].code);
await rename(partial, job.bundle); // never a half-written bundle for the next build
