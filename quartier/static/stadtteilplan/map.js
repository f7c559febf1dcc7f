/* The public map: markers for the places in the page's JSON, over the configured tiles,
   or without tiles on a plain background with the district's boundary and name, and
   every place's name written under its marker. Everything the map shows is also in the
   page's list. Marker images come by their static URLs from the page (never derived
   from the stylesheet's address, which hashed file names break). */
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
  var plain = !centre.tiles;
  var labels = centre.labels || {};
  var map = L.map(element, { scrollWheelZoom: false, keyboard: true, zoomControl: false });
  L.control.zoom({
    zoomInTitle: labels.zoom_in || "Zoom in",
    zoomOutTitle: labels.zoom_out || "Zoom out"
  }).addTo(map);
  map.on("popupopen", function (event) {
    var close = event.popup.getElement().querySelector(".leaflet-popup-close-button");
    if (close && labels.close) { close.setAttribute("aria-label", labels.close); close.title = labels.close; }
  });
  if (centre.tiles) {
    L.tileLayer(centre.tiles, { maxZoom: 19, attribution: centre.attribution || "" }).addTo(map);
  }
  L.control.scale({ imperial: false }).addTo(map);
  var icon = centre.icons ? L.icon({
    iconUrl: centre.icons.icon,
    iconRetinaUrl: centre.icons.icon2x,
    shadowUrl: centre.icons.shadow,
    iconSize: [25, 41],
    iconAnchor: [12, 41],
    popupAnchor: [1, -34],
    tooltipAnchor: [0, 0],
    shadowSize: [41, 41]
  }) : null;
  var text = function (tag, value) {
    var node = document.createElement(tag);
    node.textContent = value;
    return node;
  };
  var bounds = [];
  if (centre.boundary) {
    var outline = L.geoJSON(centre.boundary, {
      interactive: false,
      style: { color: "#0b4f8a", weight: plain ? 3 : 2, fillColor: "#0b4f8a", fillOpacity: plain ? 0.06 : 0.05 }
    }).addTo(map);
    var area = outline.getBounds();
    if (area.isValid()) {
      bounds.push(area.getSouthWest(), area.getNorthEast());
    }
  }
  if (plain && centre.name) {
    L.tooltip({ permanent: true, direction: "center", className: "map-district-label", interactive: false })
      .setLatLng([centre.lat, centre.lon])
      .setContent(centre.name)
      .addTo(map);
  }
  markers.forEach(function (place) {
    var popup = document.createElement("div");
    popup.appendChild(text("strong", place.name));
    popup.appendChild(text("div", place.address));
    var link = text("a", place.link);
    link.href = place.url;
    popup.appendChild(link);
    var options = { title: place.name, alt: place.name, keyboard: true };
    if (icon) { options.icon = icon; }
    var marker = L.marker([place.lat, place.lon], options);
    marker.bindPopup(popup).addTo(map);
    if (plain) {
      marker.bindTooltip(text("span", place.name), {
        permanent: true, direction: "bottom", offset: [0, 2], className: "map-place-label"
      });
    }
    bounds.push([place.lat, place.lon]);
  });
  if (bounds.length > 1) {
    // Room at the sides for the names written under the markers.
    var side = plain ? Math.min(90, element.clientWidth / 4) : 30;
    map.fitBounds(bounds, { padding: [side, 40], maxZoom: 17 });
  } else if (bounds.length === 1) {
    map.setView(bounds[0], 16);
  } else {
    map.setView([centre.lat, centre.lon], 15);
  }
})();
