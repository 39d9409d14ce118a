// Jump the redacted-audio player to a sentence's start time (buttons carry data-seek in seconds).
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-seek]");
  var player = document.getElementById("player");
  if (!button || !player) return;
  player.currentTime = parseFloat(button.dataset.seek);
  player.play();
});
