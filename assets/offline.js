/* Offline support, as a progressive enhancement: registers the service worker, and on the home page
   offers "Save this site for offline use", showing the size first and announcing progress. A saved
   copy is marked, so the service worker keeps it through a new build and this page can say whether
   it is up to date. */
(function () {
  "use strict";
  var script = document.currentScript;
  var root = script.getAttribute("data-root");
  var cachePrefix = script.getAttribute("data-cache-prefix");  // the build's one name for our caches
  if (!("serviceWorker" in navigator) || !/^https?:$/.test(location.protocol)) { return; }
  navigator.serviceWorker.register(root + "sw.js").catch(function () {});

  var box = document.getElementById("save-offline");
  if (!box || !("caches" in window)) { return; }
  var button = box.querySelector("button");
  var status = box.querySelector("[role=status]");
  var sizeNote = box.querySelector(".save-size");
  var stateNote = box.querySelector(".save-state");
  var mark = new URL(root + "saved-for-offline", location.href).href;

  fetch(root + "offline-manifest.json", { cache: "no-store" }).then(function (response) {
    return response.json();
  }).then(function (manifest) {
    var megabytes = (manifest.bytes / 1000000).toFixed(1);
    sizeNote.textContent = "This downloads " + manifest.files.length + " files, about " + megabytes +
      " MB. Use Wi-Fi if you can.";
    box.hidden = false;
    button.addEventListener("click", function () { save(manifest); });
    return describeSavedCopy(manifest.cache);
  }).catch(function () {});

  function savedCopies() {
    return caches.keys().then(function (keys) {
      return Promise.all(keys.filter(function (key) { return key.indexOf(cachePrefix) === 0; }).map(function (key) {
        return caches.open(key).then(function (cache) { return cache.match(mark); }).then(function (saved) {
          return saved ? saved.text().then(function (date) { return { cache: key, date: date }; }) : null;
        });
      }));
    }).then(function (copies) { return copies.filter(Boolean); });
  }

  function describeSavedCopy(current) {
    return savedCopies().then(function (copies) {
      if (!copies.length) { return; }
      var latest = copies.filter(function (copy) { return copy.cache === current; })[0];
      var date = new Date((latest || copies[0]).date).toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric" });
      stateNote.textContent = latest ?
        "You saved this site on this device on " + date + ". Your copy is up to date." :
        "You saved this site on " + date + ". It has changed since then: save it again to get the latest information.";
      stateNote.hidden = false;
    });
  }

  // Once a new copy is complete, older saved copies are only taking up space.
  function replaceOlderCopies(cache, current) {
    return cache.put(mark, new Response(new Date().toISOString())).then(savedCopies).then(function (copies) {
      return Promise.all(copies.filter(function (copy) { return copy.cache !== current; })
        .map(function (copy) { return caches.delete(copy.cache); }));
    }).then(function () { return describeSavedCopy(current); });
  }

  function save(manifest) {
    button.disabled = true;
    var done = 0;
    var failed = 0;
    var queue = manifest.files.slice();
    var saving;
    return caches.open(manifest.cache).then(function (cache) {
      saving = cache;
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
      return failed ? null : replaceOlderCopies(saving, manifest.cache);
    }).then(function () {
      status.textContent = failed ?
        "Saved, but " + failed + " files could not be downloaded. Try again when your connection is better." :
        "Done. The whole site, including search, now works on this device without the internet.";
      document.documentElement.setAttribute("data-offline-saved", failed ? "partly" : "yes");
      button.disabled = false;
    });
  }
}());
