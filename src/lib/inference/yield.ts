// Give the main thread back between chunks of work: scheduler.yield() where it exists (Chromium), else a
// macrotask via setTimeout(0), so input and painting run between inference chunks.
export function yieldToMain(): Promise<void> {
  const s = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  if (s?.yield) return s.yield();
  return new Promise((resolve) => setTimeout(resolve, 0));
}
