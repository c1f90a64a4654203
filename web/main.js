// Start-up glue for the explorer page: checks WebGL2, shows progress until the first frame,
// shows a clear message on failure, and exposes a small status object for tests
// (window.ce8Status). It inserts no user-controlled text as HTML (textContent only).
'use strict';

(function () {
  const status = { firstFrame: false, error: null, crossOriginIsolated: !!self.crossOriginIsolated };
  window.ce8Status = status;

  const loader = document.getElementById('loader');
  const loaderText = document.getElementById('loader-text');
  const loaderBar = document.getElementById('loader-bar');
  const canvas = document.getElementById('canvas');

  function fatal(message) {
    status.error = message;
    loader.hidden = true;
    document.getElementById('fatal-text').textContent = message;
    document.getElementById('fatal').hidden = false;
  }

  // WebGL2 is required: say so plainly instead of showing a black page.
  const probe = document.createElement('canvas').getContext('webgl2');
  if (!probe) {
    fatal('This browser or device does not offer WebGL2, which the 3D view needs. ' +
          'Try a current Chrome, Firefox, Edge or Safari, or enable hardware acceleration.');
    return;
  }

  canvas.addEventListener('webglcontextlost', (e) => {
    e.preventDefault();
    fatal('The graphics context was lost (the GPU was reset or is out of memory). Reload the page to continue.');
  });
  canvas.addEventListener('contextmenu', (e) => e.preventDefault());

  window.Module = {
    canvas: canvas,
    print: (text) => console.log(text),
    printErr: (text) => console.warn(text),
    setStatus: (text) => {
      const m = /\((\d+(?:\.\d+)?)\/(\d+)\)/.exec(text || '');
      if (m) loaderBar.style.width = (100 * Number(m[1]) / Number(m[2])).toFixed(0) + '%';
      if (text) loaderText.textContent = 'Loading the lunar south pole…';
    },
    // Start-up work inside the app (terrain generation, meshing): the page stays responsive.
    ce8OnProgress: (fraction, what) => {
      loaderBar.style.width = (100 * fraction).toFixed(0) + '%';
      loaderText.textContent = what + '…';
    },
    ce8OnFirstFrame: () => {
      status.firstFrame = true;
      loader.hidden = true;
      canvas.focus();
    },
    ce8OnFatal: (message) => fatal(message),
    onAbort: (what) => fatal('The explorer stopped unexpectedly: ' + what),
  };

  const script = document.createElement('script');
  script.src = 'explorer.js';
  script.onerror = () => fatal('Could not load explorer.js from this site.');
  document.body.appendChild(script);
})();
