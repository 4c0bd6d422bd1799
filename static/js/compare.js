// Type-to-filter boxes for long concept lists. The plain <select> works without this file.
(() => {
  "use strict";

  const MIN_OPTIONS = 15;

  function words(text) {
    return text.toLowerCase().split(/\s+/).filter(Boolean);
  }

  function matches(option, query) {
    const haystack = `${option.textContent} ${option.dataset.terms || ""}`.toLowerCase();
    return query.every((word) => haystack.includes(word));
  }

  function filter(select, original, text) {
    const query = words(text);
    const value = select.value;
    const keep = (option) => !query.length || !option.value || option.value === value || matches(option, query);
    const nodes = [];
    for (const node of original) {
      if (node.tagName === "OPTGROUP") {
        const group = node.cloneNode(false);
        for (const option of node.children) {
          if (keep(option)) group.append(option.cloneNode(true));
        }
        if (group.children.length) nodes.push(group);
      } else if (keep(node)) {
        nodes.push(node.cloneNode(true));
      }
    }
    select.replaceChildren(...nodes);
    select.value = value;
    return select.querySelectorAll("option[value]:not([value=''])").length;
  }

  function enhance(select) {
    if (select.dataset.filterReady) return;
    select.dataset.filterReady = "true";
    if (select.querySelectorAll("option[value]:not([value=''])").length < MIN_OPTIONS) return;

    const original = Array.from(select.children, (node) => node.cloneNode(true));
    const label = select.labels && select.labels[0] ? select.labels[0].textContent.trim() : "the list";
    const input = document.createElement("input");
    input.type = "search";
    input.className = "filter-box";
    input.placeholder = "Type to filter…";
    input.autocomplete = "off";
    input.setAttribute("aria-label", `Filter ${label}`);
    input.setAttribute("aria-controls", select.id);
    const count = document.createElement("span");
    count.className = "visually-hidden";
    count.setAttribute("role", "status");

    // The filter box is not a form value: keep its edits from triggering the form's requests.
    input.addEventListener("change", (event) => event.stopPropagation());
    input.addEventListener("input", () => {
      const shown = filter(select, original, input.value);
      count.textContent = input.value ? `${shown} matching` : "";
    });
    input.addEventListener("keydown", (event) => {
      if (event.key === "Enter") {
        event.preventDefault();
        select.focus();
      }
    });
    select.before(input, count);
  }

  function init(root) {
    if (root.querySelectorAll) root.querySelectorAll("select[data-filterable]").forEach(enhance);
  }

  document.addEventListener("htmx:load", (event) => init(event.target));
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", () => init(document));
  } else {
    init(document);
  }
})();
