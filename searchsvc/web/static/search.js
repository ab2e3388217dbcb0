/* Search as you type on the search page: a progressive enhancement, the form works the same without it.
 *
 * While the user types, the query and the form's current filters are sent to /api/search (debounced); the
 * result list, the count, the notes (suggestion, relaxed match) and the page title are redrawn and the
 * address is replaced with the URL the form would submit, so it stays shareable; the page's (hidden) h1 is
 * worded for the new query as the server words it. Everything except the API's snippet and title_html
 * (escaped HTML with <mark>) is set as text. Parts of the server page that describe the
 * previous search (facets, timeline, sort links) are dimmed and made inert until Enter reloads the page;
 * the pager and download links are hidden. Going back to the page's own query restores the page as served.
 * While a request is out the results section is aria-busy and, past a moment, says "Searching…" (a status
 * line there from the start, so screen readers announce it), until the answer, an error or a newer search.
 */
(function () {
  "use strict";

  var DELAY_MS = 250;
  var MISSING_SHOWN = 8; // as models.MISSING_SHOWN
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December"];
  var UNAVAILABLE = "Live results are unavailable right now; press Enter to search.";
  var BUSY_HINT_MS = 200; // a quicker answer shows no "Searching…" to flicker and be read out

  var page = document.getElementById("search-page");
  var form = document.querySelector("form.searchbox");
  if (!page || !form || !window.fetch || !window.URLSearchParams || !window.FormData) {
    return;
  }
  var box = form.querySelector("input[name=q]");
  if (!box) {
    return;
  }
  var apiUrl = page.getAttribute("data-api");
  var docUrl = page.getAttribute("data-doc");
  var filtersText = page.getAttribute("data-filters") || "";
  var emptyNotice = page.getAttribute("data-empty"); // the index had no documents when the page was served
  var pageUrl = new URL(form.getAttribute("action") || "/", window.location.href);
  var heading = document.getElementById("page-heading");
  busyLine(page.querySelector(".results")); // before the copy below: restoring the served page keeps it

  var served = {
    key: formParams().toString(),
    url: window.location.href,
    title: document.title,
    heading: heading ? heading.textContent : "",
    section: page.querySelector(".results").cloneNode(true),
  };
  var timer = null;
  var busyTimer = null;
  var seq = 0;
  var controller = null;
  var lastKey = served.key;

  box.addEventListener("input", function (event) {
    if (event.isComposing) {
      return;
    }
    window.clearTimeout(timer);
    timer = window.setTimeout(run, DELAY_MS);
  });
  box.addEventListener("compositionend", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(run, DELAY_MS);
  });
  form.addEventListener("submit", function () {
    // A real submit wins: drop whatever is pending.
    window.clearTimeout(timer);
    seq += 1;
    if (controller) {
      controller.abort();
    }
  });

  /* The parameters the form would submit: q (even empty) and the non-empty hidden filters. */
  function formParams() {
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, key) {
      if (typeof value === "string" && (key === "q" || value)) {
        params.append(key, value);
      }
    });
    return params;
  }

  function run() {
    var params = formParams();
    var key = params.toString();
    if (key === lastKey) {
      return;
    }
    lastKey = key;
    seq += 1;
    var mine = seq;
    if (controller) {
      controller.abort();
    }
    if (key === served.key) {
      restore();
      return;
    }
    setBusy(true);
    controller = window.AbortController ? new AbortController() : null;
    window.fetch(apiUrl + "?" + key, {
      headers: { Accept: "application/json" },
      signal: controller ? controller.signal : undefined,
    })
      .then(function (resp) {
        return resp.json().then(
          function (body) { return { status: resp.status, body: body }; },
          function () { return { status: resp.status, body: null }; }
        );
      })
      .then(function (answer) {
        if (mine !== seq) {
          return; // a newer request was started: this answer is stale
        }
        setBusy(false);
        var body = answer.body;
        var q = params.get("q") || "";
        if (answer.status === 200 && body && Array.isArray(body.results)) {
          renderResults(body, params);
          document.title = titleFor(q, body.total);
          setHeading(headingFor(q));
        } else if (body && body.error && typeof body.error.message === "string") {
          // While typing, a query is often unfinished for a moment ('"korean' before its closing
          // mark, "title:" before its word): the last results stay, with what to finish above
          // them, and the address and title stay theirs. Enter still gets the server's 400 page.
          renderUnfinished(body.error.message);
          return;
        } else {
          renderError(UNAVAILABLE);
          return;
        }
        pageUrl.search = "?" + key;
        window.history.replaceState(window.history.state, "", pageUrl.href);
      })
      .catch(function (err) {
        if ((err && err.name === "AbortError") || mine !== seq) {
          return;
        }
        setBusy(false);
        renderError(UNAVAILABLE);
      });
  }

  /* Back at the query the page was served for: show the page as served again. */
  function restore() {
    var section = page.querySelector(".results");
    section.parentNode.replaceChild(served.section.cloneNode(true), section);
    setBusy(false);
    setStale(false);
    document.title = served.title;
    setHeading(served.heading);
    window.history.replaceState(window.history.state, "", served.url);
  }

  /* As pages.browsing: no words, or "*", lists the whole collection (and is worded so). */
  function browsingQuery(q) {
    q = q.trim();
    return q === "" || q === "*";
  }

  /* As pages.page_title words it: "solidarity – 4 results", or "All 11 documents" when browsing. */
  function titleFor(q, total) {
    var parts = [];
    q = q.trim();
    if (!browsingQuery(q)) {
      parts.push(q, total === 1 ? "1 result" : total + " results");
    } else {
      parts.push(total === 0 ? "No documents" : total === 1 ? "1 document" : "All " + total + " documents");
    }
    if (filtersText) {
      parts.push(filtersText);
    }
    parts.push("searchsvc");
    return parts.join(" – ");
  }

  /* The status line that says a search is on its way: first in the results, under their heading, empty
   * (and so of no height) until needed. It is in the page before its text is, as screen readers need. */
  function busyLine(section) {
    var line = section.querySelector(".live-busy");
    if (!line) {
      line = el("p", "live-busy");
      line.setAttribute("role", "status");
      var title = section.querySelector("#results-heading");
      section.insertBefore(line, title ? title.nextSibling : section.firstChild);
    }
    return line;
  }

  /* A request is out (busy) or its answer, an error or the served page is back (not busy). A newer request
   * while one is out keeps the line as it is. */
  function setBusy(busy) {
    var section = page.querySelector(".results");
    var line = busyLine(section);
    if (busy) {
      section.setAttribute("aria-busy", "true");
      if (!busyTimer && !line.textContent) {
        busyTimer = window.setTimeout(function () {
          busyTimer = null;
          busyLine(page.querySelector(".results")).textContent = "Searching\u2026";
        }, BUSY_HINT_MS);
      }
    } else {
      window.clearTimeout(busyTimer);
      busyTimer = null;
      section.removeAttribute("aria-busy");
      line.textContent = "";
    }
  }

  /* As pages.page_heading words it: what the page is, for the top of a screen reader's list of headings. */
  function headingFor(q) {
    q = q.trim();
    var what = browsingQuery(q) ? "Search the collection" : "Results for \u201c" + q + "\u201d";
    return filtersText ? what + " \u2013 " + filtersText : what;
  }

  function setHeading(text) {
    if (heading) {
      heading.textContent = text;
    }
  }

  /* Parts of the served page that describe the served query: dimmed and inert while live results show. */
  function setStale(stale) {
    var nodes = page.querySelectorAll(".facets, .results .histogram, .results .summary .sort");
    Array.prototype.forEach.call(nodes, function (node) {
      node.classList.toggle("stale", stale);
      node.inert = stale;
      if (stale) {
        node.setAttribute("aria-hidden", "true");
      } else {
        node.removeAttribute("aria-hidden");
      }
    });
    var hidden = page.querySelectorAll(".results .pager, .results .export");
    Array.prototype.forEach.call(hidden, function (node) { node.hidden = stale; });
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text !== undefined) {
      node.textContent = text;
    }
    return node;
  }

  function removeAll(section, selector) {
    Array.prototype.forEach.call(section.querySelectorAll(selector), function (node) {
      node.parentNode.removeChild(node);
    });
  }

  /* The summary line (created on a page that was served with an error) and the count in it. */
  function countNode(section) {
    var count = section.querySelector(".summary .count");
    if (!count) {
      var summary = el("p", "summary");
      var what = el("span", "what");
      count = el("span", "count");
      count.setAttribute("aria-live", "polite");
      what.appendChild(count);
      summary.appendChild(what);
      var heading = section.querySelector("#results-heading");
      section.insertBefore(summary, heading ? heading.nextSibling : section.firstChild);
    }
    return count;
  }

  /* Where live content goes: after the summary, the hint and the timeline (else after the heading). */
  function anchor(section) {
    var after = section.querySelector(".histogram") || section.querySelector(".live-hint") ||
      section.querySelector(".summary");
    return after ? after.nextSibling : underHeading(section);
  }

  /* The first place after the section's (hidden) heading and its status line: whatever is put there, a
   * screen reader meets under the heading that names the section, not before it. */
  function underHeading(section) {
    var above = section.querySelector(".live-busy") || section.querySelector("#results-heading");
    return above && above.parentNode === section ? above.nextSibling : section.firstChild;
  }

  function renderResults(body, params) {
    var section = page.querySelector(".results");
    var q = params.get("q") || "";
    var browsing = browsingQuery(q);
    var total = typeof body.total === "number" ? body.total : 0;
    setStale(true);
    removeAll(section, ".error, .notes, .hits, .none, .live-hint");
    var summary = countNode(section);
    summary.closest(".summary").hidden = false;
    if (browsing) {
      summary.textContent = total + (total === 1 ? " document" : " documents") + " in the collection";
    } else {
      summary.textContent = total === 1 ? "1 result" : total + " results";
    }

    var hint = el("p", "live-hint");
    if (total > body.results.length) {
      hint.textContent = "Showing the first " + body.results.length + " of " + total +
        ". Press Enter for every page, the filters and the timeline of this search.";
    } else {
      hint.textContent = "Press Enter to update the filters and the timeline for this search.";
    }
    section.insertBefore(hint, section.querySelector(".summary").nextSibling);

    var where = anchor(section);
    var notes = el("div", "notes");
    if (body.relaxed) {
      // Worded as SearchResults.relaxed_notice words it for the server-drawn page.
      var hasSource = !!(params.get("source") || "").trim();
      var hasDates = !!((params.get("from") || "").trim() || (params.get("to") || "").trim());
      var within = hasSource && hasDates ? " within the source and date filters"
        : hasSource ? " within the source filter" : hasDates ? " within the date filter" : "";
      var have = body.all_words === 1 ? "1 document" + within + " has"
        : body.all_words + " documents" + within + " have";
      var sort = params.get("sort");
      var byDate = sort === "newest" || sort === "oldest" ? sort + " first" : "";
      var showing = byDate ? "the most of them first, " + byDate : "any of them, best matches first";
      var rest = byDate ? "fewer of them, " + byDate : "any of them, best matches first";
      var quoted = typeof body.quoted !== "number" ? ""
        : !body.quoted ? "No document" + within + " has the quoted words as written. "
        : (body.quoted === 1 ? "1 document" + within + " has" : body.quoted + " documents" + within + " have") +
          " the quoted words as written. ";
      notes.appendChild(el("p", "relaxed", quoted + (!body.all_words
        ? "No document" + within + " has all of these words; showing documents with " + showing + "."
        : "Only " + have + " all of these words; " + (body.all_words === 1 ? "it comes" : "they come") +
          " first, then documents with " + rest + ".")));
    }
    if (body.named && typeof body.named === "object") {
      // Worded as SearchResults.named_notice words it for the server-drawn page.
      var what = body.named.kind === "address" ? "this web address" : "this file name";
      var found = typeof body.named.found === "number" ? body.named.found : 0;
      var captures = found === 1 ? "The capture" : "The " + found + " captures";
      notes.appendChild(el("p", "named", !found
        ? "No capture has " + what + (total ? "; showing documents whose text has it." : ".")
        : !total ? captures + " with " + what + (found === 1 ? " is" : " are") +
          " outside the source and date filters."
        : captures + " with " + what + "."));
    }
    if (body.date_filter && typeof body.date_filter === "object") {
      // Worded as models.DateFilter.notice words it for the server-drawn page.
      var dated = body.date_filter;
      var n = typeof dated.total === "number" ? dated.total : 0;
      var words = typeof dated.q === "string" ? dated.q : "";
      var what = " for \u201c" + words + "\u201d";
      var datedNote = el("p", "dated", words
        ? (!n ? "No result" + what + " is dated " + dated.label + "."
           : (n === 1 ? "1 result" + what + " is" : n + " results" + what + " are") + " dated " + dated.label + ".")
        : !n ? "No document is dated " + dated.label + "."
        : (n === 1 ? "1 document is" : n + " documents are") + " dated " + dated.label + ".");
      if (n) {
        var listed = new URLSearchParams(params.toString());
        if (words) {
          listed.set("q", words);
        } else {
          listed.delete("q");
        }
        listed.delete("page");
        ["from", "to"].forEach(function (bound) {
          if (typeof dated[bound] === "string" && dated[bound]) {
            listed.set(bound, dated[bound]);
          } else {
            listed.delete(bound);
          }
        });
        var listLink = el("a", null, n === 1 ? "List it" : "List them");
        listLink.href = pageUrl.pathname + "?" + listed.toString();
        datedNote.appendChild(document.createTextNode(" "));
        datedNote.appendChild(listLink);
        datedNote.appendChild(document.createTextNode("."));
      }
      notes.appendChild(datedNote);
    }
    if (typeof body.suggestion === "string" && body.suggestion) {
      var suggestion = el("p", "suggestion", "Did you mean ");
      var link = el("a", null, body.suggestion);
      var changed = new URLSearchParams(params.toString());
      changed.set("q", body.suggestion);
      link.href = pageUrl.pathname + "?" + changed.toString();
      suggestion.appendChild(link);
      suggestion.appendChild(document.createTextNode("?"));
      notes.appendChild(suggestion);
    }
    section.insertBefore(notes, where);

    if (body.results.length) {
      var list = el("ol", "hits");
      body.results.forEach(function (hit) { list.appendChild(hitItem(hit, q)); });
      section.insertBefore(list, where);
    } else if (emptyNotice) {
      section.insertBefore(el("p", "none", emptyNotice), where);
    } else {
      var none = el("p", "none", "No documents match");
      if (q) {
        none.appendChild(document.createTextNode(" "));
        none.appendChild(el("strong", null, q));
      }
      none.appendChild(document.createTextNode(". Try fewer words, OR between alternatives, or a wider date range."));
      section.insertBefore(none, where);
    }
  }

  function renderUnfinished(message) {
    var section = page.querySelector(".results");
    removeAll(section, ".live-error");
    var note = el("p", "live-hint live-error", message);
    note.setAttribute("role", "status");
    section.insertBefore(note, underHeading(section));
  }

  function renderError(message) {
    var section = page.querySelector(".results");
    setStale(true);
    removeAll(section, ".error, .notes, .hits, .none, .live-hint");
    var summary = section.querySelector(".summary");
    if (summary) {
      summary.hidden = true;
    }
    var error = el("p", "error", message);
    error.setAttribute("role", "alert");
    section.insertBefore(error, anchor(section));
  }

  function hitItem(hit, q) {
    var item = el("li", "hit");
    var heading = el("h3");
    var link = el("a");
    if (typeof hit.title_html === "string") {
      link.innerHTML = hit.title_html; // escaped by the server, only <mark> is markup, as the snippet
    } else {
      link.textContent = String(hit.title || "");
    }
    link.href = docHref(String(hit.id), q);
    heading.appendChild(link);
    item.appendChild(heading);

    var meta = el("p", "meta");
    // A relaxed question's date or source words answered by the result's date or source are marked.
    var matchedBy = Array.isArray(hit.matched_by) ? hit.matched_by.map(String) : [];
    var marked = function (kind, node, text) {
      if (matchedBy.indexOf(kind) >= 0) {
        node.appendChild(el("mark", null, text));
      } else {
        node.textContent = text;
      }
      return node;
    };
    if (hit.date) {
      var time = marked("date", el("time"), longDate(String(hit.date)));
      time.setAttribute("datetime", String(hit.date));
      meta.appendChild(time);
    } else {
      meta.appendChild(el("span", "undated", "undated"));
    }
    if (hit.source) {
      meta.appendChild(document.createTextNode(" · "));
      meta.appendChild(marked("source", el("span", "source"), String(hit.source)));
    }
    if (hit.url) {
      var url = String(hit.url);
      meta.appendChild(document.createTextNode(" · "));
      if (/^https?:\/\//i.test(url)) {
        var out = el("a", "url", urlText(url, 60));
        out.href = url;
        out.rel = "nofollow noopener noreferrer";
        meta.appendChild(out);
      } else {
        meta.appendChild(el("span", "url", truncate(url, 60)));
      }
    }
    item.appendChild(meta);

    var snippet = el("p", "snippet");
    snippet.innerHTML = String(hit.snippet || ""); // escaped by the server, only <mark> is markup
    item.appendChild(snippet);
    var missing = Array.isArray(hit.missing) ? hit.missing.map(String) : [];
    if (missing.length) {
      // Worded as Hit.missing_note words it for the server-drawn page.
      var more = missing.length - MISSING_SHOWN;
      item.appendChild(el("p", "missing", "Missing: " + missing.slice(0, MISSING_SHOWN).join(", ") +
        (more > 0 ? " and " + more + " more" : "")));
    }
    return item;
  }

  function docHref(id, q) {
    var path = docUrl + id.split("/").map(encodeURIComponent).join("/");
    return q ? path + "?" + new URLSearchParams({ q: q }).toString() : path;
  }

  function longDate(iso) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
    return m ? Number(m[3]) + " " + MONTHS[Number(m[2]) - 1] + " " + m[1] : iso;
  }

  // As pages.url_text words it for the server-drawn page: an archive's copy reads as the page's own
  // address and the archive, the link stays the copy's.
  var ARCHIVE_COPY = new RegExp(
    "^(?:https?://)?(?:www\\.)?(?:(?:web|wayback|web-beta)\\.archive\\.org/web/\\d{1,14}(?:[a-z]{2}_)?" +
    "|(archive\\.(?:today|ph|is|li|md|vn|fo))/(?:\\d{4}\\.\\d\\d\\.\\d\\d-\\d{6}|\\d{14}))/+(\\S+)$", "i");

  function urlText(url, length) {
    var match = ARCHIVE_COPY.exec(url.trim());
    if (!match) {
      return truncate(url, length);
    }
    var page = match[2].replace(/^(https?):\/(?!\/)/i, "$1://");
    var label = " (" + (match[1] ? "archive.today" : "Wayback Machine") + " copy)";
    return truncate(page.indexOf("://") >= 0 ? page.split("://").slice(1).join("://") : page, length) + label;
  }

  function truncate(text, length) {
    return text.length > length + 5 ? text.slice(0, length - 3) + "..." : text;
  }
})();
