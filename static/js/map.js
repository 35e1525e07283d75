/*
 * The district map. Draws the GeoJSON in <script id="map-data"> (built by districts/maps.py) with
 * Leaflet inside its .map-slot. The page says everything without it: this only adds a picture.
 */
(function () {
  "use strict";

  // Dashed outlines: drawn around the places the sources name, not surveyed boundaries.
  var STYLES = {
    district: { color: "#0b5cad", weight: 2, fillOpacity: 0.12, dashArray: "6 4" },
    centre: { color: "#0b5cad", weight: 2, fillColor: "#ffffff", fillOpacity: 1, radius: 4 },
    project: { color: "#8a3b00", weight: 2, fillColor: "#d86a1c", fillOpacity: 1, radius: 6 },
  };

  function text(value, tagName) {
    var element = document.createElement(tagName || "span");
    element.textContent = value;
    return element;
  }

  // Built from DOM nodes, never from HTML strings: names and titles are data.
  function popup(properties) {
    var content = document.createElement("div");
    var link = text(properties.name, "a");
    link.href = properties.url;
    content.appendChild(link);
    [properties.status, properties.note].forEach(function (line) {
      if (line) {
        content.appendChild(text(line, "p"));
      }
    });
    return content;
  }

  var data = document.getElementById("map-data");
  if (!data || !window.L) {
    return;
  }
  var slot = data.parentElement;
  var features = JSON.parse(data.textContent);
  var layer = L.geoJSON(features, {
    style: function (feature) {
      return STYLES[feature.properties.kind];
    },
    pointToLayer: function (feature, latlng) {
      return L.circleMarker(latlng, STYLES[feature.properties.kind]);
    },
    onEachFeature: function (feature, featureLayer) {
      featureLayer.bindTooltip(text(feature.properties.name, "strong"));
      featureLayer.bindPopup(popup(feature.properties));
    },
  });
  if (!layer.getBounds().isValid()) {
    return;
  }

  var container = document.createElement("div");
  container.className = "map";
  container.setAttribute("role", "region");
  container.setAttribute("aria-label", slot.dataset.label);
  slot.appendChild(container);

  // No scroll-wheel zoom: scrolling the page over the map must scroll the page.
  var map = L.map(container, { scrollWheelZoom: false, zoomControl: false });
  L.control.zoom({ zoomInTitle: slot.dataset.zoomIn, zoomOutTitle: slot.dataset.zoomOut }).addTo(map);
  var copyright = document.createElement("a");
  copyright.href = "https://www.openstreetmap.org/copyright";
  copyright.textContent = slot.dataset.attribution;
  // Without tiles (offline, blocked) the outlines and points still show on a plain background.
  L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", {
    maxZoom: 19,
    attribution: "© " + copyright.outerHTML,
  }).addTo(map);
  layer.addTo(map);
  map.fitBounds(layer.getBounds(), { padding: [16, 16], maxZoom: 13 });
})();
