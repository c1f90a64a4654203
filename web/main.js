// Start-up glue for the explorer page: checks WebGL2, shows progress until the first frame,
// shows a clear message on failure, and exposes a small status object for tests
// (window.ce8Status). It inserts no user-controlled text as HTML (textContent only).
// Terrain import: the terrain panel's button opens #dem-file (files can also be dropped on the
// page). A GeoTIFF is decoded here with the `geotiff` package (geotiff.js, loaded on first use
// from this site) and handed to the engine (ce8_import_dem), which validates it. A LOLA PDS3
// product (.LBL + .IMG picked together, or an .IMG with its label attached) goes to the engine's
// own reader: the label as text, then only the bytes of the image it asks for (ce8_pds3_plan:
// the southern rows of a global product). Problems show in the app's banner (in English) and in
// the page's notice (in the page's language), never crash the page. Page text comes from
// i18n.js (keys in i18n/<lang>.json); the start screen and the tour are tour.js.
'use strict';

(function () {
  const status = Object.assign(window.ce8Status || {},
    { firstFrame: false, error: null, crossOriginIsolated: !!self.crossOriginIsolated });
  window.ce8Status = status;
  const I = window.ce8I18n;
  // An error whose English text goes to the app and whose key is shown translated on the page.
  const pageError = (key, params) => Object.assign(new Error(I.tEn(key, params)), { key, params });

  const loader = document.getElementById('loader');
  const loaderText = document.getElementById('loader-text');
  const loaderBar = document.getElementById('loader-bar');
  const canvas = document.getElementById('canvas');

  // key: a string in i18n/<lang>.json (shown in the page's language, also once it loads).
  function fatal(key, params) {
    status.error = I.tEn(key, params);
    I.ready.then(() => { status.error = I.tEn(key, params); });
    loader.hidden = true;
    I.bind(document.getElementById('fatal-text'), key, params);
    document.getElementById('fatal').hidden = false;
  }

  let noWebGl2 = false;  // the check at the end of this file found no WebGL2

  canvas.addEventListener('webglcontextlost', (e) => {
    e.preventDefault();  // the app makes its graphics again when the context is restored
    window.ce8Session.onContextLost();
  });
  canvas.addEventListener('contextmenu', (e) => e.preventDefault());

  // The explorer's one command entry (docs/commands.md): a command object in, the reply out.
  window.ce8Command = (command) => {
    if (!window.Module || typeof Module._ce8_command !== 'function') return { ok: false, error: 'the explorer has not started' };
    if (window.ce8Page) window.ce8Page.onOutsideCommand(command);  // ends the start screen's sweep
    return JSON.parse(Module.ccall('ce8_command', 'string', ['string'], [JSON.stringify(command)]));
  };

  window.Module = {
    canvas: canvas,
    print: (text) => console.log(text),
    printErr: (text) => console.warn(text),
    setStatus: (text) => {
      const m = /\((\d+(?:\.\d+)?)\/(\d+)\)/.exec(text || '');
      if (m) loaderBar.style.width = (100 * Number(m[1]) / Number(m[2])).toFixed(0) + '%';
      if (text) I.bind(loaderText, 'loading');
    },
    // Start-up work inside the app (terrain generation, meshing): the page stays responsive.
    ce8OnProgress: (fraction, what) => {
      const step = 'ce8-step: ' + what;  // each start-up step's start (first-frame.spec.mjs)
      if (!performance.getEntriesByName(step).length) performance.mark(step);
      loaderBar.style.width = (100 * fraction).toFixed(0) + '%';
      // The app names its step in English; other languages show the percentage.
      if (I.language() === 'en') I.bind(loaderText, 'loading.step', { what });
      else I.bind(loaderText, 'loading.percent', { percent: (100 * fraction).toFixed(0) });
    },
    // One-line messages the app showed the visitor (e.g. a bad shared link), for tests.
    ce8OnNotice: (message) => { status.notice = message; },
    // main() ran: the app takes session settings (panels, language) before its first frame.
    postRun: [() => { performance.mark('ce8-main'); window.ce8Page.onAppStarted(); }],
    ce8OnFirstFrame: () => {
      performance.mark('ce8-first-frame');  // tests/browser/first-frame.spec.mjs reads the marks
      status.firstFrame = true;
      loader.hidden = true;
      canvas.focus();
      Promise.resolve(window.ce8Page.onFirstFrame()).then(() => window.ce8Session.onAppRunning());
    },
    // The app's status after every change (the command entry; see commands.js).
    ce8OnStatus: (obj) => { window.ce8Commands.onAppStatus(obj); window.ce8Session.onStatus(); },
    ce8OnFatal: (message) => { if (!noWebGl2) fatal('fatal.app', { message }); },
    ce8OpenImport: () => demInput.click(),
    ce8OnImportResult: (ok, message) => {
      status.importResult = { ok, message, count: (status.importResult ? status.importResult.count : 0) + 1 };
      if (ok) console.log('Terrain import: ' + message);
      else console.warn('Terrain import refused: ' + message);
    },
    ce8OnLocalTile: (description) => { status.localTile = description; },
    ce8OnShadows: (ready, wallS, workS, updateMs, bytes) => {
      status.shadows = { ready, wallS, workS, updateMs, bytes, updates: 0 };
      console.log(`cast shadows: horizon map ${(bytes / 1048576).toFixed(0)} MiB in ${wallS.toFixed(1)} s (${workS.toFixed(1)} s of work), visibility ${updateMs.toFixed(1)} ms`);
    },
    ce8OnTerrain: (source, width, height, cellM) => {
      status.terrain = { source, width, height, cellM };
    },
    onAbort: (what) => { if (!noWebGl2) fatal('fatal.abort', { what }); },
  };

  // ---- GeoTIFF import ---------------------------------------------------------------------
  // Limits checked before anything large is allocated (the engine checks them again).
  const kMaxFileBytes = 256 * 1024 * 1024;
  const kMaxSide = 4096;
  const kMaxCells = 4096 * 4096;
  const demInput = document.getElementById('dem-file');
  let geotiffLoading = null;

  function loadGeoTiff() {
    if (window.GeoTIFF) return Promise.resolve(window.GeoTIFF);
    if (!geotiffLoading) {
      geotiffLoading = new Promise((resolve, reject) => {
        const s = document.createElement('script');
        s.src = 'geotiff.js';
        s.onload = () => (window.GeoTIFF ? resolve(window.GeoTIFF) : reject(pageError('import.readerFailed')));
        s.onerror = () => { geotiffLoading = null; reject(pageError('import.readerMissing')); };
        document.head.appendChild(s);
      });
    }
    return geotiffLoading;
  }

  // e: an Error (a pageError carries a key for the page's language) or a message.
  function importError(e) {
    const message = e && e.message ? e.message : String(e);
    const text = String(message).split('\n')[0].slice(0, 300);
    if (e && e.key && window.ce8Page) window.ce8Page.showNotice(I.t('import.failed', { message: I.t(e.key, e.params) }));
    if (window.Module && typeof Module._ce8_import_error === 'function') {
      const bytes = Module.lengthBytesUTF8(text) + 1;
      const ptr = Module._malloc(bytes);
      if (ptr) {
        Module.stringToUTF8(text, ptr, bytes);
        Module._ce8_import_error(ptr);
        Module._free(ptr);
        return;
      }
    }
    console.warn('Terrain import refused: ' + text);
  }

  // GeoKeys as "geokeys: Name=value ..." (numbers only; text keys such as citations are left out).
  function describeGeoKeys(keys) {
    const parts = [];
    for (const [name, value] of Object.entries(keys || {})) {
      if (typeof value === 'number' && Number.isFinite(value) && /^[A-Za-z0-9]+$/.test(name)) parts.push(name + '=' + value);
    }
    return 'geokeys: ' + parts.join(' ');
  }

  function cString(text) {
    const bytes = Module.lengthBytesUTF8(text) + 1;
    const ptr = Module._malloc(bytes);
    if (!ptr) throw pageError('import.noMemory');
    Module.stringToUTF8(text, ptr, bytes);
    return ptr;
  }

  // ---- LOLA PDS3 import --------------------------------------------------------------------
  const kMaxLabelBytes = 256 * 1024;
  const lower = (name) => String(name).toLowerCase();
  const isPds3Name = (name) => /\.(lbl|img)$/.test(lower(name));

  async function startsWithPdsLabel(file) {
    const head = new Uint8Array(await file.slice(0, 64).arrayBuffer());
    return /^\s*PDS_VERSION_ID/.test(String.fromCharCode(...head));
  }

  // The label's text: a detached .LBL, or the head of an .IMG with its label attached (the
  // reader stops at END). Bytes are taken one to one (latin-1), never as HTML.
  async function labelText(file) {
    const bytes = new Uint8Array(await file.slice(0, Math.min(file.size, kMaxLabelBytes)).arrayBuffer());
    let text = '';
    for (let k = 0; k < bytes.length; k += 8192) {
      // NUL would end the C string: the binary after an attached label's END is not needed.
      text += String.fromCharCode(...bytes.subarray(k, k + 8192)).replace(/\0/g, ' ');
    }
    return text;
  }

  async function importPds3(files) {
    const lbl = files.find((f) => /\.lbl$/.test(lower(f.name)));
    const imgs = files.filter((f) => /\.img$/.test(lower(f.name)));
    let labelFile = lbl;
    if (!labelFile) {
      for (const f of imgs) if (await startsWithPdsLabel(f)) { labelFile = f; break; }
    }
    if (!labelFile) {
      throw imgs.length ? pageError('import.noLabel', { name: imgs[0].name }) : pageError('import.noPds3Label');
    }
    const text = await labelText(labelFile);
    const labelPtr = cString(text);
    const outPtr = Module._malloc(16);
    try {
      if (!outPtr) throw pageError('import.noMemory');
      const namePtr = Module._ce8_pds3_image_file(labelPtr);
      if (!namePtr) return;  // the engine said why
      const wanted = Module.UTF8ToString(namePtr);
      let img = labelFile;
      if (wanted) {
        img = imgs.find((f) => lower(f.name) === lower(wanted)) ||
          (imgs.length === 1 && labelFile !== imgs[0] ? imgs[0] : null);
        if (!img) {
          throw pageError('import.labelNames', { label: labelFile.name, image: wanted });
        }
      }
      if (!Module._ce8_pds3_plan(labelPtr, img.size, outPtr)) return;  // refused, with the reason
      const offset = Module.HEAPF64[outPtr >> 3], size = Module.HEAPF64[(outPtr >> 3) + 1];
      const bytes = new Uint8Array(await img.slice(offset, offset + size).arrayBuffer());
      if (bytes.length !== size) throw pageError('import.readFailed', { size, name: img.name });
      const dataPtr = Module._malloc(Math.max(1, bytes.length));
      if (!dataPtr) throw pageError('import.noMemory');
      const namePtr2 = cString(labelFile.name.slice(0, 120));
      try {
        Module.HEAPU8.set(bytes, dataPtr);  // read HEAPU8 after _malloc: memory may grow
        Module._ce8_import_pds3(labelPtr, img.size, dataPtr, bytes.length, namePtr2);
      } finally {
        Module._free(dataPtr);
        Module._free(namePtr2);
      }
    } finally {
      Module._free(labelPtr);
      if (outPtr) Module._free(outPtr);
    }
  }

  // Picked or dropped files: a PDS3 product (label + image) or one GeoTIFF.
  async function importFiles(files) {
    if (!files.length) return;
    if (files.some((f) => isPds3Name(f.name))) {
      status.importBusy = true;
      try {
        if (!status.firstFrame) throw pageError('import.busy');
        await importPds3(files);
      } catch (e) {
        importError(e);
      } finally {
        status.importBusy = false;
      }
      return;
    }
    await importFile(files[0]);
  }

  async function importFile(file) {
    status.importBusy = true;
    try {
      if (!status.firstFrame) throw pageError('import.busy');
      if (file.size > kMaxFileBytes) throw pageError('import.tooBig', { mib: (file.size / 1048576).toFixed(0) });
      if (file.size < 16) throw pageError('import.tooSmall');
      const GeoTIFF = await loadGeoTiff();
      const buffer = await file.arrayBuffer();
      let image;
      try {
        const tiff = await GeoTIFF.fromArrayBuffer(buffer);
        image = await tiff.getImage(0);
      } catch (e) {
        throw pageError('import.notGeoTiff', { why: e && e.message ? e.message : e });
      }
      const width = image.getWidth(), height = image.getHeight();
      if (!(width > 0 && height > 0)) throw pageError('import.noPixels');
      if (width > kMaxSide || height > kMaxSide || width * height > kMaxCells) {
        throw pageError('import.rasterTooBig', { width, height, max: kMaxSide });
      }
      const fd = image.fileDirectory || {};
      if (fd.ModelTransformation) throw pageError('import.rotated');
      let origin, resolution;
      try {
        origin = image.getOrigin();
        resolution = image.getResolution();
      } catch (e) {
        throw pageError('import.noGeoref');
      }
      const keys = image.getGeoKeys ? image.getGeoKeys() : null;
      const gt = [origin[0], resolution[0], 0, origin[1], 0, resolution[1]];
      if (keys && keys.GTRasterTypeGeoKey === 2) {  // PixelIsPoint: the tiepoint is a cell centre
        gt[0] -= resolution[0] / 2;
        gt[3] -= resolution[1] / 2;
      }
      let band;
      try {
        band = (await image.readRasters({ samples: [0], interleave: false }))[0];
      } catch (e) {
        throw pageError('import.decode', { why: e && e.message ? e.message : e });
      }
      if (!band || band.length !== width * height) throw pageError('import.truncated');
      const values = band instanceof Float32Array ? band : Float32Array.from(band);
      const nodata = image.getGDALNoData ? image.getGDALNoData() : null;
      const projection = describeGeoKeys(keys);

      const dataPtr = Module._malloc(values.length * 4);
      const gtPtr = Module._malloc(6 * 8);
      if (!dataPtr || !gtPtr) {
        if (dataPtr) Module._free(dataPtr);
        if (gtPtr) Module._free(gtPtr);
        throw pageError('import.noMemory');
      }
      const projPtr = cString(projection);
      const namePtr = cString(file.name.slice(0, 120));
      try {
        Module.HEAPF32.set(values, dataPtr >> 2);  // read HEAPF32 after _malloc: memory may grow
        Module.HEAPF64.set(gt, gtPtr >> 3);
        const hasNodata = nodata !== null && nodata !== undefined && Number.isFinite(nodata);
        Module._ce8_import_dem(dataPtr, width, height, gtPtr, projPtr, hasNodata ? nodata : 0, hasNodata ? 1 : 0, namePtr);
      } finally {
        Module._free(dataPtr);
        Module._free(gtPtr);
        Module._free(projPtr);
        Module._free(namePtr);
      }
    } catch (e) {
      importError(e);
    } finally {
      status.importBusy = false;
    }
  }

  demInput.addEventListener('change', () => {
    const files = Array.from(demInput.files || []);
    demInput.value = '';  // the same file can be picked again
    importFiles(files);
  });
  // Files dropped anywhere on the page are imported as if picked.
  window.addEventListener('dragover', (e) => {
    if (e.dataTransfer && Array.from(e.dataTransfer.types || []).includes('Files')) {
      e.preventDefault();
      e.dataTransfer.dropEffect = 'copy';
    }
  });
  window.addEventListener('drop', (e) => {
    if (!e.dataTransfer || !e.dataTransfer.files || !e.dataTransfer.files.length) return;
    e.preventDefault();
    importFiles(Array.from(e.dataTransfer.files));
  });

  const script = document.createElement('script');
  script.src = (window.ce8Variant && window.ce8Variant.script) || 'explorer.js';  // variant.js
  script.onerror = () => { if (!(window.ce8Variant && window.ce8Variant.fallback(script))) fatal('fatal.script'); };
  document.body.appendChild(script);

  // WebGL2 is required: say so plainly instead of showing a black page. The page makes the
  // explorer's context itself, while the explorer downloads (a context takes a moment with
  // software GL); SDL gets this same context later. Its drawing buffer is kept: the explorer
  // draws a frame only when something changed (src/app/app.cpp, present_frame), and the last
  // picture must stay readable (screenshots, canvas.toDataURL) in between.
  const gl = canvas.getContext('webgl2', {
    alpha: false, depth: true, stencil: false, antialias: false, preserveDrawingBuffer: true,
  });
  if (!gl) {
    noWebGl2 = true;
    fatal('fatal.webgl2');
  }
})();
