// graphperm: progressive enhancements. Every page works without this file; it adds the
// search palette, copy buttons, tab links that keep the access filter, the access filter, and print prep.
(function () {
  'use strict';

  function $(selector, root) { return (root || document).querySelector(selector); }
  function $all(selector, root) { return Array.prototype.slice.call((root || document).querySelectorAll(selector)); }

  // ---- Clipboard -------------------------------------------------------------------
  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    return new Promise(function (resolve, reject) {
      var area = document.createElement('textarea');
      area.value = text;
      area.setAttribute('readonly', '');
      area.className = 'visually-hidden';
      document.body.appendChild(area);
      area.select();
      var ok = false;
      try { ok = document.execCommand('copy'); } catch (error) { ok = false; }
      document.body.removeChild(area);
      if (ok) { resolve(); } else { reject(new Error('copy failed')); }
    });
  }

  function announce(button, message) {
    var status = button.parentElement && button.parentElement.querySelector('.copy-status');
    if (status) {
      status.textContent = message;
      window.clearTimeout(status._timer);
      status._timer = window.setTimeout(function () { status.textContent = ''; }, 4000);
    }
    var label = button.textContent;
    if (!button.dataset.label) { button.dataset.label = label; }
    button.textContent = message.indexOf('Copied') === 0 ? 'Copied ✓' : button.dataset.label;
    window.setTimeout(function () { button.textContent = button.dataset.label; }, 2000);
  }

  // ---- Permission page state: scheme filter and tab, kept in the URL ----------------
  var article = $('article.permission');

  function pageState() {
    var params = new URLSearchParams(window.location.search);
    return params;
  }

  function deepLink() {
    var current = pageState();
    var params = current;
    if (article) {
      // The server's order: scheme, tab, root, page, lang (see PageOptions::url).
      var show = article.getAttribute('data-show');
      var selected = $('.tab[aria-current="page"]');
      var tab = selected ? selected.getAttribute('data-tab') : 'v1';
      params = new URLSearchParams();
      if (show && show !== 'all') { params.set('scheme', show); }
      if (tab && tab !== 'v1') { params.set('tab', tab); }
      ['root', 'page', 'lang'].forEach(function (key) {
        if (current.has(key)) { params.set(key, current.get(key)); }
      });
    }
    var query = params.toString();
    var base = article ? article.getAttribute('data-page-url') : window.location.pathname;
    return window.location.origin + base + (query ? '?' + query : '');
  }

  function saveState() {
    if (!article) { return; }
    var url = deepLink();
    window.history.replaceState(null, '', url.slice(window.location.origin.length) + window.location.hash);
  }

  function setScheme(value) {
    if (!article) { return; }
    article.setAttribute('data-show', value);
    $all('[data-scheme-filter]').forEach(function (link) {
      if (link.getAttribute('data-scheme-filter') === value) { link.setAttribute('aria-current', 'true'); }
      else { link.removeAttribute('aria-current'); }
    });
    saveState();
  }

  function initPermissionPage() {
    $all('[data-scheme-filter]').forEach(function (link) {
      link.addEventListener('click', function (event) {
        event.preventDefault();
        setScheme(link.getAttribute('data-scheme-filter'));
      });
    });
    // Tabs are links to the server-rendered tab; they carry the scheme chosen here.
    $all('.tab').forEach(function (tab) {
      tab.addEventListener('click', function (event) {
        var show = article ? article.getAttribute('data-show') : 'all';
        if (!show || show === 'all') { return; }
        event.preventDefault();
        var target = new URL(tab.href, window.location.href);
        target.searchParams.set('scheme', show);
        window.location.assign(target.toString());
      });
    });
  }

  function initButtons() {
    $all('[data-copy-url]').forEach(function (button) {
      button.hidden = false;
      button.addEventListener('click', function () {
        var given = button.getAttribute('data-copy-url');
        var url = given ? new URL(given, window.location.href).href : deepLink();
        copyText(url).then(function () { announce(button, 'Copied link to clipboard'); },
          function () { announce(button, 'Could not copy: ' + url); });
      });
    });
    $all('[data-copy]').forEach(function (button) {
      button.hidden = false;
      button.addEventListener('click', function () {
        copyText(button.getAttribute('data-copy')).then(function () { announce(button, 'Copied'); },
          function () { announce(button, 'Could not copy'); });
      });
    });
    $all('[data-copy-from]').forEach(function (button) {
      button.hidden = false;
      button.addEventListener('click', function () {
        var target = button.nextElementSibling;
        copyText(target ? target.textContent : '').then(function () { announce(button, 'Copied'); },
          function () { announce(button, 'Could not copy'); });
      });
    });
    $all('[data-print]').forEach(function (button) {
      button.hidden = false;
      button.addEventListener('click', function () { window.print(); });
    });
  }

  // ---- Print: open every section and print absolute link targets -------------------
  var closedDetails = [];
  window.addEventListener('beforeprint', function () {
    closedDetails = $all('details:not([open])');
    closedDetails.forEach(function (details) { details.open = true; });
    $all('main a[href]').forEach(function (link) { link.setAttribute('data-print-url', link.href); });
  });
  window.addEventListener('afterprint', function () {
    closedDetails.forEach(function (details) { details.open = false; });
    closedDetails = [];
  });

  // ---- Search palette ---------------------------------------------------------------
  // The dialog only works with this script, so the script writes it: 41,000 static pages
  // do not each carry its markup (issue #12).
  if (!$('#palette')) {
    var backdrop = document.createElement('div');
    backdrop.className = 'palette-backdrop';
    backdrop.id = 'palette';
    backdrop.hidden = true;
    backdrop.innerHTML = '<div class="palette" role="dialog" aria-modal="true" aria-labelledby="palette-title">' +
      '<h2 id="palette-title" class="visually-hidden">Search</h2><div class="palette-head">' +
      '<input id="palette-input" type="text" role="combobox" aria-expanded="false" aria-controls="palette-results" aria-autocomplete="list" aria-label="Search" placeholder="Type to search…" autocomplete="off" spellcheck="false">' +
      '<kbd>ESC</kbd></div><div id="palette-results" role="listbox" aria-label="Search results"></div>' +
      '<p id="palette-status" class="palette-status" aria-live="polite"></p></div>';
    document.body.appendChild(backdrop);
  }
  var palette = $('#palette');
  var input = $('#palette-input');
  var list = $('#palette-results');
  var status = $('#palette-status');
  var results = [];
  var active = -1;
  var pending = null;
  var lastFocus = null;
  var timer = 0;
  var sequence = 0;
  var renderedQuery = '';
  var GROUPS = [['permission', 'Permissions'], ['endpoint', 'Endpoints'], ['cmdlet', 'Cmdlets'], ['resource', 'Resource types']];

  function openPalette(text) {
    if (!palette) { return; }
    lastFocus = document.activeElement;
    palette.hidden = false;
    input.setAttribute('aria-expanded', 'true');
    input.value = text || '';
    input.focus();
    if (input.value) { search(input.value); } else { render([]); status.textContent = 'Type to search permissions, endpoints, cmdlets and resource types.'; }
  }

  function closePalette() {
    if (!palette || palette.hidden) { return; }
    palette.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    if (lastFocus && lastFocus.focus && !lastFocus.hasAttribute('data-palette-trigger')) { lastFocus.focus(); }
  }

  function highlight(label, matched) {
    var fragment = document.createDocumentFragment();
    var chars = Array.from(label);
    var set = {};
    (matched || []).forEach(function (index) { set[index] = true; });
    var run = '';
    var runMatched = false;
    function flush() {
      if (!run) { return; }
      if (runMatched) { var mark = document.createElement('mark'); mark.textContent = run; fragment.appendChild(mark); }
      else { fragment.appendChild(document.createTextNode(run)); }
      run = '';
    }
    chars.forEach(function (character, index) {
      var isMatch = !!set[index];
      if (isMatch !== runMatched) { flush(); runMatched = isMatch; }
      run += character;
    });
    flush();
    return fragment;
  }

  function render(hits) {
    results = [];
    list.textContent = '';
    GROUPS.forEach(function (group) {
      var members = hits.filter(function (hit) { return hit.kind === group[0]; });
      if (!members.length) { return; }
      var wrapper = document.createElement('div');
      wrapper.setAttribute('role', 'group');
      var heading = document.createElement('div');
      heading.className = 'palette-group';
      heading.id = 'palette-group-' + group[0];
      heading.textContent = group[1];
      wrapper.setAttribute('aria-labelledby', heading.id);
      wrapper.appendChild(heading);
      members.forEach(function (hit) {
        var option = document.createElement('div');
        var index = results.length;
        option.className = 'palette-option';
        option.id = 'palette-option-' + index;
        option.setAttribute('role', 'option');
        option.setAttribute('aria-selected', 'false');
        option.setAttribute('data-url', hit.url);
        var label = document.createElement('span');
        label.className = 'label';
        label.appendChild(highlight(hit.label, hit.matched));
        option.appendChild(label);
        var context = hit.summary || hit.detail;
        if (context) {
          var detail = document.createElement('span');
          detail.className = 'detail';
          detail.textContent = context;
          option.appendChild(detail);
        }
        if (hit.badges && hit.badges.length) {
          var badges = document.createElement('span');
          badges.className = 'hit-badges';
          hit.badges.forEach(function (badge) {
            var chip = document.createElement('span');
            chip.className = 'badge badge-' + badge['class'];
            chip.title = badge.title;
            chip.textContent = badge.label;
            badges.appendChild(chip);
          });
          option.appendChild(badges);
        }
        option.addEventListener('mousedown', function (event) { event.preventDefault(); go(index); });
        option.addEventListener('mousemove', function () { setActive(index); });
        wrapper.appendChild(option);
        results.push(hit);
      });
      list.appendChild(wrapper);
    });
    setActive(results.length ? 0 : -1);
  }

  function setActive(index) {
    active = index;
    $all('.palette-option', list).forEach(function (option, position) {
      option.setAttribute('aria-selected', position === index ? 'true' : 'false');
      if (position === index) { option.scrollIntoView({ block: 'nearest' }); }
    });
    if (index >= 0) { input.setAttribute('aria-activedescendant', 'palette-option-' + index); }
    else { input.removeAttribute('aria-activedescendant'); }
  }

  function search(text) {
    var query = text.trim();
    var mine = ++sequence;
    if (!query) { renderedQuery = ''; render([]); pending = null; return Promise.resolve(); }
    status.textContent = 'Searching…';
    pending = fetch('/api/v1/search?limit=30&q=' + encodeURIComponent(query), { headers: { Accept: 'application/json' } })
      .then(function (response) { return response.ok ? response.json() : { results: [] }; })
      .then(function (body) {
        if (mine !== sequence) { return; }
        renderedQuery = query;
        render(body.results || []);
        status.textContent = results.length ? results.length + ' results · ↑↓ to move, Enter to open, Esc to close' : 'No results for “' + query + '”.';
      })
      .catch(function () { if (mine === sequence) { status.textContent = 'Search failed.'; } });
    return pending;
  }

  function go(index) {
    var hit = results[index];
    if (hit) { window.location.href = hit.url; }
  }

  function initPalette() {
    if (!palette) { return; }
    input.addEventListener('input', function () {
      window.clearTimeout(timer);
      var text = input.value;
      timer = window.setTimeout(function () { search(text); }, 60);
    });
    input.addEventListener('keydown', function (event) {
      if (event.key === 'ArrowDown') { event.preventDefault(); if (results.length) { setActive((active + 1) % results.length); } }
      else if (event.key === 'ArrowUp') { event.preventDefault(); if (results.length) { setActive((active - 1 + results.length) % results.length); } }
      else if (event.key === 'Enter') {
        event.preventDefault();
        window.clearTimeout(timer);
        var typed = input.value.trim();
        // Enter right after typing: wait for the results of what was typed, then open.
        if (typed && typed !== renderedQuery) { search(typed).then(function () { go(active < 0 ? 0 : active); }); }
        else { go(active < 0 ? 0 : active); }
      }
      else if (event.key === 'Escape') { event.preventDefault(); closePalette(); }
      else if (event.key === 'Tab') { event.preventDefault(); }
    });
    palette.addEventListener('mousedown', function (event) { if (event.target === palette) { closePalette(); } });
    $all('[data-palette-trigger]').forEach(function (field) {
      field.addEventListener('focus', function () { openPalette(field.value); });
      field.addEventListener('click', function () { openPalette(field.value); });
    });
    document.addEventListener('keydown', function (event) {
      var key = event.key ? event.key.toLowerCase() : '';
      var typing = /^(input|textarea|select)$/i.test((event.target && event.target.tagName) || '') || (event.target && event.target.isContentEditable);
      if ((event.ctrlKey || event.metaKey) && key === 'k') { event.preventDefault(); if (palette.hidden) { openPalette(''); } else { closePalette(); } }
      else if (key === '/' && !typing && palette.hidden) { event.preventDefault(); openPalette(''); }
      else if (key === 'escape' && !palette.hidden) { closePalette(); }
    });
  }

  // ---- Calculator: an uploaded file fills the text area ------------------------------
  function initCalculator() {
    var file = $('#least-file');
    var area = $('#least-calls');
    if (!file || !area) { return; }
    file.addEventListener('change', function () {
      var chosen = file.files && file.files[0];
      if (!chosen || !chosen.text) { return; }
      chosen.text().then(function (text) { area.value = text; });
    });
  }

  // ---- Code samples: one language at a time, the choice remembered -----------------
  function initSamples() {
    var KEY = 'graphperm.sampleLanguage';
    // The picker and the copy buttons work only with this script, so it writes them
    // instead of every page carrying them hidden (issue #12).
    $all('.sample .code-block').forEach(function (block) {
      if ($('.copy-button', block)) { return; }
      var sample = block.closest('.sample');
      var set = block.closest('.sample-set');
      var title = set ? $('h3 a', set) : null;
      var button = document.createElement('button');
      button.type = 'button';
      button.className = 'copy-button';
      button.setAttribute('data-copy-from', 'next');
      button.setAttribute('aria-label', 'Copy the ' + $('h4', sample).textContent + ' sample' + (title ? ' of ' + title.textContent : ''));
      button.hidden = true;
      button.textContent = 'Copy';
      block.insertBefore(button, block.firstChild);
    });
    $all('[data-samples]').forEach(function (samples, index) {
      if ($('[data-sample-language]', samples)) { return; }
      var id = index ? 'sample-language-' + index : 'sample-language';
      var picker = document.createElement('p');
      picker.className = 'sample-picker no-print';
      picker.hidden = true;
      var label = document.createElement('label');
      label.htmlFor = id;
      label.textContent = 'Language';
      var select = document.createElement('select');
      select.id = id;
      select.setAttribute('data-sample-language', '');
      var set = $('.sample-set', samples);
      $all('.sample[data-language]', set || samples).forEach(function (sample) {
        var option = document.createElement('option');
        option.value = sample.getAttribute('data-language');
        option.textContent = $('h4', sample).textContent;
        select.appendChild(option);
      });
      picker.appendChild(label);
      picker.appendChild(select);
      samples.insertBefore(picker, samples.firstChild);
    });
    var pickers = $all('[data-sample-language]');
    if (!pickers.length) { return; }
    var stored = null;
    try { stored = window.localStorage.getItem(KEY); } catch (error) { stored = null; }
    function apply(language) {
      pickers.forEach(function (picker) { picker.value = language; });
      $all('.sample[data-language]').forEach(function (sample) {
        sample.hidden = sample.getAttribute('data-language') !== language;
      });
    }
    pickers.forEach(function (picker) {
      picker.closest('.sample-picker').hidden = false;
      picker.addEventListener('change', function () {
        try { window.localStorage.setItem(KEY, picker.value); } catch (error) { /* private mode */ }
        apply(picker.value);
      });
    });
    var available = $all('option', pickers[0]).map(function (option) { return option.value; });
    apply(available.indexOf(stored) >= 0 ? stored : (available.indexOf('csharp') >= 0 ? 'csharp' : available[0]));
  }

  initPermissionPage();
  initSamples();
  initButtons();
  initPalette();
  initCalculator();
}());
