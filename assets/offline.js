/* Offline support, as a progressive enhancement: registers the service worker, and on the home page
   offers "Save this site for offline use", showing the size first and announcing progress. */
(function () {
  "use strict";
  var script = document.currentScript;
  var root = script.getAttribute("data-root");
  if (!("serviceWorker" in navigator) || !/^https?:$/.test(location.protocol)) { return; }
  navigator.serviceWorker.register(root + "sw.js").catch(function () {});

  var box = document.getElementById("save-offline");
  if (!box || !("caches" in window)) { return; }
  var button = box.querySelector("button");
  var status = box.querySelector("[role=status]");
  var sizeNote = box.querySelector(".save-size");

  fetch(root + "offline-manifest.json", { cache: "no-store" }).then(function (response) {
    return response.json();
  }).then(function (manifest) {
    var megabytes = (manifest.bytes / 1000000).toFixed(1);
    sizeNote.textContent = "This downloads " + manifest.files.length + " files, about " + megabytes +
      " MB. Use Wi-Fi if you can.";
    box.hidden = false;
    button.addEventListener("click", function () { save(manifest); });
  }).catch(function () {});

  function save(manifest) {
    button.disabled = true;
    var done = 0;
    var failed = 0;
    var queue = manifest.files.slice();
    return caches.open(manifest.cache).then(function (cache) {
      function next() {
        var path = queue.shift();
        if (path === undefined) { return Promise.resolve(); }
        return cache.add(new URL(root + path, location.href).href).catch(function () { failed += 1; })
          .then(function () {
            done += 1;
            if (done % 25 === 0 || done === manifest.files.length) {
              status.textContent = "Saved " + done + " of " + manifest.files.length + " files.";
            }
            return next();
          });
      }
      // Four downloads at a time: quick on Wi-Fi, gentle on a slow phone.
      return Promise.all([next(), next(), next(), next()]);
    }).then(function () {
      status.textContent = failed ?
        "Saved, but " + failed + " files could not be downloaded. Try again when your connection is better." :
        "Done. The whole site, including search, now works on this device without the internet.";
      document.documentElement.setAttribute("data-offline-saved", failed ? "partly" : "yes");
      button.disabled = false;
    });
  }
}());
