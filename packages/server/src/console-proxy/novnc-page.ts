/**
 * The page nova-novncproxy serves with the npm noVNC client (which ships no
 * page of its own): it reads noVNC's usual query parameters (`host`, `port`,
 * `path`, `password`, `view_only`, `scale`), connects at once and shows the
 * connection state, as noVNC's vnc_lite.html does. Nova's URLs carry the
 * token in `path` (`?path=%3Ftoken%3D...`), which becomes the websocket path.
 */

export const NOVNC_PAGE = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>noVNC</title>
<style>
  body { margin: 0; background: #282828; color: #fff; font: 14px sans-serif; height: 100%; display: flex; flex-direction: column; }
  html { height: 100%; }
  #top_bar { background: #6e84a3; padding: 6px; display: flex; }
  #status { flex: 1; text-align: center; }
  #screen { flex: 1; overflow: hidden; }
</style>
<script src="novnc/rfb.js"></script>
</head>
<body>
<div id="top_bar"><div id="status">Loading</div><button id="sendCtrlAltDelButton">Send CtrlAltDel</button></div>
<div id="screen"></div>
<script>
  function readQueryVariable(name, defaultValue) {
    var match = window.location.search.substring(1).split('&').map(function (p) { return p.split('='); })
      .find(function (kv) { return decodeURIComponent(kv[0]) === name; });
    return match ? decodeURIComponent(match.slice(1).join('=')) : defaultValue;
  }
  function status(text) { document.getElementById('status').textContent = text; }
  var host = readQueryVariable('host', window.location.hostname);
  var port = readQueryVariable('port', window.location.port);
  var path = readQueryVariable('path', 'websockify');
  var url = (window.location.protocol === 'https:' ? 'wss' : 'ws') + '://' + host + (port ? ':' + port : '') + '/' + path.replace(/^\\//, '');
  status('Connecting');
  var rfb = new RFB(document.getElementById('screen'), url, { credentials: { password: readQueryVariable('password') } });
  rfb.viewOnly = readQueryVariable('view_only', 'false') === 'true';
  rfb.scaleViewport = readQueryVariable('scale', 'false') === 'true';
  rfb.addEventListener('connect', function () { status('Connected to ' + (rfb._fbName || 'server')); });
  rfb.addEventListener('desktopname', function (e) { status('Connected to ' + e.detail.name); });
  rfb.addEventListener('disconnect', function (e) { status(e.detail.clean ? 'Disconnected' : 'Something went wrong, connection is closed'); });
  document.getElementById('sendCtrlAltDelButton').onclick = function () { rfb.sendCtrlAltDel(); return false; };
</script>
</body>
</html>
`;
