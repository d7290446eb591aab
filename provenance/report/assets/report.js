// provenance's HTML report: rendered from the page's JSON data blocks with
// DOM text nodes only (never innerHTML), so that a document's text, file
// name or id shows as text whatever it holds. Only what is on screen is
// built: lists show a page at a time, and the texts (a block of their own)
// are parsed the first time one is shown.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("report-data").textContent);
  var textsCache = null;
  var PAGE = 50;
  var MAX_SHOWN = 2000000;
  var SVG = "http://www.w3.org/2000/svg";
  var app = document.getElementById("app");

  function texts() {
    if (textsCache === null) textsCache = JSON.parse(document.getElementById("report-texts").textContent);
    return textsCache;
  }

  // An element with attributes and children; strings become text nodes.
  function el(tag, attrs) {
    var node = document.createElement(tag);
    if (attrs) for (var k in attrs) if (attrs[k] !== null && attrs[k] !== undefined) {
      if (k === "text") node.textContent = attrs[k]; else node.setAttribute(k, attrs[k]);
    }
    for (var i = 2; i < arguments.length; i++) add(node, arguments[i]);
    return node;
  }
  function add(node, child) {
    if (child === null || child === undefined) return;
    if (Array.isArray(child)) { child.forEach(function (c) { add(node, c); }); return; }
    node.appendChild(typeof child === "string" || typeof child === "number" ? document.createTextNode(String(child)) : child);
  }
  function svg(tag, attrs) {
    var node = document.createElementNS(SVG, tag);
    for (var k in attrs) node.setAttribute(k, attrs[k]);
    return node;
  }
  function link(hash, label) { return el("a", { href: hash }, label); }
  function fmt(n) { return Number(n).toLocaleString("en"); }
  function plural(n, word, many) { return fmt(n) + " " + (n === 1 ? word : many || word + "s"); }
  function docName(i) { var d = data.docs[i]; return d.title ? d.id + ": " + d.title : d.id; }
  function docLink(i) { return link("#doc/" + i, data.docs[i].id); }
  function fileLink(i) {
    var d = data.docs[i];
    // Only the page's own relative links or file: URLs, made by the report.
    return d.href ? el("a", { href: d.href, title: "open the file" }, "file") : null;
  }

  // Offsets in the report count code points; the page's strings count
  // UTF-16 units. Null when the text has no character beyond the BMP.
  function unitMap(text) {
    if (!/[\uD800-\uDFFF]/.test(text)) return null;
    var map = [], u = 0;
    for (var ch of text) { map.push(u); u += ch.length; }
    map.push(u);
    return map;
  }
  function unit(map, cp) { return map ? map[Math.min(cp, map.length - 1)] : cp; }

  // --- Text with marks, a line at a time, with line numbers --------------
  // marks: [start, end, tag, class, title] in code points.
  function textView(text, from, to, marks, segments) {
    var map = unitMap(text);
    var a = unit(map, from), b = unit(map, Math.min(to, from + MAX_SHOWN));
    var events = [];
    marks.forEach(function (m, n) {
      var s = Math.max(unit(map, m[0]), a), e = Math.min(unit(map, m[1]), b);
      if (e > s) { events.push([s, 1, n]); events.push([e, 0, n]); }
    });
    var cuts = {};
    (segments || []).forEach(function (seg, n) { if (n > 0) cuts[unit(map, seg.span[0])] = seg; });
    events.sort(function (x, y) { return x[0] - y[0] || x[1] - y[1]; });
    var box = el("div", { class: "text" });
    var line = text.slice(0, a).split("\n").length;
    var row = null, cell = null, active = [], pos = a, ev = 0;
    function newRow() {
      row = el("div", { class: "ln" }, el("span", { class: "no" }, String(line)));
      cell = el("span", { class: "tx" });
      row.appendChild(cell); box.appendChild(row);
    }
    function piece(s, e) {
      if (e <= s) return;
      var t = text.slice(s, e);
      var node = document.createTextNode(t);
      for (var k = active.length - 1; k >= 0; k--) {
        var m = marks[active[k]];
        var wrap = el(m[2], { class: m[3], title: m[4] || null });
        wrap.appendChild(node); node = wrap;
      }
      cell.appendChild(node);
    }
    newRow();
    while (pos < b) {
      var nextEvent = ev < events.length ? events[ev][0] : b;
      var nl = text.indexOf("\n", pos);
      if (nl < 0 || nl >= b) nl = b;
      var stop = Math.min(nextEvent, nl, b);
      if (cuts[pos] && cell.childNodes.length === 0) {
        var seg = cuts[pos];
        box.insertBefore(el("div", { class: "seg" }, segmentLabel(seg)), row);
      }
      piece(pos, stop);
      pos = stop;
      while (ev < events.length && events[ev][0] === pos) {
        var e = events[ev++];
        if (e[1]) active.push(e[2]); else active.splice(active.indexOf(e[2]), 1);
      }
      if (pos === nl && nl < b) { line++; pos++; newRow(); }
    }
    if (to - from > MAX_SHOWN) box.appendChild(el("div", { class: "seg" }, "… " + fmt(to - from - MAX_SHOWN) + " more characters not shown"));
    return box;
  }
  function segmentLabel(seg) {
    var parts = ["Article: " + (seg.title || "(untitled)")];
    if (seg.published) parts.push("published " + seg.published);
    if (seg.credit) parts.push("credited to " + seg.credit);
    return parts.join(" · ");
  }

  // --- Views --------------------------------------------------------------
  function header(here) {
    var nav = el("nav", null, [["overview", "Overview"], ["stories", "Stories"], ["findings", "Findings"], ["documents", "Documents"]].map(function (t) {
      return el("a", { href: "#" + t[0], class: t[0] === here ? "here" : null }, t[1]);
    }));
    return el("header", null, el("h1", null, "provenance report"), nav);
  }

  function overview() {
    var o = data.overview, main = el("main");
    var share = o.characters ? (100 * o.removed / o.characters).toFixed(1) + "% of the text" : "";
    main.appendChild(el("div", { class: "cards" },
      card(fmt(o.documents), "documents"),
      card(fmt(data.groups.length), "groups of copies of one article"),
      card(fmt(data.passages.length), "shared passages"),
      card(fmt(data.blocks.length), "repeated blocks"),
      card(fmt(o.removed), "characters clean would remove (" + share + ")")));
    main.appendChild(el("h2", null, "Findings by kind"));
    main.appendChild(el("table", null, el("tr", null, el("th", null, "kind"), el("th", { class: "num" }, "findings")),
      Object.keys(o.findings).map(function (k) {
        return el("tr", null, el("td", null, link("#findings", k)), el("td", { class: "num" }, fmt(o.findings[k])));
      })));
    main.appendChild(el("h2", null, "Largest story groups"));
    if (data.groups.length) main.appendChild(groupTable(data.groups.slice(0, 10)));
    else main.appendChild(el("p", { class: "muted" }, "No document is a copy of another."));
    if (data.blocks.length) {
      main.appendChild(el("h2", null, "Blocks repeated inside one file"));
      main.appendChild(el("ul", { class: "plain" }, data.blocks.slice(0, 10).map(function (b) {
        return el("li", null, link("#doc/" + b.doc + "/" + b.span[0], data.docs[b.doc].id + ": " + b.message));
      })));
    }
    if (data.passages.length) {
      main.appendChild(el("h2", null, "Most carried passages"));
      main.appendChild(passageTable(data.passages.slice(0, 10)));
    }
    main.appendChild(el("h2", null, "Agencies credited"));
    if (data.agencies.length) {
      main.appendChild(el("table", null, el("tr", null, el("th", null, "agency"), el("th", { class: "num" }, "texts crediting it")),
        data.agencies.map(function (a) { return el("tr", null, el("td", null, a[0]), el("td", { class: "num" }, fmt(a[1]))); })));
    } else main.appendChild(el("p", { class: "muted" }, "No agency credited."));
    if (o.errors.length) {
      main.appendChild(el("h2", null, "Files skipped"));
      main.appendChild(el("ul", null, o.errors.map(function (e) { return el("li", null, e[0] + ": " + e[1]); })));
    }
    return main;
  }
  function card(n, what) { return el("div", { class: "card" }, el("div", { class: "n" }, n), el("div", { class: "what" }, what)); }

  function groupTable(groups) {
    return el("table", null, el("tr", null, el("th", { class: "num" }, "copies"), el("th", null, "root"), el("th", null, "")),
      groups.map(function (g) {
        var n = data.groups.indexOf(g);
        return el("tr", null, el("td", { class: "num" }, fmt(g.members.length)),
          el("td", null, docName(g.members[0].doc)),
          el("td", null, link("#group/" + n + "/1", "compare")));
      }));
  }
  function passageTable(passages) {
    return el("table", null, el("tr", null, el("th", { class: "num" }, "copies"), el("th", { class: "num" }, "words"), el("th", null, "passage"), el("th", null, "")),
      passages.map(function (p) {
        var n = data.passages.indexOf(p);
        return el("tr", null, el("td", { class: "num" }, fmt(p.copies.length)), el("td", { class: "num" }, fmt(p.words)),
          el("td", null, p.message + (p.quoted ? " (a quotation)" : "")),
          el("td", null, link("#passage/" + n + "/" + (p.source === 0 || p.source === null ? 1 : 0), "compare")));
      }));
  }

  // A list a page at a time, filtered by what is typed.
  function pagedList(main, items, matches, render, placeholder) {
    var input = el("input", { class: "filter", type: "search", placeholder: placeholder });
    var list = el("div"), more = el("button", null, "Show more");
    var shown = 0, chosen = items;
    function fill(reset) {
      if (reset) { list.textContent = ""; shown = 0; }
      var next = chosen.slice(shown, shown + PAGE);
      next.forEach(function (it) { list.appendChild(render(it)); });
      shown += next.length;
      more.style.display = shown < chosen.length ? "" : "none";
    }
    input.addEventListener("input", function () {
      var q = input.value.trim().toLowerCase();
      chosen = q ? items.filter(function (it) { return matches(it, q); }) : items;
      fill(true);
    });
    more.addEventListener("click", function () { fill(false); });
    main.appendChild(input); main.appendChild(list); main.appendChild(more);
    fill(true);
  }

  function stories() {
    var main = el("main");
    main.appendChild(el("h2", null, plural(data.trees.length, "story", "stories") + " in the lineage graph, largest first"));
    main.appendChild(el("div", { class: "legend" }, ["wire-copy", "derived", "quotes-same-source", "duplicate"].map(function (r) {
      return el("span", null, el("i", { class: r }), r);
    })));
    pagedList(main, data.trees, function (t, q) {
      return t.nodes.some(function (n) { return (n.label + " " + n.id).toLowerCase().indexOf(q) >= 0; });
    }, treeView, "filter by title, outlet or file");
    return main;
  }
  function treeView(tree) {
    var n = data.trees.indexOf(tree), root = tree.nodes[0];
    var box = el("div", { class: "story", id: "story-" + n });
    box.appendChild(el("h3", null, "Story " + (n + 1) + ": " + plural(tree.nodes.length, "node") + ", from " + root.label));
    var w = data.node[0], h = data.node[1];
    var pic = svg("svg", { class: "tree", width: tree.width, height: tree.height, viewBox: "0 0 " + tree.width + " " + tree.height });
    tree.edges.forEach(function (e) {
      var a = tree.nodes[e[0]], b = tree.nodes[e[1]];
      var x1 = a.x + w / 2, x2 = b.x - w / 2;
      if (b.x < a.x) { x1 = a.x - w / 2; x2 = b.x + w / 2; }
      var mid = (x1 + x2) / 2;
      var path = svg("path", { d: "M" + x1 + "," + a.y + " C" + mid + "," + a.y + " " + mid + "," + b.y + " " + x2 + "," + b.y, class: e[2] });
      path.appendChild(svg("title", {})).textContent = e[2];
      pic.appendChild(path);
    });
    tree.nodes.forEach(function (node, k) {
      var g = svg("g", { class: node.type + (k === 0 ? " root" : ""), transform: "translate(" + (node.x - w / 2) + "," + (node.y - h / 2) + ")" });
      g.appendChild(svg("rect", { width: w, height: h }));
      var label = (node.published ? node.published + " " : "") + node.label;
      var t = svg("text", { x: 6, y: h / 2 + 4 });
      t.textContent = label.length > 30 ? label.slice(0, 29) + "…" : label;
      g.appendChild(t);
      g.appendChild(svg("title", {})).textContent = node.type + ": " + node.id + (node.label !== node.id ? "\n" + node.label : "");
      if (node.doc !== null && node.doc !== undefined) {
        g.setAttribute("data-doc", node.doc);
        g.addEventListener("click", function () { location.hash = "#doc/" + node.doc; });
      }
      pic.appendChild(g);
    });
    box.appendChild(pic);
    return box;
  }

  function findings() {
    var main = el("main");
    main.appendChild(el("h2", null, plural(data.groups.length, "group") + " of copies of one article"));
    pagedList(main, data.groups, function (g, q) {
      return g.members.some(function (m) { return docName(m.doc).toLowerCase().indexOf(q) >= 0; });
    }, function (g) {
      var n = data.groups.indexOf(g);
      return el("div", { class: "story" }, el("h3", null, link("#group/" + n + "/1", g.message)),
        el("div", { class: "muted" }, "root: " + docName(g.members[0].doc) + (g.why ? " (" + g.why + ")" : "")));
    }, "filter groups by title or file");
    main.appendChild(el("h2", null, plural(data.passages.length, "shared passage")));
    pagedList(main, data.passages, function (p, q) { return p.message.toLowerCase().indexOf(q) >= 0; }, function (p) {
      var n = data.passages.indexOf(p);
      var other = p.source === 0 || p.source === null ? 1 : 0;
      return el("div", { class: "story" }, el("h3", null, link("#passage/" + n + "/" + other, p.message)),
        el("div", { class: "muted" }, plural(p.copies.length, "copy", "copies") + ", " + plural(p.words, "word") + (p.quoted ? ", a quotation" : "") + (p.why ? "; source: " + p.why : "")));
    }, "filter passages");
    main.appendChild(el("h2", null, plural(data.blocks.length, "repeated block")));
    main.appendChild(el("ul", { class: "plain" }, data.blocks.slice(0, 500).map(function (b) {
      return el("li", null, link("#doc/" + b.doc + "/" + b.span[0], data.docs[b.doc].id + ": " + b.message));
    })));
    main.appendChild(el("h2", null, "Boilerplate by category"));
    var count = {};
    data.marks.forEach(function (ms) { ms.forEach(function (m) { count[m[2]] = (count[m[2]] || 0) + 1; }); });
    main.appendChild(el("table", null, el("tr", null, el("th", null, "category"), el("th", { class: "num" }, "regions"), el("th", null, "clean")),
      data.categories.map(function (c, i) {
        return el("tr", null, el("td", null, c), el("td", { class: "num" }, fmt(count[i] || 0)),
          el("td", null, data.strip.indexOf(c) >= 0 ? "removes" : "keeps"));
      })));
    return main;
  }

  function documents() {
    var main = el("main");
    main.appendChild(el("h2", null, plural(data.docs.length, "document")));
    var rows = data.docs.map(function (d, i) { return i; });
    pagedList(main, rows, function (i, q) { return docName(i).toLowerCase().indexOf(q) >= 0; }, function (i) {
      var d = data.docs[i];
      return el("div", null, docLink(i), " ", el("span", { class: "muted" }, (d.title || "") + (d.published ? " · " + d.published : "") + " · " + plural(d.chars, "character") + " · " + plural(data.marks[i].length, "boilerplate region")));
    }, "filter by title or file");
    return main;
  }

  function docView(i, at) {
    var d = data.docs[i], main = el("main");
    main.appendChild(el("h2", null, d.id));
    main.appendChild(el("p", null, (d.title || "(no title)") + (d.published ? " · published " + d.published : "") + " · ", fileLink(i)));
    var credits = d.segments.filter(function (s) { return s.credit; });
    if (d.segments.length > 1 || credits.length) {
      main.appendChild(el("ul", null, d.segments.map(function (s, n) {
        return el("li", null, "Article " + (n + 1) + ", characters " + s.span[0] + "–" + s.span[1] + ": " + segmentLabel(s));
      })));
    }
    var text = texts()[i];
    if (text === null) {
      main.appendChild(el("p", { class: "note" }, "The text could not be read for this report (the file is missing or changed since the scan)."));
      return main;
    }
    var marks = data.marks[i].map(function (m) {
      return [m[0], m[1], "del", "bp", data.categories[m[2]] + ": " + m[3]];
    });
    data.blocks.forEach(function (b) {
      if (b.doc === i) marks.push([b.span[0], b.span[1], "mark", "rep", b.message]);
    });
    data.passages.forEach(function (p, n) {
      p.copies.forEach(function (c) { if (c.doc === i) marks.push([c.span[0], c.span[1], "mark", "shared", p.message]); });
    });
    d.segments.forEach(function (s) {
      s.evidence.forEach(function (e) { marks.push([e[0], e[1], "mark", "credit", "credit: " + s.credit]); });
    });
    main.appendChild(el("p", { class: "legend" }, el("del", { class: "bp" }, "boilerplate"), " ", el("mark", { class: "rep" }, "later copy of a repeated block"), " ",
      el("mark", { class: "shared" }, "shared passage"), " ", el("mark", { class: "credit" }, "credit line")));
    var view = textView(text, 0, text.length, marks, d.segments);
    main.appendChild(view);
    if (at !== undefined) {
      var line = text.slice(0, unit(unitMap(text), at)).split("\n").length;
      var row = view.children[0];
      for (var k = 0; k < view.children.length; k++) {
        var no = view.children[k].querySelector(".no");
        if (no && Number(no.textContent) === line) { row = view.children[k]; break; }
      }
      setTimeout(function () { row.scrollIntoView(); }, 0);
    }
    return main;
  }

  function compare(title, facts, left, right, chooser) {
    var main = el("main");
    main.appendChild(el("h2", null, title));
    facts.forEach(function (f) { main.appendChild(el("p", { class: "muted" }, f)); });
    if (chooser) main.appendChild(chooser);
    var all = texts();
    main.appendChild(el("p", { class: "legend" }, el("mark", { class: "del" }, "only in the left copy"), " ", el("mark", { class: "ins" }, "only in the right copy")));
    main.appendChild(el("div", { class: "cols" }, [left, right].map(function (c) {
      var text = all[c.doc];
      var head = el("h3", null, docLink(c.doc), " ", fileLink(c.doc), " ", el("span", { class: "muted" }, c.label));
      if (text === null) return el("div", null, head, el("p", { class: "note" }, "The text could not be read for this report."));
      var marks = [];
      for (var k = 0; c.marks && k < c.marks.length; k += 2) marks.push([c.marks[k], c.marks[k + 1], "mark", c.cls, null]);
      var out = el("div", null, head);
      if (c.nodiff) out.appendChild(el("p", { class: "note" }, "Too long to compare word by word: differences not marked."));
      out.appendChild(textView(text, c.span[0], c.span[1], marks));
      return out;
    })));
    return main;
  }
  function choose(options, current, hashOf) {
    var sel = el("select");
    options.forEach(function (label, k) { sel.appendChild(el("option", { value: String(k) }, label)); });
    sel.value = String(current);
    sel.addEventListener("change", function () { location.hash = hashOf(Number(sel.value)); });
    return el("p", null, "Compare with: ", sel);
  }

  function groupView(g, m) {
    var group = data.groups[g], root = group.members[0];
    m = Math.max(1, Math.min(m, group.members.length - 1));
    var member = group.members[m];
    var pct = function (x) { return x === null || x === undefined ? "?" : Math.round(100 * x) + "%"; };
    return compare(group.message, [
      "Root: " + docName(root.doc) + (group.why ? " (" + group.why + ")" : ""),
      "This copy: " + pct(member.containment) + " of its text is in the root; it carries " + pct(member.carries) + " of the root's."],
      { doc: root.doc, span: member.root_extent, marks: member.diff && member.diff[0], cls: "del", label: "root", nodiff: member.diff === null },
      { doc: member.doc, span: member.extent, marks: member.diff && member.diff[1], cls: "ins", label: "copy " + m + " of " + (group.members.length - 1), nodiff: member.diff === null },
      choose(group.members.map(function (x, k) { return k === 0 ? "(root)" : docName(x.doc); }), m, function (k) { return "#group/" + g + "/" + Math.max(k, 1); }));
  }

  function passageView(p, c) {
    var passage = data.passages[p], base = passage.source === null ? 0 : passage.source;
    c = Math.max(0, Math.min(c, passage.copies.length - 1));
    if (c === base) c = base === 0 ? 1 : 0;
    var copy = passage.copies[c], src = passage.copies[base];
    return compare(passage.message, [
      plural(passage.copies.length, "copy", "copies") + (passage.quoted ? "; a quotation" : "") + (passage.source !== null ? "; source: " + docName(src.doc) + (passage.why ? " (" + passage.why + ")" : "") : "; no copy is known to be the source")],
      { doc: src.doc, span: src.span, marks: copy.diff && copy.diff[0], cls: "del", label: passage.source !== null ? "source" : "first copy", nodiff: copy.diff === null },
      { doc: copy.doc, span: copy.span, marks: copy.diff && copy.diff[1], cls: "ins", label: "copy", nodiff: copy.diff === null },
      choose(passage.copies.map(function (x) { return docName(x.doc); }), c, function (k) { return "#passage/" + p + "/" + k; }));
  }

  function route() {
    var parts = location.hash.replace(/^#/, "").split("/");
    var view, here = parts[0] || "overview";
    var num = function (k) { var v = Number(parts[k]); return isFinite(v) ? v : 0; };
    if (here === "stories") view = stories();
    else if (here === "findings") view = findings();
    else if (here === "documents") view = documents();
    else if (here === "doc" && data.docs[num(1)]) view = docView(num(1), parts.length > 2 ? num(2) : undefined);
    else if (here === "group" && data.groups[num(1)]) view = groupView(num(1), num(2));
    else if (here === "passage" && data.passages[num(1)]) view = passageView(num(1), num(2));
    else { here = "overview"; view = overview(); }
    app.textContent = "";
    app.appendChild(header(here === "doc" ? "documents" : here === "group" || here === "passage" ? "findings" : here));
    app.appendChild(view);
    document.title = "provenance report: " + plural(data.docs.length, "document");
    document.documentElement.setAttribute("data-route", location.hash);
  }

  window.addEventListener("hashchange", function () { route(); window.scrollTo(0, 0); });
  route();
  // For the benchmark's time to interactive: milliseconds since navigation.
  document.documentElement.setAttribute("data-ready-ms", String(Math.round(performance.now())));
  document.documentElement.setAttribute("data-ready", "1");
})();
