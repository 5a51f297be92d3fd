// verikb-offline.js — registers the site's service worker (sw.js at the site root, written by every verikb build:
// verikb/site/offline.py) once the page has loaded, so that its precaching never competes with the page itself.
// After one visit every page and widget works offline; a new build takes over on the next load.
(function () {
  "use strict";
  const vk = window.verikb;
  if (!("serviceWorker" in navigator) || !/^https?:$/.test(location.protocol)) return; // file:// cannot have one
  const url = vk.assetUrl("../../sw.js"); // the bundle sits in assets/verikb/, two folders below the site root

  async function register() {
    if (navigator.serviceWorker.controller && navigator.onLine) {
      // A worker an earlier build left would keep serving that build where sw.js is gone (mkdocs serve on the
      // same address): when the server says 404, remove it; the next load comes from the server.
      const response = await fetch(url, { method: "HEAD", cache: "no-store" }).catch(() => null);
      if (response && response.status === 404) {
        const registration = await navigator.serviceWorker.getRegistration(url);
        if (registration) await registration.unregister();
        return;
      }
    }
    // A site not built by verikb has no sw.js: it simply does not work offline.
    await navigator.serviceWorker.register(url).catch((err) => console.info("verikb: no offline copy:", err.message));
  }

  if (document.readyState === "complete") register();
  else window.addEventListener("load", register, { once: true });
})();
