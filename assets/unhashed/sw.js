/* Service worker for the Local Offer. The build fills in VERSION (a hash of every built file) and
   CORE, so a new build makes a new cache and the old ones are removed.
   Pages: network first, so a reader online always gets the current page; the cache when offline.
   Hashed assets and the search index: cache first. Pagefind adds ?ts= to some requests (Pagefind
   issue 59), so its files are matched ignoring the query, which keeps search working offline.
   A copy the reader saved with "Save for offline" outlives a new build until they save again: it
   is only used when the network fails, so online readers always get the current site, and a
   parent who saved the site at home still has it in a waiting room after the site changed. */
"use strict";
var VERSION = "@@VERSION@@";
var CACHE_PREFIX = "@@CACHE_PREFIX@@";
var CACHE = CACHE_PREFIX + VERSION;
var CORE = ["@@CORE@@"];
var OFFLINE_PAGE = new URL("offline/index.html", self.registration.scope).href;
var SAVED_MARK = new URL("saved-for-offline", self.registration.scope).href;  // put by offline.js

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    return cache.addAll(CORE.map(function (path) { return new URL(path, self.registration.scope).href; }));
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (key) {
      return key.indexOf(CACHE_PREFIX) === 0 && key !== CACHE;
    }).map(function (key) {
      return caches.open(key).then(function (cache) { return cache.match(SAVED_MARK); }).then(function (saved) {
        return saved ? null : caches.delete(key);
      });
    }));
  }).then(function () { return self.clients.claim(); }));
});

function matchOptions(request) {
  var url = new URL(request.url);
  return { ignoreSearch: url.pathname.indexOf("/pagefind/") !== -1 || request.mode === "navigate" };
}

function fromCache(request) {
  return caches.open(CACHE).then(function (cache) { return cache.match(request, matchOptions(request)); });
}

// Offline only: this build's cache first, then a copy saved before the site last changed.
function fromAnyCache(request) {
  return fromCache(request).then(function (cached) {
    return cached || caches.match(request, matchOptions(request));
  });
}

function store(request, response) {
  if (response && response.ok && response.type === "basic") {
    var copy = response.clone();
    caches.open(CACHE).then(function (cache) { cache.put(request, copy); });
  }
  return response;
}

function page(request) {
  return fetch(request).then(function (response) { return store(request, response); }).catch(function () {
    return fromAnyCache(request).then(function (cached) {
      // A page never visited: send the reader to the offline page, whose own links then work.
      return cached || Response.redirect(OFFLINE_PAGE, 302);
    });
  });
}

function asset(request) {
  return fromCache(request).then(function (cached) {
    return cached || fetch(request).then(function (response) { return store(request, response); }, function (error) {
      return fromAnyCache(request).then(function (old) { return old || Promise.reject(error); });
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) { return; }
  event.respondWith(request.mode === "navigate" ? page(request) : asset(request));
});
