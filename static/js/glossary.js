// Glossary cards open on hover or focus (CSS). This adds what CSS cannot: Escape dismisses an
// open card, and a card that would run off the right edge opens leftwards instead.
(function () {
  "use strict";

  function place(term) {
    var card = term.querySelector(".term__card");
    term.classList.remove("term--flip");
    if (!card || card.offsetParent === null) return;
    if (card.getBoundingClientRect().right > document.documentElement.clientWidth - 8) {
      term.classList.add("term--flip");
    }
  }

  function termOf(node) {
    return node && node.closest ? node.closest(".term") : null;
  }

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    document.querySelectorAll(".term:hover, .term:focus-within").forEach(function (term) {
      term.classList.add("is-dismissed");
    });
  });

  // A dismissed card stays closed until the pointer or focus leaves its term.
  document.addEventListener("mouseout", function (event) {
    var term = termOf(event.target);
    if (term && !term.contains(event.relatedTarget)) term.classList.remove("is-dismissed");
  });
  document.addEventListener("focusout", function (event) {
    var term = termOf(event.target);
    if (term && !term.contains(event.relatedTarget)) term.classList.remove("is-dismissed");
  });

  document.addEventListener("mouseover", function (event) {
    var term = termOf(event.target);
    if (term) place(term);
  });
  document.addEventListener("focusin", function (event) {
    var term = termOf(event.target);
    if (term) place(term);
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    var term = termOf(event.detail.target);
    if (term) place(term);
  });
})();
