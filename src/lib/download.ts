// Saving something the page made (a figure export, a review backup, a trained model) as a file:
// a temporary link to an object URL, clicked. Browser only. The URL is revoked after a delay, not
// at once: some browsers start reading it only after the click has returned.
export function saveFile(data: Blob | string | Uint8Array, fileName: string, type = 'application/octet-stream'): void {
  const blob = data instanceof Blob ? data : new Blob([typeof data === 'string' ? data : (data as Uint8Array<ArrayBuffer>)], { type });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
