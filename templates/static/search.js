/* Start the self-hosted Pagefind search UI; the bundle path is relative, so the site works under any subpath. */
window.addEventListener("DOMContentLoaded", function () {
  var box = document.getElementById("search");
  if (!box || typeof PagefindUI === "undefined") { return; }
  new PagefindUI({ element: "#search", bundlePath: box.getAttribute("data-bundle"), showSubResults: true,
                   showImages: false, resetStyles: false });
});
