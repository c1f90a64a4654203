// The page's one way to drive the explorer: JSON commands through the app's exported
// ce8_command (docs/tour.md, the command list in the README). The start screen and the tour
// issue the same commands as the panels. Until the app is running (first frame), commands are
// only recorded (the page sends its whole current scene again once the app runs); a build
// without ce8_command still records what would have been sent, so the tour's text and its
// tests work either way (window.ce8Status.tourCommands).
'use strict';

(function () {
  const status = window.ce8Status || (window.ce8Status = {});
  status.tourCommands = [];   // every command the page issued, in order
  status.commandReplies = []; // {cmd, reply} for each one the app answered
  status.commandsAvailable = null;  // null until the app runs; then whether ce8_command exists

  let ready = false;
  const reduceMotion = window.matchMedia && window.matchMedia('(prefers-reduced-motion: reduce)').matches;

  // With reduced motion: no clock animations (the span's first instant instead) and camera
  // jumps instead of flights.
  function calm(cmd) {
    if (!reduceMotion) return cmd;
    if (cmd.cmd === 'follow_span') return { cmd: 'set_clock', time: cmd.from };
    if (cmd.cmd === 'play') return { cmd: 'pause' };
    if (cmd.cmd === 'fly_to' || cmd.cmd === 'stand_here') return Object.assign({}, cmd, { duration_s: 0 });
    return cmd;
  }

  function call(json) {
    const M = window.Module;
    if (typeof M.ccall === 'function') return M.ccall('ce8_command', 'string', ['string'], [json]);
    const bytes = M.lengthBytesUTF8(json) + 1;
    const ptr = M._malloc(bytes);
    if (!ptr) throw new Error('out of memory');
    try {
      M.stringToUTF8(json, ptr, bytes);
      return M.UTF8ToString(M._ce8_command(ptr));
    } finally {
      M._free(ptr);
    }
  }

  function deliver(cmd) {
    if (!status.commandsAvailable) return null;
    let reply;
    try {
      reply = JSON.parse(call(JSON.stringify(cmd)));
    } catch (e) {
      reply = { ok: false, error: 'no reply (' + (e && e.message ? e.message : e) + ')' };
    }
    status.commandReplies.push({ cmd, reply });
    if (!reply || !reply.ok) console.warn(`ce8_command ${cmd.cmd}: ${reply && reply.error ? reply.error : 'refused'}`);
    return reply;
  }

  // Sends one command (records it before the app runs); returns the reply, or null when none.
  function send(cmd) {
    const c = calm(cmd);
    status.tourCommands.push(c);
    return ready ? deliver(c) : null;
  }

  // A session setting (show_panels, set_language) the app takes while it still starts (after
  // its main() ran, before the first frame): delivered now when the build has ce8_command.
  function sendEarly(cmd) {
    const M = window.Module;
    if (ready || !M || typeof M._ce8_command !== 'function') return send(cmd);
    status.tourCommands.push(cmd);
    status.commandsAvailable = true;
    const reply = deliver(cmd);
    status.commandsAvailable = null;
    return reply;
  }

  // Called once the app drew its first frame: from now on commands go to the app.
  function start() {
    if (ready) return;
    ready = true;
    const M = window.Module;
    status.commandsAvailable = !!(M && typeof M._ce8_command === 'function');
    if (!status.commandsAvailable) console.log('This build has no ce8_command: the page records the commands only.');
  }

  // The app pushes its status after every change (docs: the command entry).
  // The app's status object (App::status) whenever it changes: the tour and tests read it.
  function onAppStatus(obj) {
    status.app = obj;
    status.traverse = obj.traverse;
  }

  window.ce8Commands = { send, sendEarly, start, onAppStatus, reduceMotion, isReady: () => ready };
})();
