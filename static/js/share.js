// "Copy link" (templates/includes/share.html): copies the page's address and says so. Where the clipboard is not
// available the link is left alone: it leads to the page itself, whose address the reader can copy.
document.addEventListener("click", (event) => {
  const link = event.target.closest("a.share-copy");
  if (!link || !navigator.clipboard || !window.isSecureContext) return;
  event.preventDefault();
  const status = link.closest(".share").querySelector(".share-status");
  navigator.clipboard.writeText(link.href).then(
    () => { status.textContent = link.dataset.copied; },
    () => { status.textContent = link.dataset.failed; },
  );
});
