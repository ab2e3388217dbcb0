/* Stepping through the words a search marked in a document: a progressive enhancement of the line
 * "8 words of your search marked in the text · go to the first", whose link works without it.
 *
 * A long text's marks can be screens apart, and the link only reached the first. Previous and Next (and
 * the keys p and n, where nothing is being typed) go from one mark to the next, round to the first after
 * the last, bring it to the middle of the window, outline it and give it the focus (so a screen reader
 * reads on from there); the status says "2 of 8". The words of a phrase, marked one by one with only
 * spaces between them, are one step. The line stays at the top of the window as the text scrolls.
 */
(function () {
  "use strict";

  var line = document.querySelector(".document .matches");
  var body = document.querySelector(".document .body");
  if (!line || !body) {
    return;
  }
  var steps = [];
  Array.prototype.forEach.call(body.querySelectorAll("mark"), function (mark) {
    var last = steps.length ? steps[steps.length - 1] : null;
    var before = mark.previousSibling;
    if (before && before.nodeType === Node.TEXT_NODE && /^\s*$/.test(before.nodeValue)) {
      before = before.previousSibling;
    }
    if (last && before === last[last.length - 1]) {
      last.push(mark);
    } else {
      steps.push([mark]);
    }
  });
  if (!steps.length) {
    return;
  }

  var first = line.querySelector("a[href='#first-match']");
  var status = document.createElement("span");
  status.setAttribute("role", "status");
  status.className = "position";
  var previous = button("‹ Previous", "Previous match", -1);
  var next = button("Next ›", "Next match", 1);
  var controls = document.createElement("span");
  controls.className = "steps";
  [previous, document.createTextNode(" "), next, document.createTextNode(" "), status].forEach(function (node) {
    controls.appendChild(node);
  });
  if (first) {
    line.replaceChild(controls, first);
  } else {
    line.appendChild(controls);
  }
  line.classList.add("stepping");
  var at = -1;

  function button(text, label, by) {
    var node = document.createElement("button");
    node.type = "button";
    node.textContent = text;
    node.setAttribute("aria-label", label);
    node.title = label + " (" + (by > 0 ? "n" : "p") + ")";
    node.addEventListener("click", function () { go(by); });
    return node;
  }

  function go(by) {
    if (at >= 0) {
      steps[at].forEach(function (mark) { mark.classList.remove("current"); });
    }
    at = at < 0 ? (by > 0 ? 0 : steps.length - 1) : (at + by + steps.length) % steps.length;
    var marks = steps[at];
    marks.forEach(function (mark) { mark.classList.add("current"); });
    marks[0].setAttribute("tabindex", "-1");
    marks[0].scrollIntoView({ block: "center" });
    marks[0].focus({ preventScroll: true });
    status.textContent = (at + 1) + " of " + steps.length;
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) {
      return;
    }
    var target = event.target;
    var tag = target && target.tagName;
    if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (target && target.isContentEditable)) {
      return;
    }
    if (event.key === "n") {
      go(1);
    } else if (event.key === "p" || event.key === "N") {
      go(-1);
    } else {
      return;
    }
    event.preventDefault();
  });
})();
