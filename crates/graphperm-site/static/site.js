// graphperm static site: the search palette of app.js asks `/api/v1/search`, which a
// static host does not have. This file answers those requests in the browser from
// `search-index.json` (written by `graphperm site`), and fixes what assumes a server.
(function () {
  'use strict';

  var script = document.currentScript;
  // This file is `<root>/static/site.js`: the site's root is one folder up.
  var root = new URL('../', script ? script.src : window.location.href).href;
  var nativeFetch = window.fetch.bind(window);
  var entries = null;

  function load() {
    if (!entries) {
      entries = nativeFetch(root + 'search-index.json')
        .then(function (response) { if (!response.ok) { throw new Error('no search index'); } return response.json(); })
        .then(function (body) {
          var badges = (body.badges || []).map(function (badge) { return { label: badge[0], 'class': badge[1], title: badge[2] }; });
          return body.entries.map(function (entry) {
            return {
              kind: body.kinds[entry[0]], label: entry[1], lower: entry[1].toLowerCase(), url: entry[2], detail: entry[3],
              badges: (entry[4] || []).map(function (number) { return badges[number]; }).filter(Boolean)
            };
          });
        });
      entries.catch(function () { entries = null; });
    }
    return entries;
  }

  function isBoundary(text, index) {
    if (index === 0) { return true; }
    var before = text.charAt(index - 1);
    return /[^a-z0-9]/i.test(before) || (before === before.toLowerCase() && text.charAt(index) !== text.charAt(index).toLowerCase());
  }

  // Contiguous matches score highest (earlier and at a word start better), then the
  // query's characters in order, each gap costing a little. Spaces in the query are
  // ignored by the second rule, so "user read" finds User.Read.
  function score(entry, query) {
    var at = entry.lower.indexOf(query);
    var matched = [];
    var value;
    if (at >= 0) {
      for (var i = 0; i < query.length; i++) { matched.push(at + i); }
      value = 10000 - at * 10 - (entry.lower.length - query.length);
      if (at === 0) { value += 2000; }
      if (entry.lower.length === query.length) { value += 5000; }
      if (isBoundary(entry.label, at)) { value += 500; }
      return { score: value, matched: matched };
    }
    var compact = query.replace(/\s+/g, '');
    var position = 0;
    var gaps = 0;
    var last = -1;
    for (var j = 0; j < compact.length; j++) {
      var found = entry.lower.indexOf(compact.charAt(j), position);
      if (found < 0) { return null; }
      if (last >= 0 && found !== last + 1) { gaps += isBoundary(entry.label, found) ? 1 : 3; }
      matched.push(found);
      last = found;
      position = found + 1;
    }
    value = 5000 - gaps * 50 - matched[0] * 5 - entry.lower.length;
    return { score: value, matched: matched };
  }

  function search(list, text, limit) {
    var query = text.trim().toLowerCase().slice(0, 128);
    if (!query) { return []; }
    var hits = [];
    list.forEach(function (entry) {
      var result = score(entry, query);
      if (result) { hits.push({ entry: entry, score: result.score, matched: result.matched }); }
    });
    hits.sort(function (a, b) { return b.score - a.score || a.entry.label.length - b.entry.label.length || (a.entry.label < b.entry.label ? -1 : 1); });
    return hits.slice(0, limit).map(function (hit) {
      return { kind: hit.entry.kind, label: hit.entry.label, url: root + hit.entry.url, score: hit.score, matched: hit.matched, detail: hit.entry.detail || null, badges: hit.entry.badges };
    });
  }

  window.graphpermSearch = function (text, limit) {
    return load().then(function (list) { return search(list, text, limit || 30); });
  };

  window.fetch = function (resource, init) {
    var address = typeof resource === 'string' ? resource : (resource && resource.url) || '';
    var url = new URL(address, window.location.href);
    if (url.origin === window.location.origin && /\/api\/v1\/search$/.test(url.pathname)) {
      var query = url.searchParams.get('q') || '';
      var limit = parseInt(url.searchParams.get('limit') || '30', 10) || 30;
      return window.graphpermSearch(query, limit).then(function (results) {
        return new Response(JSON.stringify({ query: query, results: results }), { headers: { 'Content-Type': 'application/json' } });
      });
    }
    return nativeFetch(resource, init);
  };

  document.addEventListener('DOMContentLoaded', function () {
    // app.js builds share links from data-page-url as a path on this origin.
    Array.prototype.forEach.call(document.querySelectorAll('[data-page-url]'), function (element) {
      element.setAttribute('data-page-url', window.location.pathname);
    });
    // search.html?q=...: the search form's target; open the palette with the query.
    var query = new URLSearchParams(window.location.search).get('q');
    var field = document.getElementById('site-search-input');
    if (query && field && /search\.html$/.test(window.location.pathname)) {
      field.value = query;
      field.focus();
    }
  });
}());
