// Keep what an editor types: in this browser until the server has it, and on the server as
// an autosave (not a revision) a moment after typing stops.
(function () {
  "use strict";
  var AUTOSAVE_DELAY = 1500;

  function cookie(name) {
    var match = document.cookie.match(new RegExp("(?:^|; )" + name + "=([^;]*)"));
    return match ? decodeURIComponent(match[1]) : "";
  }

  function init() {
    var box = document.getElementById("editorial-editor");
    if (!box) return;
    var form = box.closest("form");
    if (!form) return;
    var key = box.dataset.storageKey;
    var url = box.dataset.autosaveUrl;
    var names = box.dataset.fields.split(",");
    var status = document.getElementById("autosave-status");
    var sessionNotice = document.getElementById("session-notice");
    var timer = null;
    var inFlight = false;

    function fields() {
      return names
        .map(function (name) { return form.elements.namedItem(name); })
        .filter(function (el) { return el && typeof el.value === "string"; });
    }
    function values() {
      var data = {};
      fields().forEach(function (el) { data[el.name] = el.value; });
      return data;
    }
    function same(a, b) { return JSON.stringify(a) === JSON.stringify(b); }
    function fill(data) {
      fields().forEach(function (el) {
        if (Object.prototype.hasOwnProperty.call(data, el.name)) {
          el.value = data[el.name];
          el.dispatchEvent(new Event("input", { bubbles: true }));
        }
      });
    }
    function readLocal() {
      try { return JSON.parse(localStorage.getItem(key) || "null"); } catch (e) { return null; }
    }
    function writeLocal(data) {
      try { localStorage.setItem(key, JSON.stringify({ at: new Date().toISOString(), fields: data })); } catch (e) { /* storage full or off */ }
    }
    function say(text) { if (status) status.textContent = text; }
    function warn(text) {
      sessionNotice.textContent = "";
      sessionNotice.append(text + " ");
      var link = document.createElement("a");
      link.href = box.dataset.loginUrl;
      link.target = "_blank";
      link.rel = "noopener";
      link.textContent = "Log in again in a new tab";
      sessionNotice.append(link, ", then come back and save: your text is kept in this browser.");
      sessionNotice.hidden = false;
    }

    // What was typed into the new item's form, now saved as this item: done with.
    var newKey = box.dataset.newKey;
    if (newKey) {
      try {
        var typed = JSON.parse(localStorage.getItem(newKey) || "null");
        if (typed && typed.fields && same(typed.fields, values())) localStorage.removeItem(newKey);
      } catch (e) { /* storage off */ }
    }

    // A copy left in this browser by an earlier visit.
    var stored = readLocal();
    if (stored && stored.fields) {
      if (same(stored.fields, values())) {
        localStorage.removeItem(key);
      } else {
        var offer = document.getElementById("local-copy");
        offer.querySelector(".local-copy__time").textContent = new Date(stored.at).toLocaleString();
        offer.hidden = false;
        document.getElementById("restore-local").addEventListener("click", function () {
          fill(stored.fields);
          offer.hidden = true;
          schedule();
        });
        document.getElementById("discard-local").addEventListener("click", function () {
          localStorage.removeItem(key);
          offer.hidden = true;
        });
      }
    }

    // An autosave on the server, newer than the saved item.
    var serverData = document.getElementById("server-autosave-data");
    var serverButton = document.getElementById("restore-server-autosave");
    if (serverData && serverButton) {
      serverButton.hidden = false;
      serverButton.addEventListener("click", function () {
        fill(JSON.parse(serverData.textContent));
        serverButton.closest("#server-autosave").hidden = true;
      });
    }

    function send() {
      timer = null;
      if (!url) return;
      if (inFlight) { schedule(); return; }
      var sent = values();
      var body = new FormData();
      Object.keys(sent).forEach(function (name) { body.append(name, sent[name]); });
      var version = form.elements.namedItem("opened_version");
      if (version) body.append("opened_version", version.value);
      inFlight = true;
      say("Keeping your draft…");
      fetch(url, {
        method: "POST",
        body: body,
        credentials: "same-origin",
        redirect: "manual",
        headers: { "X-CSRFToken": cookie("csrftoken") || form.elements.namedItem("csrfmiddlewaretoken").value },
      }).then(function (response) {
        if (response.type === "opaqueredirect" || response.status === 401 || response.status === 403) {
          say("Not kept on the server.");
          warn("Your session has expired.");
          return;
        }
        if (!response.ok) { say("The server could not keep your draft; it is kept in this browser."); return; }
        return response.json().then(function (answer) {
          sessionNotice.hidden = true;
          say(answer.label + (answer.newer_version ? " (someone has saved a newer version since you opened this)" : ""));
          if (same(readLocal() && readLocal().fields, sent) || same(values(), sent)) localStorage.removeItem(key);
        });
      }).catch(function () {
        say("Offline: your draft is kept in this browser until the server can be reached.");
      }).finally(function () { inFlight = false; });
    }
    function schedule() {
      if (timer) clearTimeout(timer);
      timer = setTimeout(send, AUTOSAVE_DELAY);
    }

    form.addEventListener("input", function (event) {
      if (names.indexOf(event.target.name) === -1) return;
      writeLocal(values());
      schedule();
    });
    window.addEventListener("online", function () { if (readLocal()) schedule(); });

    // After logging in again in another tab the CSRF secret changed: send the new one.
    form.addEventListener("submit", function () {
      var token = cookie("csrftoken");
      var input = form.elements.namedItem("csrfmiddlewaretoken");
      if (token && input) input.value = token;
      writeLocal(values());
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();

  // The image picker: "Insert" puts the image's Markdown at the cursor in the body; Enter in
  // its search box searches instead of saving the article.
  document.addEventListener("click", function (event) {
    var button = event.target.closest(".image-picker__insert");
    var body = document.getElementById("id_body");
    if (!button || !body) return;
    var text = "\n\n" + button.dataset.insert + "\n\n";
    var at = typeof body.selectionStart === "number" ? body.selectionStart : body.value.length;
    var end = typeof body.selectionEnd === "number" ? body.selectionEnd : at;
    body.value = body.value.slice(0, at) + text + body.value.slice(end);
    body.selectionStart = body.selectionEnd = at + text.length;
    body.focus();
    body.dispatchEvent(new Event("input", { bubbles: true }));
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && event.target.id === "image-picker-q") event.preventDefault();
  });

  // The live preview as readers will see it: the public stylesheet, in a shadow root that
  // the admin's own styles cannot reach.
  document.addEventListener("htmx:afterSwap", function () {
    document.querySelectorAll(".editorial-reader:not([data-isolated])").forEach(function (reader) {
      var host = document.createElement("div");
      host.className = "editorial-reader-host";
      var root = host.attachShadow({ mode: "open" });
      var sheet = document.createElement("link");
      sheet.rel = "stylesheet";
      sheet.href = reader.dataset.stylesheet;
      root.append(sheet);
      while (reader.firstChild) root.append(reader.firstChild);
      reader.dataset.isolated = "";
      reader.append(host);
    });
  });
})();
