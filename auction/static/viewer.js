// A small deep-zoom (DZI) viewer: draws the tiles of the level that matches the zoom onto a
// canvas, pans by drag, zooms by wheel, pinch, buttons and +/- keys, and reports clicks in
// full-image pixels. The page's `data-highlight="x0,y0,x1,y1"` zooms to a piece, and
// `data-highlight-mask` (a PNG of the piece's exact shape over that box) outlines the piece itself
// and dims everything else; without the mask only the box is outlined. The view's transform is
// mirrored in data attributes (data-scale, data-origin-x, data-origin-y: screen px of image pixel
// (0, 0) in the viewer) so tests can check placement; data-highlighted says how the piece is shown.
"use strict";

(function () {
  const MAX_SCALE = 8; // screen px per image px at the closest zoom
  const FOCUS_SCALE = 4; // zooming to a piece stops here, so its neighbours stay in view
  const SMOOTH_UP_TO = 4; // closer than this, pixels are drawn as crisp squares
  const EDGE_PX = 3, HALO_PX = 5; // CSS px outside the piece: a bright edge, then a dark halo
  const EDGE = "#ffd23f", HALO = "#000", DIM = "rgba(0, 0, 0, 0.5)";

  // A piece in its exact shape over the tiles: its mask drawn where the view puts it, grown by a
  // few screen px (a square dilation: copies shifted left..right, then up..down) for the edge and
  // halo, everything outside the mask dimmed. The work is done on view-sized canvases in device
  // px, so the edge keeps its width at every zoom; it is redone only when the view moves.
  class PieceOverlay {
    constructor(mask, bbox) {
      this.mask = mask;
      this.bbox = bbox;
      this.key = "";
      [this.shape, this.wide, this.grown, this.out] = [0, 1, 2, 3].map(() => document.createElement("canvas"));
    }

    render(viewer, dpr) {
      const w = viewer.canvas.width, h = viewer.canvas.height;
      const key = [viewer.scale, viewer.originX, viewer.originY, w, h].join();
      if (key === this.key) return this.out;
      this.key = key;
      for (const c of [this.shape, this.wide, this.grown, this.out]) { c.width = w; c.height = h; }
      const [x0, y0, x1, y1] = this.bbox, s = viewer.scale * dpr;
      const left = viewer.originX * dpr + x0 * s, top = viewer.originY * dpr + y0 * s;
      const shape = this.shape.getContext("2d");
      shape.imageSmoothingEnabled = viewer.scale <= SMOOTH_UP_TO;
      shape.drawImage(this.mask, left, top, (x1 - x0) * s, (y1 - y0) * s);
      // only the part of the view the halo can reach is shifted around
      const halo = Math.round(HALO_PX * dpr), edge = Math.round(EDGE_PX * dpr);
      const rx = Math.max(0, Math.floor(left) - halo), ry = Math.max(0, Math.floor(top) - halo);
      this.region = [rx, ry, Math.min(w, Math.ceil(left + (x1 - x0) * s) + halo) - rx,
                     Math.min(h, Math.ceil(top + (y1 - y0) * s) + halo) - ry];
      const out = this.out.getContext("2d");
      if (this.region[2] > 0 && this.region[3] > 0) {
        this.grow(out, halo, HALO);
        this.grow(out, edge, EDGE);
      }
      out.globalCompositeOperation = "destination-over";
      out.fillStyle = DIM;
      out.fillRect(0, 0, w, h);
      out.globalCompositeOperation = "destination-out";
      out.drawImage(this.shape, 0, 0);
      return this.out;
    }

    // paints the shape grown by r px in `colour` onto `out`
    grow(out, r, colour) {
      const [rx, ry, rw, rh] = this.region;
      const shift = (ctx, source, dx, dy) => ctx.drawImage(source, rx, ry, rw, rh, rx + dx, ry + dy, rw, rh);
      const wide = this.wide.getContext("2d"), grown = this.grown.getContext("2d");
      wide.clearRect(0, 0, this.wide.width, this.wide.height);
      for (let dx = -r; dx <= r; dx++) shift(wide, this.shape, dx, 0);
      grown.globalCompositeOperation = "source-over";
      grown.clearRect(0, 0, this.grown.width, this.grown.height);
      for (let dy = -r; dy <= r; dy++) shift(grown, this.wide, 0, dy);
      grown.globalCompositeOperation = "source-in";
      grown.fillStyle = colour;
      grown.fillRect(0, 0, this.grown.width, this.grown.height);
      out.drawImage(this.grown, 0, 0);
    }
  }

  class DeepZoomViewer {
    constructor(root) {
      this.root = root;
      this.canvas = root.querySelector("canvas");
      this.ctx = this.canvas.getContext("2d");
      this.width = Number(root.dataset.width);
      this.height = Number(root.dataset.height);
      this.tiles = new Map(); // "level/col_row" -> HTMLImageElement
      this.scale = 1;
      this.originX = 0; // screen px (CSS) of image (0, 0)
      this.originY = 0;
      this.pointers = new Map();
      this.outlines = [];
      this.overlay = null; // PieceOverlay of the highlighted piece, once its mask has loaded
      this.pending = false;
    }

    async start() {
      const xml = await (await fetch(this.root.dataset.dzi)).text();
      const doc = new DOMParser().parseFromString(xml, "application/xml");
      const image = doc.documentElement;
      this.tileSize = Number(image.getAttribute("TileSize"));
      this.overlap = Number(image.getAttribute("Overlap"));
      this.format = image.getAttribute("Format");
      this.filesUrl = this.root.dataset.dzi.replace(/\.dzi$/, "_files/");
      this.topLevel = Math.ceil(Math.log2(Math.max(this.width, this.height)));
      // the level whose image fits one tile: always drawn first, so nothing is ever blank
      const fitsOneTile = Math.ceil(Math.log2(Math.max(this.width, this.height) / this.tileSize));
      this.baseLevel = Math.max(0, this.topLevel - Math.max(0, fitsOneTile));
      this.bindEvents();
      this.resize();
      this.fit();
      const box = this.root.dataset.highlight;
      if (box) {
        const bbox = box.split(",").map(Number);
        this.zoomTo(bbox);
        await this.highlight(bbox, this.root.dataset.highlightMask);
      }
      this.root.dataset.ready = "1";
    }

    // the piece in its own shape when its mask loads; its box outlined when it cannot
    async highlight(bbox, maskUrl) {
      this.clearHighlight();
      const mask = new Image();
      try {
        if (!maskUrl) throw new Error("no mask");
        mask.src = maskUrl;
        await mask.decode();
      } catch {
        this.addOutline(bbox, "piece-outline highlight");
        this.root.dataset.highlighted = "box";
        return;
      }
      this.overlay = new PieceOverlay(mask, bbox);
      this.root.dataset.highlighted = "shape";
      this.changed();
    }

    clearHighlight() {
      for (const o of this.outlines) o.el.remove();
      this.outlines = [];
      this.overlay = null;
      delete this.root.dataset.highlighted;
      this.changed();
    }

    bindEvents() {
      new ResizeObserver(() => { this.resize(); this.draw(); }).observe(this.root);
      this.root.addEventListener("wheel", (e) => {
        e.preventDefault();
        const [x, y] = this.local(e);
        this.zoomAt(x, y, Math.exp(-e.deltaY * 0.002));
      }, { passive: false });
      this.canvas.addEventListener("pointerdown", (e) => this.pointerDown(e));
      this.canvas.addEventListener("pointermove", (e) => this.pointerMove(e));
      this.canvas.addEventListener("pointerup", (e) => this.pointerUp(e));
      this.canvas.addEventListener("pointercancel", (e) => this.pointers.delete(e.pointerId));
      this.root.addEventListener("keydown", (e) => this.key(e));
      for (const button of this.root.querySelectorAll("[data-zoom]")) {
        button.addEventListener("click", () => {
          const how = button.dataset.zoom;
          if (how === "fit") this.fit();
          else this.zoomAt(this.viewW / 2, this.viewH / 2, how === "in" ? 1.5 : 1 / 1.5);
        });
      }
    }

    local(e) {
      const r = this.canvas.getBoundingClientRect();
      return [e.clientX - r.left, e.clientY - r.top];
    }

    resize() {
      const dpr = window.devicePixelRatio || 1;
      this.viewW = this.canvas.clientWidth;
      this.viewH = this.canvas.clientHeight;
      this.canvas.width = Math.round(this.viewW * dpr);
      this.canvas.height = Math.round(this.viewH * dpr);
    }

    fitScale() {
      return Math.min(this.viewW / this.width, this.viewH / this.height);
    }

    fit() {
      this.scale = this.fitScale();
      this.originX = (this.viewW - this.width * this.scale) / 2;
      this.originY = (this.viewH - this.height * this.scale) / 2;
      this.changed();
    }

    zoomTo([x0, y0, x1, y1]) {
      // the piece fills about 40% of the view, but never closer than FOCUS_SCALE
      const w = Math.max(x1 - x0, 1), h = Math.max(y1 - y0, 1);
      this.scale = Math.max(this.fitScale(), Math.min(FOCUS_SCALE, 0.4 * Math.min(this.viewW / w, this.viewH / h)));
      this.originX = this.viewW / 2 - ((x0 + x1) / 2) * this.scale;
      this.originY = this.viewH / 2 - ((y0 + y1) / 2) * this.scale;
      this.changed();
    }

    zoomAt(x, y, factor) {
      const next = Math.min(MAX_SCALE, Math.max(this.fitScale() * 0.5, this.scale * factor));
      this.originX = x - (x - this.originX) * (next / this.scale);
      this.originY = y - (y - this.originY) * (next / this.scale);
      this.scale = next;
      this.changed();
    }

    pan(dx, dy) {
      this.originX += dx;
      this.originY += dy;
      this.changed();
    }

    key(e) {
      const steps = { "+": 1.5, "=": 1.5, "-": 1 / 1.5, "_": 1 / 1.5 };
      const moves = { ArrowLeft: [60, 0], ArrowRight: [-60, 0], ArrowUp: [0, 60], ArrowDown: [0, -60] };
      if (e.key in steps) this.zoomAt(this.viewW / 2, this.viewH / 2, steps[e.key]);
      else if (e.key in moves) this.pan(...moves[e.key]);
      else if (e.key === "0") this.fit();
      else return;
      e.preventDefault();
    }

    pointerDown(e) {
      this.canvas.setPointerCapture(e.pointerId);
      const [x, y] = this.local(e);
      this.pointers.set(e.pointerId, { x, y, startX: x, startY: y });
      this.root.focus({ preventScroll: true });
    }

    pointerMove(e) {
      const p = this.pointers.get(e.pointerId);
      if (!p) return;
      const [x, y] = this.local(e);
      if (this.pointers.size === 2) {
        const [a, b] = [...this.pointers.values()];
        const before = Math.hypot(a.x - b.x, a.y - b.y);
        p.x = x; p.y = y;
        const after = Math.hypot(a.x - b.x, a.y - b.y);
        if (before > 0) this.zoomAt((a.x + b.x) / 2, (a.y + b.y) / 2, after / before);
        a.moved = b.moved = true;
        return;
      }
      this.pan(x - p.x, y - p.y);
      p.x = x; p.y = y;
      if (Math.hypot(x - p.startX, y - p.startY) > 4) p.moved = true;
    }

    pointerUp(e) {
      const p = this.pointers.get(e.pointerId);
      this.pointers.delete(e.pointerId);
      if (p && !p.moved && this.pointers.size === 0) {
        const ix = Math.floor((p.x - this.originX) / this.scale);
        const iy = Math.floor((p.y - this.originY) / this.scale);
        if (ix >= 0 && iy >= 0 && ix < this.width && iy < this.height) {
          this.root.dispatchEvent(new CustomEvent("pixelclick", { detail: { x: ix, y: iy } }));
        }
      }
    }

    addOutline(bbox, className) {
      const el = document.createElement("div");
      el.className = className;
      this.root.appendChild(el);
      const outline = { el, bbox };
      this.outlines.push(outline);
      this.placeOutline(outline);
      return outline;
    }

    placeOutline({ el, bbox: [x0, y0, x1, y1] }) {
      el.style.left = `${this.originX + x0 * this.scale}px`;
      el.style.top = `${this.originY + y0 * this.scale}px`;
      el.style.width = `${(x1 - x0) * this.scale}px`;
      el.style.height = `${(y1 - y0) * this.scale}px`;
    }

    changed() {
      this.root.dataset.scale = String(this.scale);
      this.root.dataset.originX = String(this.originX);
      this.root.dataset.originY = String(this.originY);
      for (const outline of this.outlines) this.placeOutline(outline);
      if (!this.pending) {
        this.pending = true;
        requestAnimationFrame(() => { this.pending = false; this.draw(); });
      }
    }

    levelFor(scale) {
      const dpr = window.devicePixelRatio || 1;
      const wanted = this.topLevel + Math.ceil(Math.log2(Math.max(scale * dpr, 1e-6)));
      return Math.min(this.topLevel, Math.max(this.baseLevel, wanted));
    }

    tile(level, col, row) {
      const key = `${level}/${col}_${row}`;
      let img = this.tiles.get(key);
      if (!img) {
        img = new Image();
        img.onload = () => this.changed();
        img.src = `${this.filesUrl}${key}.${this.format}`;
        this.tiles.set(key, img);
      }
      return img;
    }

    drawLevel(level) {
      const factor = 2 ** (this.topLevel - level); // image px per level px
      const levelW = Math.ceil(this.width / factor), levelH = Math.ceil(this.height / factor);
      const s = this.scale * factor; // screen px per level px
      const T = this.tileSize, O = this.overlap;
      const c0 = Math.max(0, Math.floor(-this.originX / s / T));
      const r0 = Math.max(0, Math.floor(-this.originY / s / T));
      const c1 = Math.min(Math.ceil(levelW / T) - 1, Math.floor((this.viewW - this.originX) / s / T));
      const r1 = Math.min(Math.ceil(levelH / T) - 1, Math.floor((this.viewH - this.originY) / s / T));
      for (let c = c0; c <= c1; c++) {
        for (let r = r0; r <= r1; r++) {
          const img = this.tile(level, c, r);
          if (!img.complete || !img.naturalWidth) continue;
          const x = c * T - (c ? O : 0), y = r * T - (r ? O : 0);
          this.ctx.drawImage(img, this.originX + x * s, this.originY + y * s,
                             img.naturalWidth * s, img.naturalHeight * s);
        }
      }
    }

    draw() {
      if (!this.tileSize) return;
      const dpr = window.devicePixelRatio || 1;
      const ctx = this.ctx;
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      ctx.clearRect(0, 0, this.viewW, this.viewH);
      ctx.imageSmoothingEnabled = this.scale <= SMOOTH_UP_TO;
      const level = this.levelFor(this.scale);
      this.drawLevel(this.baseLevel);
      if (level !== this.baseLevel) this.drawLevel(level);
      if (this.overlay && this.canvas.width && this.canvas.height) {
        ctx.setTransform(1, 0, 0, 1, 0, 0);
        ctx.drawImage(this.overlay.render(this, dpr), 0, 0);
      }
    }
  }

  // "Whose piece is this?": ask the API about the clicked pixel, show the piece it names in its
  // own shape (everything else dimmed), as the participant page does.
  function bindPieceInfo(viewer) {
    const panel = document.getElementById("piece-info");
    if (!panel) return;
    viewer.root.addEventListener("pixelclick", async (e) => {
      const url = `${viewer.root.dataset.pieceUrl}?x=${e.detail.x}&y=${e.detail.y}`;
      const body = await (await fetch(url)).json();
      panel.hidden = false;
      const piece = body.piece;
      panel.querySelector("[data-field=none]").hidden = Boolean(piece);
      panel.querySelector("dl").hidden = !piece;
      if (!piece) { viewer.clearHighlight(); return; }
      panel.querySelector("[data-field=commitment]").textContent = piece.commitment;
      panel.querySelector("[data-field=amount]").textContent = `${piece.amount.toLocaleString()} ${piece.unit}`;
      panel.querySelector("[data-field=rank]").textContent = `${piece.rank} / ${piece.of}`;
      await viewer.highlight(piece.bbox, body.mask); // its own shape, the box if the mask fails
    });
  }

  function bindCopyButtons() {
    for (const button of document.querySelectorAll("[data-copy]")) {
      button.addEventListener("click", async () => {
        const source = document.getElementById(button.dataset.copy);
        source.select();
        try { await navigator.clipboard.writeText(source.value); } catch { document.execCommand("copy"); }
        button.textContent = button.dataset.copied;
      });
    }
  }

  document.addEventListener("DOMContentLoaded", () => {
    const root = document.getElementById("viewer");
    bindCopyButtons();
    if (!root) return;
    const viewer = new DeepZoomViewer(root);
    window.artViewer = viewer;
    viewer.start().then(() => bindPieceInfo(viewer));
    const show = document.getElementById("show-piece");
    if (show) show.addEventListener("click", () => viewer.zoomTo(root.dataset.highlight.split(",").map(Number)));
  });
})();
