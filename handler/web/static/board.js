// Call board: refresh the list of called visitors every 3 seconds from /hall/board.json.
(function () {
  function render(data) {
    document.getElementById("waiting").textContent = data.waiting;
    var list = document.getElementById("calling");
    while (list.firstChild) list.removeChild(list.firstChild);
    if (!data.calling.length) {
      var idle = document.createElement("li");
      idle.className = "idle";
      idle.textContent = "请在座位上稍候，叫到您时请到相应接待室";
      list.appendChild(idle);
    }
    data.calling.forEach(function (c) {
      var li = document.createElement("li");
      var who = document.createElement("span");
      who.className = "who";
      who.textContent = "请 " + c.name + "（" + c.queue + " 号）";
      var room = document.createElement("span");
      room.className = "room";
      room.textContent = "到 " + c.room;
      li.appendChild(who);
      li.appendChild(document.createTextNode(" "));
      li.appendChild(room);
      list.appendChild(li);
    });
  }
  function tick() {
    var src = document.getElementById("board").getAttribute("data-src");
    fetch(src, { cache: "no-store" }).then(function (r) { return r.ok ? r.json() : null; })
      .then(function (d) { if (d) render(d); }).catch(function () {});
  }
  document.addEventListener("DOMContentLoaded", function () { setInterval(tick, 3000); });
})();
