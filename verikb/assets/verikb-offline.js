// verikb-offline.js — registers the site's service worker (sw.js at the site root, written by every verikb build:
// verikb/site/offline.py) once the page has loaded, so that its precaching never competes with the page itself.
// After one visit every page and widget works offline; a new build takes over on the next load.
(function () {
  "use strict";
  const vk = window.verikb;
  if (!("serviceWorker" in navigator) || !/^https?:$/.test(location.protocol)) return; // file:// cannot have one
  // The bundle sits in assets/verikb/, two folders below the root, wherever the site is served from.
  const register = () =>
    navigator.serviceWorker.register(vk.assetUrl("../../sw.js")).catch((err) => {
      // A site not built by verikb (mkdocs serve) has no sw.js: it simply does not work offline.
      console.info("verikb: no offline copy of this site:", err.message);
    });
  if (document.readyState === "complete") register();
  else window.addEventListener("load", register, { once: true });
})();
