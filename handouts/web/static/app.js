// Optional speed-ups; the page works the same without JavaScript.
// 1. Live search: results update while typing (the same server-side search as ?q=).
// 2. The preview image follows the language and format choices.
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
    image.addEventListener("load", function () { figure.classList.remove("loading"); });
    image.addEventListener("error", function () { figure.classList.remove("loading"); });
    ["locale", "large_print", "bilingual", "paper"].forEach(function (name) {
      form.elements[name].addEventListener("change", update);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var search = document.getElementById("q");
    if (search && document.getElementById("results")) liveSearch(search);
    var form = document.getElementById("print-form");
    var figure = document.querySelector("figure.preview");
    if (form && figure) livePreview(form, figure);
  });
})();
