/*
 * The district map. Draws the GeoJSON in <script id="map-data"> (built by districts/maps.py) with Leaflet
 * inside its .map-slot, in place of the server's SVG drawing (includes/map_svg.html), which stays if Leaflet
 * is missing or fails. District names are links on the map; project points nearer each other on screen than
 * CELL pixels are drawn as one numbered cluster, which zooms in when selected.
 */
(function () {
  "use strict";

  // Dashed outlines: drawn around the places the sources name, not surveyed boundaries.
  var STYLES = {
    district: { color: "#0b5cad", weight: 2, fillOpacity: 0.12, dashArray: "6 4" },
    centre: { color: "#0b5cad", weight: 2, fillColor: "#ffffff", fillOpacity: 1, radius: 5 },
  };
  var CELL = 44;
  var DOT = 16;
  var CLUSTER = 34;

  // Built from DOM nodes, never from HTML strings: names and titles are data.
  function element(tagName, className, text) {
    var made = document.createElement(tagName);
    if (className) {
      made.className = className;
    }
    if (text !== undefined) {
      made.textContent = text;
    }
    return made;
  }

  function link(className, url, text, title) {
    var made = element("a", className, text);
    made.href = url;
    if (title) {
      made.title = title;
    }
    // A click on a name or a point follows its link; it does not start dragging the map.
    L.DomEvent.disableClickPropagation(made);
    return made;
  }

  function latLng(coordinates) {
    return L.latLng(coordinates[1], coordinates[0]);
  }

  // A marker that is only a holder for a link or button: that element takes the clicks and the focus.
  function holder(position, content, className, size, below) {
    var icon = L.divIcon({ html: content, className: className, iconSize: size ? [size, size] : null });
    return L.marker(position, { icon: icon, interactive: false, keyboard: false, zIndexOffset: below ? -1000 : 0 });
  }

  function drawPlaces(map, places) {
    var centres = {};
    places.forEach(function (feature) {
      if (feature.properties.kind === "centre") {
        centres[feature.properties.url] = true;
      }
    });
    var layer = L.geoJSON(places, {
      style: function (feature) {
        return STYLES[feature.properties.kind];
      },
      pointToLayer: function (feature, position) {
        return L.circleMarker(position, STYLES.centre);
      },
      onEachFeature: function (feature, featureLayer) {
        var about = feature.properties;
        featureLayer.on("click", function () {
          window.location.assign(about.url);
        });
        if (about.label) {
          // Under the centre's dot where there is one, else in the middle of the outline.
          var className = centres[about.url] ? "map-name" : "map-name map-name-centred";
          var name = link(className, about.url, about.name, about.title);
          // Names lie under the project points, which a name must never hide.
          holder(latLng(about.label), name, "map-name-icon", null, true).addTo(map);
        }
      },
    });
    return layer.addTo(map);
  }

  function clusterButton(map, group, label) {
    var button = element("button", "map-cluster", String(group.length));
    var bounds = L.latLngBounds(group.map(function (item) {
      return item.position;
    }));
    var said = label.replace("%(count)s", group.length);
    button.type = "button";
    button.title = said;
    button.setAttribute("aria-label", said);
    L.DomEvent.disableClickPropagation(button);
    L.DomEvent.on(button, "click", function () {
      if (!bounds.getNorthEast().equals(bounds.getSouthWest()) && map.getZoom() < map.getMaxZoom()) {
        map.fitBounds(bounds, { padding: [CELL, CELL] });
        return;
      }
      // The same place, or as near as the map goes: list them.
      var list = element("ul", "map-cluster-list");
      group.forEach(function (item) {
        var entry = element("li");
        entry.appendChild(link("", item.about.url, item.about.name));
        list.appendChild(entry);
      });
      L.popup().setLatLng(bounds.getCenter()).setContent(list).openOn(map);
    });
    return holder(bounds.getCenter(), button, "map-cluster-icon", CLUSTER);
  }

  function drawProjects(map, projects, label) {
    var layer = L.layerGroup().addTo(map);
    var items = projects.map(function (feature) {
      return { position: latLng(feature.geometry.coordinates), about: feature.properties };
    });
    // Each point joins the first group whose first point is within CELL pixels on screen, or starts one
    // (a page has at most projects/maps.py's MAP_POINTS points: a few thousand comparisons).
    function cluster() {
      var groups = [];
      layer.clearLayers();
      items.forEach(function (item) {
        var at = map.latLngToLayerPoint(item.position);
        var near = groups.find(function (group) {
          return group.at.distanceTo(at) < CELL;
        });
        if (near) {
          near.items.push(item);
        } else {
          groups.push({ at: at, items: [item] });
        }
      });
      groups.forEach(function (found) {
        var group = found.items;
        if (group.length > 1) {
          layer.addLayer(clusterButton(map, group, label));
          return;
        }
        var dot = link("map-dot", group[0].about.url, "", group[0].about.name);
        dot.appendChild(element("span", "visually-hidden", group[0].about.name));
        layer.addLayer(holder(group[0].position, dot, "map-dot-icon", DOT));
      });
    }
    return { bounds: L.latLngBounds(items.map(function (item) { return item.position; })), cluster: cluster };
  }

  function addLegend(map, legend) {
    var Legend = L.Control.extend({
      onAdd: function () {
        // A picture of the legend under the map, which is the one assistive technologies read.
        var box = element("div", "map-legend-control");
        box.setAttribute("aria-hidden", "true");
        box.appendChild(legend.cloneNode(true));
        return box;
      },
    });
    new Legend({ position: "topright" }).addTo(map);
  }

  function draw(slot, container, features) {
    var places = features.filter(function (feature) {
      return feature.properties.kind !== "project";
    });
    var projects = features.filter(function (feature) {
      return feature.properties.kind === "project";
    });
    // No scroll-wheel zoom: scrolling the page over the map must scroll the page.
    var map = L.map(container, { scrollWheelZoom: false, zoomControl: false });
    L.control.zoom({ zoomInTitle: slot.dataset.zoomIn, zoomOutTitle: slot.dataset.zoomOut }).addTo(map);
    var copyright = document.createElement("a");
    copyright.href = "https://www.openstreetmap.org/copyright";
    copyright.textContent = slot.dataset.attribution;
    // Without tiles (offline, blocked) the outlines, names and points still show on a plain background.
    L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", {
      maxZoom: 19,
      attribution: "© " + copyright.outerHTML,
    }).addTo(map);
    var bounds = drawPlaces(map, places).getBounds();
    var points = drawProjects(map, projects, slot.dataset.cluster);
    if (projects.length) {
      bounds.extend(points.bounds);
    }
    map.fitBounds(bounds, { padding: [24, 24], maxZoom: 13 });
    points.cluster();
    map.on("zoomend", points.cluster);

    var legend = slot.parentElement.querySelector(".map-legend");
    if (legend) {
      var clusters = legend.querySelector(".map-key-cluster");
      if (clusters && projects.length > 1) {
        clusters.hidden = false;
      }
      addLegend(map, legend);
    }
  }

  var data = document.getElementById("map-data");
  if (!data || !window.L) {
    return;
  }
  var slot = data.parentElement;
  var features = JSON.parse(data.textContent).features;
  if (!features.length) {
    return;
  }
  var container = element("div", "map");
  container.setAttribute("role", "region");
  container.setAttribute("aria-label", slot.dataset.label);
  var drawing = slot.querySelector(".map-svg");
  slot.insertBefore(container, slot.firstChild);
  try {
    draw(slot, container, features);
  } catch (error) {
    // The server's drawing says the same: keep it rather than a broken map.
    slot.removeChild(container);
    window.console.warn("map: kept the drawing", error);
    return;
  }
  if (drawing) {
    slot.removeChild(drawing);
  }
})();
