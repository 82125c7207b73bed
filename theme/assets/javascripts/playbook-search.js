/* Playbook search: Pagefind's UI in a dialog opened from the header.
 * The UI and the index load on first use, from the site itself (site/pagefind/). */
(() => {
  "use strict";
  const header = document.querySelector(".md-header__inner");
  const configElement = document.getElementById("__config");
  if (!header || !configElement) return;
  const base = new URL(JSON.parse(configElement.textContent).base || ".", location.href);
  const bundle = new URL("pagefind/", base);
  let ui = null;

  const dialog = document.createElement("dialog");
  dialog.className = "pb-search md-typeset";
  dialog.setAttribute("aria-label", "Search the playbook");
  dialog.innerHTML = '<div id="pb-search"></div>';
  document.body.appendChild(dialog);
  dialog.addEventListener("click", (event) => {
    if (event.target === dialog) dialog.close();
  });

  const button = document.createElement("button");
  button.type = "button";
  button.className = "md-header__button md-icon pb-search-button";
  button.title = "Search (/)";
  button.setAttribute("aria-label", "Search");
  button.innerHTML =
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" aria-hidden="true">' +
    '<path d="M9.5 3A6.5 6.5 0 0 1 16 9.5c0 1.61-.59 3.09-1.56 4.23l.27.27h.79l5 5-1.5 ' +
    "1.5-5-5v-.79l-.27-.27A6.52 6.52 0 0 1 9.5 16 6.5 6.5 0 0 1 3 9.5 6.5 6.5 0 0 1 9.5 " +
    '3m0 2C7 5 5 7 5 9.5S7 14 9.5 14 14 12 14 9.5 12 5 9.5 5"/></svg>';
  header.insertBefore(button, header.querySelector(".md-header__source"));

  function load(tag, attributes) {
    return new Promise((resolve, reject) => {
      const element = Object.assign(document.createElement(tag), attributes);
      element.onload = resolve;
      element.onerror = () => reject(new Error(`cannot load ${attributes.src || attributes.href}`));
      document.head.appendChild(element);
    });
  }

  async function open(query) {
    if (!dialog.open) dialog.showModal();
    if (!ui) {
      await Promise.all([
        load("link", { rel: "stylesheet", href: new URL("pagefind-ui.css", bundle).href }),
        load("script", { src: new URL("pagefind-ui.js", bundle).href }),
      ]);
      ui = new window.PagefindUI({
        element: "#pb-search",
        bundlePath: bundle.pathname,
        baseUrl: base.pathname,
        showSubResults: true,
        showImages: false,
        resetStyles: false,
        autofocus: true,
        // Long pages (processes) hold the answers; do not rank them below short ones.
        ranking: { pageLength: 0.1 },
      });
    }
    if (query) ui.triggerSearch(query);
    const input = dialog.querySelector("input");
    if (input) input.focus();
  }

  button.addEventListener("click", () => open());
  document.addEventListener("keydown", (event) => {
    const target = event.target;
    const typing = target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName);
    if (!typing && !event.ctrlKey && !event.metaKey && (event.key === "/" || event.key === "s")) {
      event.preventDefault();
      open();
    }
  });
  const query = new URLSearchParams(location.search).get("q");
  if (query) open(query);
})();
