/* Search for the Local Offer: our own accessible interface on Pagefind's JavaScript API.
   The query and filters live in the address (?q=autism&age=16-18), so searches can be shared
   and the back button works. Where Pagefind cannot load (a copy opened from disk), a small
   fallback index, loaded by a plain script, still finds services by name, summary and synonyms. */
(function () {
  "use strict";
  var script = document.currentScript;
  var root = script.getAttribute("data-root");
  var labels = JSON.parse(document.getElementById("search-labels").textContent);
  var FILTERS = ["type", "age", "need", "category", "area", "cost", "access"];
  var PAGE_SIZE = 20;
  var form = document.querySelector(".search-form");
  var input = document.getElementById("search-input");
  var app = document.getElementById("search-app");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var empty = document.getElementById("search-empty");
  var groups = document.getElementById("filter-groups");
  var modeNote = document.getElementById("search-mode");
  var engine = null;
  var shown = PAGE_SIZE;
  var latest = 0;

  function absolute(path) { return new URL(root + path, document.baseURI).href; }

  function readState() {
    var params = new URLSearchParams(location.search);
    var state = { q: (params.get("q") || "").trim(), filters: {} };
    FILTERS.forEach(function (name) {
      var values = params.getAll(name).filter(function (v) { return labels[name].values[v]; });
      if (values.length) { state.filters[name] = values; }
    });
    return state;
  }

  function stateQuery(state) {
    var params = new URLSearchParams();
    if (state.q) { params.set("q", state.q); }
    FILTERS.forEach(function (name) {
      (state.filters[name] || []).forEach(function (v) { params.append(name, v); });
    });
    var text = params.toString();
    return text ? "?" + text : location.pathname.split("/").pop();
  }

  function currentState() {
    var state = { q: input.value.trim(), filters: {} };
    groups.querySelectorAll("input:checked").forEach(function (box) {
      (state.filters[box.name] = state.filters[box.name] || []).push(box.value);
    });
    return state;
  }

  /* Pagefind: the full index, fetched in small pieces as needed. */
  function pagefindEngine(pagefind) {
    return {
      mode: "Searching every service and guide.",
      search: function (state) {
        var filters = {};
        Object.keys(state.filters).forEach(function (k) { filters[k] = { any: state.filters[k] }; });
        return pagefind.search(state.q || null, { filters: filters }).then(function (search) {
          return { items: search.results, counts: search.filters };
        });
      },
      details: function (item) {
        return item.data().then(function (data) {
          return { url: data.url.replace(/^\//, ""), meta: data.meta };
        });
      }
    };
  }

  /* The fallback: every word must appear in the title, summary or synonyms. */
  function fallbackEngine(rows) {
    function matches(row, words) {
      var text = (row.t + " " + row.s + " " + row.k).toLowerCase();
      return words.every(function (w) { return text.indexOf(w) !== -1; });
    }
    function score(row, words) {
      var title = row.t.toLowerCase();
      return words.reduce(function (sum, w) { return sum + (title.indexOf(w) !== -1 ? 3 : 1); }, 0);
    }
    function passes(row, filters, skip) {
      return Object.keys(filters).every(function (name) {
        if (name === skip) { return true; }
        var have = row.filters[name] || [];
        return filters[name].some(function (v) { return have.indexOf(v) !== -1; });
      });
    }
    return {
      mode: "Searching a basic index, because this copy of the site was opened from your device. Results may be less complete.",
      search: function (state) {
        var words = state.q.toLowerCase().split(/\s+/).filter(Boolean);
        var found = rows.filter(function (row) { return matches(row, words); });
        var counts = {};
        FILTERS.forEach(function (name) {
          counts[name] = {};
          found.forEach(function (row) {
            if (!passes(row, state.filters, name)) { return; }
            (row.filters[name] || []).forEach(function (v) { counts[name][v] = (counts[name][v] || 0) + 1; });
          });
        });
        var items = found.filter(function (row) { return passes(row, state.filters); })
          .sort(function (a, b) { return score(b, words) - score(a, words); });
        return Promise.resolve({ items: items, counts: counts });
      },
      details: function (row) { return Promise.resolve({ url: row.u, meta: row.meta }); }
    };
  }

  function loadFallback() {
    return new Promise(function (resolve, reject) {
      var tag = document.createElement("script");
      tag.src = root + "search/fallback-index.js";
      tag.onload = function () { resolve(fallbackEngine(window.LOCAL_OFFER_FALLBACK || [])); };
      tag.onerror = reject;
      document.head.appendChild(tag);
    });
  }

  function loadEngine() {
    if (location.protocol === "file:") { return loadFallback(); }
    return import(absolute("pagefind/pagefind.js")).then(function (pagefind) {
      // Filter counts appear in search results only once the filter data has been loaded.
      return pagefind.options({ excerptLength: 24 })
        .then(function () { return pagefind.filters(); })
        .then(function () { return pagefindEngine(pagefind); });
    }).catch(loadFallback);
  }

  function renderFilters(state, counts) {
    groups.textContent = "";
    FILTERS.forEach(function (name) {
      var values = Object.keys(labels[name].values).filter(function (v) {
        return (counts[name] && counts[name][v]) || (state.filters[name] || []).indexOf(v) !== -1;
      });
      if (!values.length) { return; }
      var fieldset = document.createElement("fieldset");
      var legend = document.createElement("legend");
      legend.textContent = labels[name].title;
      fieldset.appendChild(legend);
      values.forEach(function (value) {
        var id = "filter-" + name + "-" + value;
        var box = document.createElement("input");
        box.type = "checkbox"; box.name = name; box.value = value; box.id = id;
        box.checked = (state.filters[name] || []).indexOf(value) !== -1;
        var label = document.createElement("label");
        label.htmlFor = id;
        label.textContent = labels[name].values[value] + " (" + ((counts[name] || {})[value] || 0) + ")";
        var row = document.createElement("div");
        row.className = "filter-option";
        row.appendChild(box); row.appendChild(label);
        fieldset.appendChild(row);
      });
      groups.appendChild(fieldset);
    });
  }

  function resultItem(details) {
    var meta = details.meta || {};
    var item = document.createElement("li");
    item.className = "card";
    var heading = document.createElement("h2");
    heading.className = "card-title";
    var link = document.createElement("a");
    link.href = root + details.url;
    link.textContent = meta.title || details.url;
    heading.appendChild(link);
    var summary = document.createElement("p");
    summary.textContent = meta.summary || "";
    var facts = document.createElement("p");
    facts.className = "facts";
    [meta.type, meta.age, meta.cost].filter(Boolean).forEach(function (fact) {
      var span = document.createElement("span");
      span.textContent = fact;
      facts.appendChild(span);
    });
    item.appendChild(heading); item.appendChild(summary); item.appendChild(facts);
    return item;
  }

  function describe(state, total) {
    var words = total === 1 ? "1 result" : total + " results";
    var filterCount = Object.keys(state.filters).reduce(function (n, k) { return n + state.filters[k].length; }, 0);
    var text = words + (state.q ? " for \u201c" + state.q + "\u201d" : "");
    return text + (filterCount ? " with " + filterCount + " filter" + (filterCount === 1 ? "" : "s") : "") + ".";
  }

  function run(state) {
    input.value = state.q;
    if (!state.q && !Object.keys(state.filters).length) {
      app.hidden = true;
      return Promise.resolve();
    }
    var ticket = ++latest;  // a slower, older search must not overwrite a newer one
    status.textContent = "Searching\u2026";
    if (Object.keys(state.filters).length) { document.getElementById("search-filters").open = true; }
    return engine.search(state).then(function (found) {
      if (ticket !== latest) { return; }
      return Promise.all(found.items.slice(0, shown).map(engine.details)).then(function (details) {
        if (ticket !== latest) { return; }
        renderFilters(state, found.counts);
        list.textContent = "";
        details.forEach(function (d) { list.appendChild(resultItem(d)); });
        empty.hidden = found.items.length > 0;
        app.hidden = false;
        moreButton(found.items.length > shown, state);
        status.textContent = describe(state, found.items.length);
      });
    });
  }

  function moreButton(needed, state) {
    var existing = document.getElementById("search-more");
    if (existing) { existing.remove(); }
    if (!needed) { return; }
    var button = document.createElement("button");
    button.type = "button"; button.id = "search-more"; button.textContent = "Show more results";
    button.addEventListener("click", function () {
      var count = list.children.length;
      shown += PAGE_SIZE;
      run(state).then(function () {
        var next = list.children[count] && list.children[count].querySelector("a");
        if (next) { next.focus(); }
      });
    });
    list.after(button);
  }

  function update(state) {
    shown = PAGE_SIZE;
    history.pushState(null, "", stateQuery(state));
    return run(state);
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    update(currentState());
  });
  groups.addEventListener("change", function () { update(currentState()); });
  window.addEventListener("popstate", function () { shown = PAGE_SIZE; run(readState()); });

  loadEngine().then(function (loaded) {
    engine = loaded;
    modeNote.textContent = engine.mode;
    modeNote.hidden = false;
    document.documentElement.setAttribute("data-search-mode", engine.mode.indexOf("basic") === -1 ? "pagefind" : "fallback");
    return run(readState());
  }).catch(function () {
    modeNote.textContent = "Search is not available right now. Please browse instead.";
    modeNote.hidden = false;
  });
}());
