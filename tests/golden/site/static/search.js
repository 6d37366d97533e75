/* Start the self-hosted Pagefind search UI. The bundle path is made absolute from this page's address, so the
   site works under any subpath (Pagefind UI appends file names to it without a slash). */
window.addEventListener("DOMContentLoaded", function () {
  var box = document.getElementById("search");
  if (!box || typeof PagefindUI === "undefined") { return; }
  var bundle = box.getAttribute("data-bundle").replace(/\/?$/, "/");
  new PagefindUI({ element: "#search", bundlePath: new URL(bundle, document.baseURI).href,
                   showSubResults: true, showImages: false, resetStyles: false });
  // Pagefind UI labels its input by `title` only; screen readers need a real accessible name.
  var input = box.querySelector("input");
  if (input) { input.setAttribute("aria-label", box.getAttribute("data-label") || input.placeholder); }
});
