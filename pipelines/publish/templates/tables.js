// Sortable tables (click a header; numbers sort as numbers) and a CSV download of each table
// with class "data" (UTF-8 with BOM, so that Excel reads the Chinese). No network, no library.
(function () {
  function cellValue(td) {
    var v = td.getAttribute("data-sort");
    return v !== null ? v : td.textContent.trim();
  }
  function compare(a, b) {
    var x = parseFloat(a), y = parseFloat(b);
    var xn = a !== "" && !isNaN(x) && isFinite(a), yn = b !== "" && !isNaN(y) && isFinite(b);
    if (xn && yn) return x - y;
    if (xn !== yn) return xn ? -1 : 1;
    return a.localeCompare(b, "zh");
  }
  function csvCell(s) {
    return /[",\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
  }
  document.querySelectorAll("table.data").forEach(function (table) {
    var head = table.tHead.rows[0];
    Array.prototype.forEach.call(head.cells, function (th, i) {
      th.classList.add("sortable");
      th.addEventListener("click", function () {
        var asc = !th.classList.contains("asc");
        Array.prototype.forEach.call(head.cells, function (c) { c.classList.remove("asc", "desc"); });
        th.classList.add(asc ? "asc" : "desc");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (r1, r2) {
          var d = compare(cellValue(r1.cells[i]), cellValue(r2.cells[i]));
          return asc ? d : -d;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
    var button = document.createElement("button");
    button.textContent = "download CSV";
    button.addEventListener("click", function () {
      var lines = [];
      Array.prototype.forEach.call(table.rows, function (row) {
        lines.push(Array.prototype.map.call(row.cells, function (c) { return csvCell(c.textContent.trim()); }).join(","));
      });
      var blob = new Blob(["\ufeff" + lines.join("\n") + "\n"], {type: "text/csv;charset=utf-8"});
      var a = document.createElement("a");
      a.href = URL.createObjectURL(blob);
      a.download = (table.getAttribute("data-name") || "table") + ".csv";
      document.body.appendChild(a);
      a.click();
      a.remove();
    });
    var tools = document.createElement("div");
    tools.className = "tools";
    tools.appendChild(button);
    table.parentNode.insertBefore(tools, table);
  });
})();
