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
  // The words come from the page, in its language (offline-strings JSON).
  var strings = JSON.parse(document.getElementById("offline-strings").textContent);
  function say(key, values) {
    return strings[key].replace(/%\((\w+)\)s/g, function (all, name) { return values[name]; });
  }
  // A language's sub-site is saved with the English pages around it, not with the other languages.
  var language = document.documentElement.lang.toLowerCase();

  function filesToSave(manifest) {
    var others = Object.keys(manifest.language_bytes || {}).filter(function (code) { return code !== language; });
    return manifest.files.filter(function (path) { return others.indexOf(path.split("/")[0]) === -1; });
  }

  fetch(root + "offline-manifest.json", { cache: "no-store" }).then(function (response) {
    return response.json();
  }).then(function (manifest) {
    manifest.files = filesToSave(manifest);
    var bytes = manifest.bytes + ((manifest.language_bytes || {})[language] || 0);
    sizeNote.textContent = say("size", { files: manifest.files.length, megabytes: (bytes / 1000000).toFixed(1) });
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
      var date = new Date((latest || copies[0]).date).toLocaleDateString(document.documentElement.lang, { day: "numeric", month: "long", year: "numeric" });
      stateNote.textContent = say(latest ? "savedCurrent" : "savedOld", { date: date });
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
              status.textContent = say("progress", { done: done, total: manifest.files.length });
            }
            return next();
          });
      }
      // Four downloads at a time: quick on Wi-Fi, gentle on a slow phone.
      return Promise.all([next(), next(), next(), next()]);
    }).then(function () {
      return failed ? null : replaceOlderCopies(saving, manifest.cache);
    }).then(function () {
      status.textContent = failed ? say("partly", { failed: failed }) : say("done", {});
      document.documentElement.setAttribute("data-offline-saved", failed ? "partly" : "yes");
      button.disabled = false;
    });
  }
}());
