// The site's service worker, bundled once per Workbox version by workbox_sw.mjs; every build then injects its
// precache manifest (self.__WB_MANIFEST: every page, asset and search index, each with the hash of its content).
import { clientsClaim } from "workbox-core";
import { cleanupOutdatedCaches, precacheAndRoute } from "workbox-precaching";
import { registerRoute } from "workbox-routing";
import { CacheFirst, NetworkFirst } from "workbox-strategies";
import { CacheableResponsePlugin } from "workbox-cacheable-response";

// The site's root (sw.js sits there), so the routes hold when the site is served under a sub-path.
const ROOT = new URL("./", self.location.href).pathname;
// Pyodide's files (13.5 MB) are cached when the runner first loads them; the name carries the hash of
// those files, so a build with another Pyodide starts a new cache and the old one is deleted below.
const PYODIDE_CACHE = "verikb-pyodide-__VERIKB_PYODIDE_REVISION__";
// Downloads (Anki, QTI, JSON) and evidence notebooks are fetched fresh when online; the last copy serves offline.
const ON_DEMAND_CACHE = "verikb-on-demand";
const ON_DEMAND = ["downloads/", "notebooks/"].map((folder) => ROOT + folder);

// A new build takes over as soon as it has cached its files (skipWaiting) and controls the open pages
// (clientsClaim); activating, it deletes what the old build cached and this one does not list. Waiting instead
// would keep the old build until every tab of the site is closed, which a learner with a tab left open never
// does. The cost: a page already open may lazily load a script of the new build, as it would from the server.
self.skipWaiting();
clientsClaim();
// A static site gives query strings no meaning; the theme's search adds ?h=<term> to the pages it opens.
precacheAndRoute(self.__WB_MANIFEST, { ignoreURLParametersMatching: [/.*/] });
cleanupOutdatedCaches();

const ok = [new CacheableResponsePlugin({ statuses: [200] })];
registerRoute(
  ({ url }) => url.origin === self.location.origin && url.pathname.startsWith(ROOT + "assets/verikb/vendor/pyodide/"),
  new CacheFirst({ cacheName: PYODIDE_CACHE, plugins: ok }),
);
registerRoute(
  ({ url }) => url.origin === self.location.origin && ON_DEMAND.some((folder) => url.pathname.startsWith(folder)),
  new NetworkFirst({ cacheName: ON_DEMAND_CACHE, plugins: ok }),
);

self.addEventListener("activate", (event) => {
  const kept = new Set([PYODIDE_CACHE, ON_DEMAND_CACHE]);
  event.waitUntil(
    caches.keys().then((names) =>
      Promise.all(names.filter((name) => name.startsWith("verikb-") && !kept.has(name)).map((name) => caches.delete(name))),
    ),
  );
});
