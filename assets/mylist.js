/* "My list": services and guides a parent keeps on this device (localStorage only: no account, no
   server), then prints or sends as a link that holds the list in its address (#list=...).
   Progressive enhancement: without JavaScript the buttons stay hidden and the list page says why.
   On service and guide pages: the "Add to my list" button, its state said in its words and
   announced in a status line. On the list page: the list from the items script the build writes. */
(function () {
  "use strict";
  var STORE = "localoffer-my-list";
  var script = document.currentScript;
  var root = script.getAttribute("data-root");

  function readList() {
    try {
      var saved = JSON.parse(localStorage.getItem(STORE) || "[]");
      return Array.isArray(saved) ? saved.filter(function (key) { return typeof key === "string"; }) : [];
    } catch (error) { return []; }
  }

  function writeList(keys) {
    try { localStorage.setItem(STORE, JSON.stringify(keys)); return true; } catch (error) { return false; }
  }

  // Every word comes from the page, in its language (mylist-strings JSON).
  var strings = JSON.parse(document.getElementById("mylist-strings").textContent);
  var plurals = new Intl.PluralRules(document.documentElement.lang || "en");
  function say(key, values) {
    return strings[key].replace(/%\((\w+)\)s/g, function (all, name) { return values[name]; });
  }
  function itemsText(count) {
    var forms = strings.items;
    return (forms[plurals.select(count)] || forms.other).replace("%(num)s", count);
  }

  // ---- the button on a service or guide page ----
  var toggle = document.querySelector("[data-mylist-item]");
  if (toggle) {
    var key = toggle.getAttribute("data-mylist-item");
    var button = toggle.querySelector("button");
    var status = toggle.querySelector("[role=status]");
    var showState = function () {
      var inList = readList().indexOf(key) !== -1;
      button.textContent = inList ? strings.remove : strings.add;
    };
    button.addEventListener("click", function () {
      var keys = readList();
      var at = keys.indexOf(key);
      if (at === -1) { keys.push(key); } else { keys.splice(at, 1); }
      if (!writeList(keys)) { status.textContent = strings.cannotKeep; return; }
      showState();
      status.textContent = say(at === -1 ? "added" : "removed", { items: itemsText(keys.length) });
    });
    showState();
    toggle.hidden = false;
  }

  // ---- the "My list" page ----
  var box = document.getElementById("my-list");
  if (!box) { return; }
  var items = window.localOfferListItems || {};
  var needsScript = document.querySelector(".mylist-needs-script");
  var list = box.querySelector(".mylist-items");
  var empty = box.querySelector(".mylist-empty");
  var actions = box.querySelector(".mylist-actions");
  var shared = box.querySelector(".mylist-shared");
  var linkField = box.querySelector(".mylist-link");
  var email = box.querySelector(".mylist-email");
  var pageStatus = box.querySelector(".mylist-status");

  function sharedKeys() {
    var match = /(?:^#|&)list=([^&]*)/.exec(location.hash);
    if (!match) { return null; }
    return decodeURIComponent(match[1]).split(",").filter(function (k) { return items[k]; });
  }

  function known(keys) { return keys.filter(function (k) { return items[k]; }); }

  function element(name, text, className) {
    var node = document.createElement(name);
    if (text) { node.textContent = text; }
    if (className) { node.className = className; }
    return node;
  }

  function link(href, text) {
    var a = element("a", text);
    a.href = href;
    return a;
  }

  function contactLines(item) {
    var lines = element("ul", "", "contact-list");
    (item.contacts || []).forEach(function (contact) {
      var who = contact.name + (contact.role ? " (" + contact.role + ")" : "");
      if (contact.phone) { lines.appendChild(element("li", "")).append(say("phone", { who: who }) + " ", link("tel:" + contact.phone.replace(/\s/g, ""), contact.phone)); }
      if (contact.email) { lines.appendChild(element("li", "")).append(say("email", { who: who }) + " ", link("mailto:" + contact.email, contact.email)); }
      if (contact.website) { lines.appendChild(element("li", "")).append(say("website", { who: who }) + " ", link(contact.website, contact.website)); }
    });
    return lines;
  }

  function render(keys, fromLink) {
    list.textContent = "";
    keys.forEach(function (k) {
      var item = items[k];
      var row = element("li", "", "mylist-item");
      var heading = row.appendChild(element("h2", ""));
      heading.appendChild(link(root + item.href, item.title));
      row.appendChild(element("p", item.summary));
      if (item.organisation) { row.appendChild(element("p", say("runBy", { organisation: item.organisation }), "organisation")); }
      if (item.how_to_ask) { row.appendChild(element("p", say("whatToDo", { how: item.how_to_ask }))); }
      if (item.contacts && item.contacts.length) { row.appendChild(contactLines(item)); }
      if (!fromLink) {
        var remove = row.appendChild(element("button", strings.removeButton, "mylist-remove"));
        remove.type = "button";
        remove.setAttribute("aria-label", say("removeLabel", { title: item.title }));
        remove.addEventListener("click", function () {
          var now = known(readList()).filter(function (other) { return other !== k; });
          writeList(now);
          render(now, false);
          pageStatus.textContent = say("removedItem", { title: item.title, items: itemsText(now.length) });
        });
      }
      list.appendChild(row);
    });
    empty.hidden = keys.length > 0;
    actions.hidden = keys.length === 0;
    var address = location.href.split("#")[0] + "#list=" + keys.join(",");
    linkField.value = address;
    email.href = "mailto:?subject=" + encodeURIComponent(strings.subject) +
      "&body=" + encodeURIComponent(address);
  }

  function show() {
    var fromLink = sharedKeys();
    shared.hidden = !fromLink;
    render(fromLink || known(readList()), !!fromLink);
  }

  box.querySelector(".mylist-keep").addEventListener("click", function () {
    var keys = known(readList());
    sharedKeys().forEach(function (k) { if (keys.indexOf(k) === -1) { keys.push(k); } });
    writeList(keys);
    history.replaceState(null, "", location.pathname + location.search);
    show();
    pageStatus.textContent = say("saved", { items: itemsText(keys.length) });
  });
  box.querySelector(".mylist-print").addEventListener("click", function () { window.print(); });
  box.querySelector(".mylist-copy").addEventListener("click", function () {
    linkField.select();
    var done = function () { pageStatus.textContent = strings.copied; };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(linkField.value).then(done, function () { document.execCommand("copy"); done(); });
    } else {
      document.execCommand("copy");
      done();
    }
  });
  window.addEventListener("hashchange", show);
  show();
  if (needsScript) { needsScript.hidden = true; }
  box.hidden = false;
}());
