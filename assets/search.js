/* Search for the Local Offer: our own accessible interface on Pagefind's JavaScript API.
   The query and filters live in the address (?q=autism&age=16-18), so searches can be shared
   and the back button works. Where Pagefind cannot load (a copy opened from disk), a small
   fallback index, loaded by a plain script, still finds services by name, summary and synonyms.

   A search never strands a parent. When no page has every word, the search is relaxed: words
   with no meaning in a question ("my son", "help") are left out and pages are ranked by how many
   of the other words they match. A misspelt word is corrected from the site's own vocabulary
   (search/vocabulary.js, built with the site and loaded only when a search finds little). And a
   page with no results offers the browse pages for the words it knows, and a way to tell us. */
(function () {
  "use strict";
  var script = document.currentScript;
  var root = script.getAttribute("data-root");
  // Where the build put each index (the addresses are decided once, in the build's route registry).
  var files = { fallback: script.getAttribute("data-fallback"), questionWords: script.getAttribute("data-question-words"),
                vocabulary: script.getAttribute("data-vocabulary"), pagefind: script.getAttribute("data-pagefind"),
                // a large site's index is in parts (search.py, PAGES_PER_INDEX_PART): their folders
                pagefindParts: (script.getAttribute("data-pagefind-parts") || "").split(" ").filter(Boolean),
                englishFallback: script.getAttribute("data-english-fallback") };
  // Every word the script shows comes from the page, in the page's language (search-strings JSON);
  // plurals are given for each of the language's plural categories, chosen with Intl.PluralRules.
  var strings = JSON.parse(document.getElementById("search-strings").textContent);
  var language = document.documentElement.lang || "en";
  var inEnglish = /^en\b/i.test(language);
  var plurals = new Intl.PluralRules(language);
  var labels = JSON.parse(document.getElementById("search-labels").textContent);
  var FILTERS = Object.keys(labels);  // the page says which filters there are, in their order
  var PAGE_SIZE = 20;
  var RELAX_BELOW = 3;        // fewer results than this and the search is relaxed
  var SHORTEST_CORRECTED = 4; // shorter words are too easily "corrected" into another word
  var BROWSE_LINKS = 6;
  var form = document.querySelector(".search-form");
  var input = document.getElementById("search-input");
  var app = document.getElementById("search-app");
  var status = document.getElementById("search-status");
  var note = document.getElementById("search-note");
  var list = document.getElementById("search-results");
  var empty = document.getElementById("search-empty");
  var help = document.getElementById("search-help");
  var browse = document.getElementById("search-browse");
  var browseLinks = document.getElementById("search-browse-links");
  var tellUs = document.getElementById("search-tell-us");
  var groups = document.getElementById("filter-groups");
  var modeNote = document.getElementById("search-mode");
  var engine = null;
  var question = { stopWords: new Set(), same: [], sameWords: new Set() };  // see loadQuestionWords
  var vocabulary = null;
  var shown = PAGE_SIZE;
  var latest = 0;

  function fill(text, values) {
    return text.replace(/%\((\w+)\)[sd]/g, function (all, name) { return values[name]; });
  }
  function say(key, values) { return fill(strings[key], values); }
  function sayCount(key, count) {
    var forms = strings[key];
    return fill(forms[plurals.select(count)] || forms.other, { num: count });
  }

  function absolute(path) { return new URL(root + path, document.baseURI).href; }

  /* Words as the vocabulary holds them: lower case, apostrophes dropped ("can't" is "cant"). */
  function words(text) {
    return text.toLowerCase().replace(/['\u2019`]/g, "").split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  }

  function readState() {
    var params = new URLSearchParams(location.search);
    var state = { q: (params.get("q") || "").trim(), filters: {}, typed: params.get("typed") === "1" };
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
    if (state.typed) { params.set("typed", "1"); }  // the words as typed, not corrected
    var text = params.toString();
    return text ? "?" + text : location.pathname.split("/").pop();
  }

  function currentState() {
    var state = { q: input.value.trim(), filters: {}, typed: false };
    groups.querySelectorAll("input:checked").forEach(function (box) {
      (state.filters[box.name] = state.filters[box.name] || []).push(box.value);
    });
    return state;
  }

  /* Pagefind puts pages with equal scores in the order the build's file system listed their files,
     which differs from one machine to another: those are put in the order of their ids, which
     Pagefind makes from the pages' content, so a search gives the same order wherever it was built. */
  function byScoreThenId(a, b) {
    return (b.score - a.score) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  }

  /* Pagefind: the full index, fetched in small pieces as needed. Every word must match; a word
     it does not know it matches by a shorter beginning ("autisim" finds "a..."), so results are
     checked against the words they highlight (see trusted). */
  function pagefindEngine(pagefind) {
    return {
      mode: strings.modePagefind,
      exact: false,
      quotes: true,  // "a phrase in quotes" matches whole words only
      search: function (q, filters) {
        var chosen = {};
        Object.keys(filters).forEach(function (k) { chosen[k] = { any: filters[k] }; });
        return pagefind.search(q || null, { filters: chosen }).then(function (search) {
          return { items: search.results.slice().sort(byScoreThenId), counts: search.filters };
        });
      },
      details: function (item) {
        return item.data().then(function (data) {
          return { url: data.url.replace(/^\//, ""), meta: data.meta, excerpt: data.excerpt };
        });
      }
    };
  }

  /* The fallback: every word must appear in the title, summary or synonyms. */
  function fallbackEngine(rows) {
    function matches(row, wanted) {
      var text = (row.t + " " + row.s + " " + row.k).toLowerCase();
      return wanted.every(function (w) { return text.indexOf(w) !== -1; });
    }
    function score(row, wanted) {
      var title = row.t.toLowerCase();
      return wanted.reduce(function (sum, w) { return sum + (title.indexOf(w) !== -1 ? 3 : 1); }, 0);
    }
    function passes(row, filters, skip) {
      return Object.keys(filters).every(function (name) {
        if (name === skip) { return true; }
        var have = row.filters[name] || [];
        return filters[name].some(function (v) { return have.indexOf(v) !== -1; });
      });
    }
    return {
      mode: strings.modeFallback,
      exact: true,  // a result really contains every word
      search: function (q, filters) {
        var wanted = q.toLowerCase().split(/\s+/).filter(Boolean);
        var found = rows.filter(function (row) { return matches(row, wanted); });
        var counts = {};
        FILTERS.forEach(function (name) {
          counts[name] = {};
          found.forEach(function (row) {
            if (!passes(row, filters, name)) { return; }
            (row.filters[name] || []).forEach(function (v) { counts[name][v] = (counts[name][v] || 0) + 1; });
          });
        });
        var items = found.filter(function (row) { return passes(row, filters); })
          .map(function (row) { return { id: row.u, score: score(row, wanted), row: row }; })
          .sort(function (a, b) { return b.score - a.score; });
        return Promise.resolve({ items: items, counts: counts });
      },
      details: function (item) { return Promise.resolve({ url: item.row.u, meta: item.row.meta }); }
    };
  }

  function loadScript(path) {
    return new Promise(function (resolve, reject) {
      var tag = document.createElement("script");
      tag.src = root + path;
      tag.onload = resolve;
      tag.onerror = reject;
      document.head.appendChild(tag);
    });
  }

  function loadFallback() {
    return loadScript(files.fallback).then(function () {
      return fallbackEngine(window.LOCAL_OFFER_FALLBACK || []);
    });
  }

  function loadEngine() {
    if (location.protocol === "file:") { return loadFallback(); }
    return import(absolute(files.pagefind)).then(function (pagefind) {
      // Filter counts appear in search results only once the filter data has been loaded. The index's
      // other parts are merged into the first: a search then searches every part, adds up their filter
      // counts and orders their results by score (options reach only the first part, so each is given them).
      // baseUrl "/": a result's address is then its path from the site's root, which the page puts after
      // `root`; Pagefind's own guess puts the folder the site is published in before it (/local-offer/).
      var options = { excerptLength: 24, baseUrl: "/" };
      return Promise.all(files.pagefindParts.map(function (part) { return pagefind.mergeIndex(absolute(part), options); }))
        .then(function () { return pagefind.options(options); })
        .then(function () { return pagefind.filters(); })
        .then(function () { return pagefindEngine(pagefind); });
    }).catch(loadFallback);
  }

  /* Words with no meaning in a question, and same-meaning phrases: small, loaded with the page.
     Without them (they failed to load) search keeps every word. */
  function loadQuestionWords() {
    return loadScript(files.questionWords).then(function () {
      var data = window.LOCAL_OFFER_QUESTION_WORDS || { stop: [], same: [] };
      question = { stopWords: new Set(data.stop), same: data.same, sameWords: new Set(words(data.same.join(" "))) };
    }, function () {});
  }

  /* The vocabulary, loaded once and only when a search finds little. Without it (it failed to
     load) search still works, just without corrections and with every word kept. */
  function loadVocabulary() {
    if (!vocabulary) {
      vocabulary = loadScript(files.vocabulary).then(function () {
        return window.LOCAL_OFFER_VOCABULARY;
      }, function () { return null; }).then(function (data) {
        data = data || { words: [], browse: {}, terms: [] };
        data.known = new Set(data.words);
        return data;
      });
    }
    return vocabulary;
  }

  var ENDINGS = /(?:ing|ed|es|s|er|ers)$/;

  function known(word, vocab) {
    if (!vocab.words.length || vocab.known.has(word) || question.sameWords.has(word)) { return true; }
    // Search matches the beginning of words and their stems: "room" finds "rooms", "schooling" "school".
    var stem = word.replace(ENDINGS, "");
    return [word, stem].some(function (start) {
      return start.length >= 3 && vocab.words.some(function (v) { return v.indexOf(start) === 0; });
    });
  }

  /* Edit distance, counting two swapped letters as one edit ("behaviuor"). */
  function distance(a, b, most) {
    if (Math.abs(a.length - b.length) > most) { return most + 1; }
    var rows = [];
    for (var i = 0; i <= a.length; i++) {
      rows[i] = [i];
      for (var j = 1; j <= b.length; j++) {
        if (i === 0) { rows[i][j] = j; continue; }
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        rows[i][j] = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
          rows[i][j] = Math.min(rows[i][j], rows[i - 2][j - 2] + 1);
        }
      }
    }
    return rows[a.length][b.length];
  }

  /* The closest word the site uses, the most common on a tie; null if none is close. */
  function closest(word, vocab) {
    var most = word.length > 7 ? 2 : 1;
    var best = null, bestDistance = most + 1;
    vocab.words.forEach(function (candidate) {
      if (bestDistance === 1 || candidate.length < SHORTEST_CORRECTED) { return; }
      var d = distance(word, candidate, most);
      if (d < bestDistance) { best = candidate; bestDistance = d; }
    });
    return best;
  }

  /* The query with each unknown word corrected, or null if nothing needed correcting. */
  function corrected(q, vocab) {
    var changed = false;
    var fixed = words(q).map(function (w) {
      if (w.length < SHORTEST_CORRECTED || /\d/.test(w) || question.stopWords.has(w) || known(w, vocab)) { return w; }
      var better = closest(w, vocab);
      changed = changed || Boolean(better);
      return better || w;
    });
    return changed ? fixed.join(" ") : null;
  }

  // Someone's age in figures ("my 3 year old", "i am 17", "she is 4"), left out of a question's
  // ideas (see ideas). "At 16" stays: pages do write "at 16" and "post-16"; so does a range of ages
  // ("what is 16 to 19 bursary", "is 16-19"), which is a name, not someone's age.
  var AGE_PHRASE = / (?:\d{1,2} (?:years?|yrs?|months?)(?: old)?|(?:am|im|is|aged) \d{1,2}(?! (?:to )?\d))(?= )/g;

  /* The ideas in a query, each searched on its own when no page has them all: phrases from the
     same-meaning groups ("cant sleep", "holiday club"), then the other words, leaving out words
     with no meaning in a question ("my son", "help"). */
  function ideas(q) {
    // A child's age ("3 year old", "i am 17") is rarely written in figures on the page that answers
    // the question, so it would hide that page; the other words carry the question.
    var text = (" " + words(q).join(" ") + " ").replace(AGE_PHRASE, " ");
    var found = [];
    question.same.forEach(function (group) {
      group.forEach(function (phrase) {
        if (phrase.indexOf(" ") !== -1 && text.indexOf(" " + phrase + " ") !== -1) {
          found.push(phrase);
          text = text.replace(" " + phrase + " ", " ");
        }
      });
    });
    words(text).forEach(function (w) {
      if (!question.stopWords.has(w) && found.indexOf(w) === -1) { found.push(w); }
    });
    return found;
  }

  /* What search looks for: the query's ideas, or the query itself if it is all little words. */
  function meaningful(q) {
    return ideas(q).map(function (idea) { return longerSameWord(idea) || idea; }).join(" ") || q;
  }

  /* Do the first results really contain the words? Pagefind marks what it matched in each excerpt. */
  function trusted(found, q) {
    if (engine.exact || !found.items.length) { return Promise.resolve(true); }
    return Promise.all(found.items.slice(0, 5).map(engine.details)).then(function (details) {
      var marked = [];
      details.forEach(function (d) {
        (d.excerpt || "").replace(/<mark>([^<]*)<\/mark>/g, function (_, w) { marked.push.apply(marked, words(w)); });
      });
      return words(q).filter(function (w) { return w.length >= SHORTEST_CORRECTED; }).every(function (w) {
        return marked.some(function (m) { return m.indexOf(w) === 0 || (w.indexOf(m) === 0 && w.length - m.length <= 4); });
      });
    });
  }

  function plain(q, filters) {
    return engine.search(q, filters).then(function (found) {
      return { items: found.items, counts: found.counts, approximate: false, relaxed: false, q: q };
    });
  }

  /* Pagefind matches the beginning of words, so "OT" alone would find "other". A short word with a
     longer same-meaning word ("occupational therapy") is searched by that word, which every page
     using the short word also has (search indexes whole groups). */
  function longerSameWord(idea) {
    if (idea.length > 3 || /\d/.test(idea)) { return null; }
    var longer = null;
    question.same.forEach(function (group) {
      if (group.indexOf(idea) === -1) { return; }
      group.forEach(function (w) { if (!longer && w.length > 3) { longer = w; } });
    });
    return longer;
  }

  /* Any other short word is searched as a whole word, in quotes (which Pagefind does not score). */
  function searchTextFor(idea) {
    var short = idea.length <= 3 && !/\d/.test(idea);
    return longerSameWord(idea) || (short && engine.quotes ? "\"" + idea + "\"" : idea);
  }

  /* One idea's pages, each with its score. Pagefind gives every page found by a search in quotes
     the same score, so those pages take theirs from the word searched without quotes: a page
     named for the word then comes before one that mentions it once. */
  function searchIdea(idea, filters) {
    var text = searchTextFor(idea);
    var unscored = text.charAt(0) === "\"";
    return Promise.all([engine.search(text, filters), unscored ? engine.search(idea, filters) : null]).then(function (both) {
      var scoreOf = {};
      (both[1] || both[0]).items.forEach(function (item) { scoreOf[item.id] = item.score || 0; });
      return { counts: both[0].counts, pages: both[0].items.map(function (item) { return { item: item, score: scoreOf[item.id] || 0 }; }) };
    });
  }

  /* Search each idea on its own and score every page found: how many ideas it matches, then the
     sum of its scores, each idea's best page counting 1, so no single idea outweighs the others. */
  function byIdeas(each, filters) {
    return Promise.all(each.map(function (idea) { return searchIdea(idea, filters); })).then(function (results) {
      var merged = {}, order = [], counts = {};
      results.forEach(function (found) {
        var best = found.pages.reduce(function (top, page) { return Math.max(top, page.score); }, 0) || 1;
        found.pages.forEach(function (page) {
          var m = merged[page.item.id];
          if (!m) { m = merged[page.item.id] = { item: page.item, matched: 0, score: 0 }; order.push(m); }
          m.matched += 1;
          m.score += page.score / best;
        });
        // A page can match several ideas, so the counts cannot be added up: keep which values occur.
        Object.keys(found.counts || {}).forEach(function (name) {
          counts[name] = counts[name] || {};
          Object.keys(found.counts[name]).forEach(function (v) {
            counts[name][v] = Math.max(counts[name][v] || 0, found.counts[name][v]);
          });
        });
      });
      return { merged: merged, order: order, counts: counts };
    });
  }

  function ranked(entries) {
    return entries.sort(function (a, b) { return (b.matched - a.matched) || (b.score - a.score); })
      .map(function (m) { return m.item; });
  }

  /* Pages with every idea first, then those with most of them. */
  function relaxed(full, q, filters, vocab) {
    var each = ideas(q).filter(function (idea) { return idea.indexOf(" ") !== -1 || known(idea, vocab); });
    if (!each.length || (each.length === 1 && full.items.length)) { return Promise.resolve(full); }
    return byIdeas(each, filters).then(function (found) {
      full.items.forEach(function (item) {
        var m = found.merged[item.id];
        if (!m) { m = found.merged[item.id] = { item: item, matched: 0, score: 0 }; found.order.push(m); }
        m.matched = each.length + 1;
      });
      // "No page has all of your words" only when none has: pages that have them all come first
      return { items: ranked(found.order), counts: found.counts, approximate: true,
               relaxed: !full.items.length && found.order.length > 0, q: q };
    });
  }

  /* Pages with every word, in order of how well they match each idea: Pagefind alone lets a
     common word outweigh the one that names the subject ("OT assessment"). */
  function reranked(full, q, filters) {
    var each = ideas(q);
    if (each.length < 2) { return Promise.resolve(full); }
    return byIdeas(each, filters).then(function (found) {
      var entries = full.items.map(function (item) { return found.merged[item.id] || { item: item, matched: 0, score: 0 }; });
      return { items: ranked(entries), counts: full.counts, approximate: false, relaxed: false, q: full.q };
    });
  }

  /* The whole search: the query's meaningful words; if that finds little, corrected and relaxed. */
  function find(state) {
    if (!state.q) { return plain("", state.filters); }
    if (!inEnglish) { return findInLanguage(state); }
    var core = meaningful(state.q);
    return plain(core, state.filters).then(function (full) {
      return trusted(full, core).then(function (sure) {
        if (sure && full.items.length >= RELAX_BELOW) { return reranked(full, core, state.filters); }
        return loadVocabulary().then(function (vocab) {
          var fixed = state.typed ? null : corrected(state.q, vocab);
          var search = fixed ? plain(meaningful(fixed), state.filters) : Promise.resolve(full);
          return search.then(function (found) {
            var unknown = words(core).some(function (w) { return !question.stopWords.has(w) && !known(w, vocab); });
            var few = found.items.length < RELAX_BELOW || (!fixed && !sure && unknown);
            // Results for a word that neither the excerpts (trusted) nor the vocabulary confirm are
            // matches on a few of its letters: drop them. An excerpt shows only a few lines of a page,
            // so a word the site uses may be missing from it ("16 to 19 bursary").
            var base = fixed || sure || !unknown ? found : { items: [], counts: {}, approximate: false, relaxed: false, q: found.q };
            return (few ? relaxed(base, found.q, state.filters, vocab) : Promise.resolve(found))
              .then(function (outcome) {
                outcome.corrected = fixed;
                outcome.browse = browsePages(found.q, vocab);
                return outcome;
              });
          });
        });
      });
    });
  }

  /* In another language the English vocabulary cannot correct or relax the words: search the
     language's own index, and when it finds nothing, the English one (titles, summaries, synonyms). */
  function findInLanguage(state) {
    return plain(state.q, state.filters).then(function (own) {
      if (own.items.length || !files.englishFallback) { return own; }
      return loadEnglish().then(function (english) {
        return english.search(state.q, state.filters).then(function (found) {
          return { items: found.items, counts: found.counts, approximate: false, relaxed: false, q: state.q,
                   english: true, details: english.details };
        });
      }, function () { return own; });
    });
  }

  var english = null;
  function loadEnglish() {
    if (!english) {
      english = loadScript(files.englishFallback).then(function () {
        return fallbackEngine(window.LOCAL_OFFER_FALLBACK || []);
      });
    }
    return english;
  }

  /* Term pages for the words the vocabulary recognises, the closest first. */
  function browsePages(q, vocab) {
    var seen = [];
    words(q).forEach(function (w) {
      (vocab.browse[w] || []).forEach(function (i) { if (seen.indexOf(i) === -1) { seen.push(i); } });
    });
    return seen.slice(0, BROWSE_LINKS).map(function (i) { return vocab.terms[i]; });
  }

  function renderFilters(state, counts, approximate) {
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
        // After a relaxed search a count would be a guess, so none is shown.
        label.textContent = labels[name].values[value] + (approximate ? "" : " (" + ((counts[name] || {})[value] || 0) + ")");
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

  function quoted(text) { return "\u201c" + text + "\u201d"; }

  function describe(state, outcome) {
    var total = outcome.items.length;
    var filterCount = Object.keys(state.filters).reduce(function (n, k) { return n + state.filters[k].length; }, 0);
    var filters = filterCount ? " " + sayCount("filters", filterCount) : "";
    var text = outcome.corrected ? say("showingFor", { query: quoted(outcome.corrected) }) + " " : "";
    if (outcome.english) { text += strings.inEnglish + " "; }
    if (outcome.relaxed) {
      return text + strings.noneWithAll + filters + ". " + sayCount("someResults", total);
    }
    var count = sayCount("results", total);
    return text + count + (state.q && !outcome.corrected ? " " + say("for", { query: quoted(state.q) }) : "") + filters + ".";
  }

  function renderNote(state, outcome) {
    note.textContent = "";
    note.hidden = !outcome.corrected;
    if (!outcome.corrected) { return; }
    var link = document.createElement("a");
    link.href = stateQuery({ q: state.q, filters: state.filters, typed: true });
    link.textContent = say("searchInstead", { query: quoted(state.q) });
    note.appendChild(link);
  }

  function renderHelp(state, outcome) {
    var pages = outcome.browse || [];
    browseLinks.textContent = "";
    pages.forEach(function (term) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = root + term.u;
      link.textContent = term.l;
      item.appendChild(link);
      browseLinks.appendChild(item);
    });
    browse.hidden = !pages.length;
    tellUs.href = tellUs.getAttribute("data-pattern").replace(/__QUERY__/g, encodeURIComponent(state.q));
    help.hidden = !(state.q && (outcome.relaxed || !outcome.items.length));
  }

  function render(state, outcome, details) {
    renderFilters(state, outcome.counts || {}, outcome.approximate);
    list.textContent = "";
    details.forEach(function (d) { list.appendChild(resultItem(d)); });
    empty.hidden = outcome.items.length > 0;
    renderNote(state, outcome);
    renderHelp(state, outcome);
    app.hidden = false;
    moreButton(outcome.items.length > shown, state);
    status.textContent = describe(state, outcome);
  }

  /* Run a search now, or as soon as the engine has loaded; a newer search overtakes an older one. */
  function run(state) {
    var ticket = ++latest;  // a slower, older search must not overwrite a newer one
    if (!state.q && !Object.keys(state.filters).length) {
      app.hidden = true;
      return Promise.resolve();
    }
    status.textContent = engine ? strings.searching : strings.loading;
    if (Object.keys(state.filters).length) { document.getElementById("search-filters").open = true; }
    return engineReady.then(function () {
      if (ticket !== latest) { return; }
      return find(state).then(function (outcome) {
        if (ticket !== latest) { return; }
        return Promise.all(outcome.items.slice(0, shown).map(outcome.details || engine.details)).then(function (details) {
          if (ticket === latest) { render(state, outcome, details); }
        });
      });
    });
  }

  function moreButton(needed, state) {
    var existing = document.getElementById("search-more");
    if (existing) { existing.remove(); }
    if (!needed) { return; }
    var button = document.createElement("button");
    button.type = "button"; button.id = "search-more"; button.textContent = strings.more;
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

  var engineReady = Promise.all([loadEngine(), loadQuestionWords()]).then(function (loaded) {
    engine = loaded[0];
    modeNote.textContent = engine.mode;
    document.documentElement.setAttribute("data-search-mode", engine.exact ? "fallback" : "pagefind");
  });
  engineReady.catch(function () {
    modeNote.textContent = strings.unavailable;
    status.textContent = "";
  });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    update(currentState());
  });
  groups.addEventListener("change", function () { update(currentState()); });
  window.addEventListener("popstate", function () {
    var state = readState();
    input.value = state.q;
    shown = PAGE_SIZE;
    run(state);
  });

  // The address's search, shown in the box at once; but on a slow phone the reader may already
  // have typed before this script ran, and what they typed is kept.
  var initial = readState();
  if (!input.value) { input.value = initial.q; }
  run(initial);
}());
