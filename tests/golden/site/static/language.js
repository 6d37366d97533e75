/* The language chooser (site/index.html): go to the page in the first of the browser's languages that the site
   has (navigator.languages, by primary subtag: zh-TW → zh), else the default language. Without JavaScript the
   chooser's list stays, each language a link. */
(function () {
  var links = document.querySelectorAll(".language-list a[hreflang]");
  if (!links.length) { return; }
  var primary = function (tag) { return String(tag || "").toLowerCase().split("-")[0]; };
  var wanted = (navigator.languages && navigator.languages.length) ? navigator.languages : [navigator.language];
  var chosen = null;
  for (var i = 0; i < wanted.length && !chosen; i++) {
    for (var j = 0; j < links.length; j++) {
      if (primary(links[j].getAttribute("hreflang")) === primary(wanted[i])) { chosen = links[j]; break; }
    }
  }
  chosen = chosen || document.querySelector(".language-list a[data-default]") || links[0];
  location.replace(chosen.href);
})();
