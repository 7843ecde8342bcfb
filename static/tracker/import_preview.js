// Import preview: selecting words in the report fills the "add as an item" fields
// with their offsets in the source (code points, as the server counts them).
(function () {
  "use strict";

  function segmentOf(node) {
    var element = node.nodeType === Node.TEXT_NODE ? node.parentElement : node;
    return element ? element.closest("[data-start]") : null;
  }

  function offsetIn(pane, node, offset) {
    var segment = segmentOf(node);
    if (segment && pane.contains(segment)) {
      var before = node.nodeType === Node.TEXT_NODE ? node.textContent.slice(0, offset)
        : (offset > 0 ? segment.textContent : "");
      return Number(segment.dataset.start) + Array.from(before).length;
    }
    if (node === pane) {  // a boundary between two segments
      var child = pane.childNodes[offset];
      var next = child && segmentOf(child);
      if (next) return Number(next.dataset.start);
      var last = pane.querySelector("[data-start]:last-of-type");
      return last ? Number(last.dataset.start) + Array.from(last.textContent).length : null;
    }
    return null;
  }

  document.addEventListener("DOMContentLoaded", function () {
    var pane = document.getElementById("import-source");
    var add = document.getElementById("import-add");
    if (!pane || !add) return;
    document.addEventListener("selectionchange", function () {
      var selection = document.getSelection();
      if (!selection.rangeCount || selection.isCollapsed) return;
      var range = selection.getRangeAt(0);
      if (!pane.contains(range.commonAncestorContainer)) return;
      var start = offsetIn(pane, range.startContainer, range.startOffset);
      var end = offsetIn(pane, range.endContainer, range.endOffset);
      if (start === null || end === null || end <= start) return;
      add.querySelector("[name=add-start]").value = start;
      add.querySelector("[name=add-end]").value = end;
      add.querySelector("[name=add-quote]").value = selection.toString();
    });
  });
})();
