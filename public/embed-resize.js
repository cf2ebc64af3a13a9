// Grokking, Gradually: resize embedded figures to their content.
// Include once on a page that embeds figures: <script src="https://<site>/embed-resize.js" async></script>
// Each figure page posts its height ({ type: "grokking-gradually:height", height }) to the page that embeds
// it; this script sets the height of the iframe that sent it. Without this script a plain iframe still
// works, at the height given in its embed code. Nothing else is read from the message; the only thing sent
// is a request for the height, to figures that loaded before this script.
(function () {
  if (window.__ggEmbedResize) return;
  window.__ggEmbedResize = true;
  // Figures that loaded before this script did have already sent their height: ask them again.
  var frames0 = document.getElementsByTagName('iframe');
  for (var j = 0; j < frames0.length; j++) {
    try {
      frames0[j].contentWindow.postMessage({ type: 'grokking-gradually:ask-height' }, '*');
    } catch (err) {
      /* a frame that is gone */
    }
  }
  window.addEventListener('message', function (e) {
    var d = e.data;
    if (!d || typeof d !== 'object' || d.type !== 'grokking-gradually:height') return;
    var h = Number(d.height);
    if (!isFinite(h) || h < 40 || h > 20000) return;
    var frames = document.getElementsByTagName('iframe');
    for (var i = 0; i < frames.length; i++) {
      if (frames[i].contentWindow === e.source) {
        frames[i].style.height = Math.ceil(h) + 'px';
        frames[i].setAttribute('data-gg-resized', '');
      }
    }
  });
})();
