/* The public map: markers for the places in the page's JSON, over the configured tiles
   (or none). Everything the map shows is also in the page's list. */
(function () {
  "use strict";
  var element = document.getElementById("map");
  if (!element || !window.L) { return; }
  var read = function (id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  };
  var markers = read(element.dataset.markers) || [];
  var centre = read(element.dataset.centre) || { lat: 51.5, lon: 7.2 };
  var map = L.map(element, { scrollWheelZoom: false, keyboard: true });
  if (centre.tiles) {
    L.tileLayer(centre.tiles, { maxZoom: 19, attribution: centre.attribution || "" }).addTo(map);
  }
  var text = function (tag, value) {
    var node = document.createElement(tag);
    node.textContent = value;
    return node;
  };
  var bounds = [];
  if (centre.boundary) {
    L.geoJSON(centre.boundary, { interactive: false, style: { color: "#0b4f8a", weight: 2, fillOpacity: 0.05 } }).addTo(map);
  }
  markers.forEach(function (place) {
    var popup = document.createElement("div");
    popup.appendChild(text("strong", place.name));
    popup.appendChild(text("div", place.address));
    var link = text("a", place.link);
    link.href = place.url;
    popup.appendChild(link);
    var marker = L.marker([place.lat, place.lon], { title: place.name, alt: place.name, keyboard: true });
    marker.bindPopup(popup).addTo(map);
    bounds.push([place.lat, place.lon]);
  });
  if (bounds.length > 1) {
    map.fitBounds(bounds, { padding: [30, 30], maxZoom: 17 });
  } else if (bounds.length === 1) {
    map.setView(bounds[0], 16);
  } else {
    map.setView([centre.lat, centre.lon], 15);
  }
})();
