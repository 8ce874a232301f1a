// Optional speed-ups; the page works the same without JavaScript.
// 1. Live search: results update while typing (the same server-side search as ?q=).
// 2. The preview image follows the language and format choices, and says how many
//    pages the copy prints.
// 3. Print sends the copy to the chosen printer and says so in place, then clears the
//    patient's details for the next patient; the desk's printer is remembered.
// 4. A name or note over its limit is said at once, and the copy is not made until it
//    is shortened (a limit the browser enforced cut a pasted name short in silence).
// 5. A double click on Open PDF makes one copy.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  function liveSearch(input) {
    var results = document.getElementById("results");
    var timer = null;
    var latest = 0;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var query = input.value.trim();
        var ticket = ++latest;
        var url = "?" + new URLSearchParams(query ? { q: query } : {}).toString();
        fetch(url, { headers: { Accept: "text/html" } })
          .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
          .then(function (html) {
            if (ticket !== latest) return;  // an older answer arrived late
            var doc = new DOMParser().parseFromString(html, "text/html");
            var fresh = doc.getElementById("results");
            if (fresh) results.innerHTML = fresh.innerHTML;
            var said = document.getElementById("results-said");
            var line = results.querySelector(".count, .empty");
            if (said && line) said.textContent = line.textContent.replace(/\s+/g, " ").trim();
            history.replaceState(null, "", url === "?" ? location.pathname : url);
          })
          .catch(function () { /* the Search button still works */ });
      }, 150);
    });
  }

  function livePreview(form, figure) {
    var image = figure.querySelector("img");
    var base = image.getAttribute("src").split("?")[0];
    function update() {
      var params = new URLSearchParams({ locale: form.elements.locale.value });
      if (form.elements.large_print.checked) params.set("large_print", "1");
      if (form.elements.bilingual.checked) params.set("bilingual", "1");
      params.set("paper", form.elements.paper.value);
      var src = base + "?" + params.toString();
      if (image.getAttribute("src") === src) return;
      figure.classList.add("loading");
      image.setAttribute("src", src);
    }
    var caption = document.getElementById("preview-caption");
    function describe() {  // how many pages this choice prints
      var shown = image.getAttribute("src");
      fetch(shown, { method: "HEAD" })
        .then(function (r) { return r.headers.get("X-Pages"); })
        .then(function (pages) {
          if (!caption || !pages || image.getAttribute("src") !== shown) return;
          caption.textContent = "Page 1 of " + pages + ", without personal details." +
            (parseInt(pages, 10) > 1 ? " The copy prints " + pages + " pages." : "");
        })
        .catch(function () { /* the caption stays as it was */ });
    }
    image.addEventListener("load", function () {
      figure.classList.remove("loading");
      describe();
    });
    if (image.complete && image.naturalWidth) describe();  // loaded before this script ran
    image.addEventListener("error", function () { figure.classList.remove("loading"); });
    ["locale", "large_print", "bilingual", "paper"].forEach(function (name) {
      form.elements[name].addEventListener("change", update);
    });
  }

  var PERSONAL = ["patient_name", "clinician", "procedure_date", "note"];
  var PRINTER_KEY = "handouts.printer";  // which printer this desk uses: nothing personal

  function clearPersonal(form) {
    PERSONAL.forEach(function (name) {
      var field = form.elements[name];
      if (!field) return;
      field.value = "";
      field.dispatchEvent(new Event("input"));  // a "too long" message goes with the text
    });
  }

  function say(status, text, failed) {
    status.textContent = text;
    status.classList.toggle("error", !!failed);
  }

  function directPrint(form, button) {
    var status = document.getElementById("print-status");
    var printer = form.elements.printer;
    var next = document.getElementById("next-patient");
    try {
      var saved = localStorage.getItem(PRINTER_KEY);
      if (saved && printer.querySelector('option[value="' + CSS.escape(saved) + '"]')) {
        printer.value = saved;
      }
    } catch (e) { /* storage off: the first printer stays selected */ }
    printer.addEventListener("change", function () {
      try { localStorage.setItem(PRINTER_KEY, printer.value); } catch (e) { /* no storage */ }
    });
    form.addEventListener("submit", function (event) {
      if (event.submitter && event.submitter.id === "enter-guard") {
        event.preventDefault();  // Enter in a field: the preview already follows the form
        return;
      }
      if (event.submitter !== button) return;  // Open PDF and Update preview work as before
      event.preventDefault();
      var hadFocus = document.activeElement === button;
      button.disabled = true;
      say(status, "Printing…");
      fetch(button.formAction, { method: "POST", body: new URLSearchParams(new FormData(form)),
                                 headers: { Accept: "application/json" } })
        .then(function (r) {
          if ((r.headers.get("Content-Type") || "").indexOf("json") < 0) {  // a proxy's page
            return [false, { error: "the server answered " + r.status + " " + r.statusText +
                                    ".", hint: "Try again, or use Open PDF." }];
          }
          return r.json().then(function (body) { return [r.ok, body]; });
        })
        .then(function (answer) {
          var body = answer[1];
          if (!answer[0]) {  // a field's mistake in its own words; else what to do now
            var why = body.field || !body.title ? body.error : body.title + ".";
            var hint = body.hint ? " " + body.hint.charAt(0).toUpperCase() + body.hint.slice(1) : "";
            say(status, "Not printed: " + why + hint, true);
            var field = body.field && form.elements[body.field];
            if (field && field.focus) { button.disabled = false; field.focus(); }
            return;
          }
          clearPersonal(form);
          say(status, "Sent to " + body.printer + " (" + body.pages + " page" +
              (body.pages === 1 ? "" : "s") + "). The patient’s details were cleared.");
          next.focus();
        })
        .catch(function () {
          say(status, "Not printed: the server did not answer. Try again, or use Open PDF.", true);
        })
        .then(function () {
          button.disabled = false;  // focus left the disabled button: give it back
          var lost = !document.activeElement || document.activeElement === document.body;
          if (hadFocus && lost) button.focus();
        });
    });
  }

  // IT sets a desk's printer once by opening any page with ?printer=QUEUE on it (or a
  // bookmark of it): the choice is kept in this browser, like a choice made on the page.
  function rememberPrinterFromAddress() {
    var wanted = new URLSearchParams(location.search).get("printer");
    if (!wanted) return;
    try { localStorage.setItem(PRINTER_KEY, wanted); } catch (e) { /* no storage */ }
  }

  // The server counts characters (code points, after NFC) as Python does; so does this.
  // The message is said once when the text goes over the limit (a live region that
  // changed at every key would chatter), and the field is marked invalid meanwhile.
  function limitChecks(form) {
    form.querySelectorAll("[data-limit]").forEach(function (field) {
      var limit = parseInt(field.dataset.limit, 10);
      var said = document.getElementById(field.id + "-limit");
      function check() {
        var over = Array.from(field.value.normalize("NFC").trim()).length > limit;
        var text = over ? "Too long: the limit is " + limit +
          " characters. Shorten it to print." : "";
        field.setCustomValidity(text);
        field.setAttribute("aria-invalid", over ? "true" : "false");
        if (said && said.textContent !== text) {
          said.textContent = text;
          said.classList.toggle("error", over);
          if (over) aboveBar(form, said);  // the message, whole, above the print bar
        }
      }
      field.addEventListener("input", check);
      check();
    });
  }

  // A double click on Open PDF made two copies (two renders, two tabs): the same
  // button sending the same form again within two seconds is dropped. Registered after
  // directPrint's listener, which handles the Print button itself.
  function oneCopyPerClick(form) {
    var last = { at: 0, by: null, data: "" };
    form.addEventListener("submit", function (event) {
      if (event.defaultPrevented) return;
      var data = new URLSearchParams(new FormData(form)).toString();
      var now = Date.now();
      if (now - last.at < 2000 && event.submitter === last.by && data === last.data) {
        event.preventDefault();
        return;
      }
      last = { at: now, by: event.submitter, data: data };
    });
  }

  // The print bar sticks to the bottom of a tall window (style.css): a field reached
  // with Tab, the field focused on arrival, or a message that appears under a field
  // must not sit under it.
  function aboveBar(form, element) {
    var bar = form.querySelector(".actions");
    if (!bar || !element || getComputedStyle(bar).position !== "sticky") return;
    var before = bar.compareDocumentPosition(element) & Node.DOCUMENT_POSITION_PRECEDING;
    if (!before || bar.contains(element)) return;  // the bar, or what comes after it
    var under = element.getBoundingClientRect().bottom - bar.getBoundingClientRect().top;
    if (under > -8) window.scrollBy(0, under + 16);
  }

  function keepFocusAboveBar(form) {
    form.addEventListener("focusin", function (event) { aboveBar(form, event.target); });
    if (form.contains(document.activeElement)) aboveBar(form, document.activeElement);
  }

  window.addEventListener("pageshow", function (event) {
    var form = document.getElementById("print-form");
    if (form && event.persisted) clearPersonal(form);  // Back must not bring a name back
  });

  // The chosen language's state, on its own line: a narrow list cuts its label. Kept in
  // step on change, and when Back restores the list's choice (pageshow).
  function languageNote(form) {
    var select = form.elements.locale, note = document.getElementById("locale-note");
    if (!select || !note) return;
    function sync() {
      var chosen = select.options[select.selectedIndex];
      note.textContent = chosen && chosen.dataset.note ? chosen.dataset.note : "";
    }
    select.addEventListener("change", sync);
    window.addEventListener("pageshow", sync);
    sync();
  }

  document.addEventListener("DOMContentLoaded", function () {
    rememberPrinterFromAddress();
    var search = document.getElementById("q");
    if (search && document.getElementById("results")) liveSearch(search);
    var form = document.getElementById("print-form");
    var figure = document.querySelector("figure.preview");
    if (form && figure) livePreview(form, figure);
    if (form) { limitChecks(form); keepFocusAboveBar(form); languageNote(form); }
    var button = document.getElementById("print-button");
    if (form && button) directPrint(form, button);
    if (form) oneCopyPerClick(form);
    var next = document.getElementById("next-patient");
    if (form && next) next.addEventListener("click", function () { clearPersonal(form); });
    document.documentElement.dataset.ready = "1";  // every listener is in place (tests wait)
  });
})();
