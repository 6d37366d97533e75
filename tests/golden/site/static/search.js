/* Start the self-hosted Pagefind search UI. The bundle path is made absolute from this page's address, so the
   site works under any subpath (Pagefind UI appends file names to it without a slash).

   Chinese: the index holds every Chinese character as a word of its own (generator/write/search.py), so a query
   with Chinese characters is sent as an exact phrase of its characters: 复议 finds 行政复议, 平潭 does not find
   平台. The excerpts come from that spaced copy; the spaces beside Chinese characters are taken out again. */
(function () {
  var HAN = "[\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff]";
  var HAN_ONE = new RegExp(HAN, "g");
  var GAP = "((?:\\s|</?mark>)+)";  // spaces, and the <mark> tags of the highlight between them
  var AFTER_HAN = new RegExp("(" + HAN + ")" + GAP + "(?=[^\\s<])", "g");
  var BEFORE_HAN = new RegExp("([^\\s])" + GAP + "(?=" + HAN + ")", "g");

  function spaced(text) {
    return text.replace(HAN_ONE, " $& ").replace(/\s+/g, " ").trim();
  }

  /* 行政复议 → "行 政 复 议" (one phrase); words apart stay apart: 平潭 复议 → 平 潭 复 议 (all must occur). */
  function term(query) {
    var q = query.replace(/^\s*"|"\s*$/g, "").trim();
    if (!new RegExp(HAN).test(q)) { return query; }
    var words = q.split(/\s+/);
    return words.length === 1 ? "\"" + spaced(q) + "\"" : words.map(spaced).join(" ");
  }

  function unspace(html) {
    if (typeof html !== "string") { return html; }
    var drop = function (all, before, gap) { return before + gap.replace(/\s+/g, ""); };
    return html.replace(AFTER_HAN, drop).replace(BEFORE_HAN, drop);
  }

  function result(r) {
    r.excerpt = unspace(r.excerpt);
    if (r.meta) { r.meta.title = unspace(r.meta.title); }
    (r.sub_results || []).forEach(function (s) { s.title = unspace(s.title); s.excerpt = unspace(s.excerpt); });
    return r;
  }

  window.addEventListener("DOMContentLoaded", function () {
    var box = document.getElementById("search");
    if (!box) { return; }
    if (location.protocol === "file:") {
      // the browser does not let a page opened from a file load the index: say so instead of waiting forever
      var notice = document.getElementById("search-needs-http");
      if (notice) { notice.hidden = false; }
      return;
    }
    if (typeof PagefindUI === "undefined") {
      // a site published without its search index (build --no-search): say so instead of an empty page
      var missing = document.getElementById("search-missing");
      if (missing) { missing.hidden = false; }
      return;
    }
    var bundle = box.getAttribute("data-bundle").replace(/\/?$/, "/");
    new PagefindUI({ element: "#search", bundlePath: new URL(bundle, document.baseURI).href,
                     showSubResults: true, showImages: false, resetStyles: false,
                     processTerm: term, processResult: result,
                     // an excerpt is counted in words, and a Chinese character is one: show a sentence, not a phrase
                     excerptLength: /^zh/i.test(document.documentElement.lang) ? 60 : 30 });
    // Pagefind UI labels its input by `title` only; screen readers need a real accessible name.
    var input = box.querySelector("input");
    if (input) { input.setAttribute("aria-label", box.getAttribute("data-label") || input.placeholder); }
  });
})();
