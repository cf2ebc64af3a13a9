// The page side of the live Chomsky figures: one WASM ONNX Runtime, sessions cached by URL (sha256-checked
// downloads), shared by LengthProbe and LengthCurve.
import { loadOrtBrowser } from '../../lib/inference/ort-browser';
import { fetchBytes } from '../../lib/inference/fetch-verified';
import type { OrtModuleLike, OrtSessionLike } from '../../lib/inference/ort-types';
import type { ChomskyRun } from '../../lib/runs/sequence';

let ortP: Promise<OrtModuleLike> | null = null;
const sessions = new Map<string, Promise<OrtSessionLike>>();

export function chomskyOrt(): Promise<OrtModuleLike> {
  // Tiny models: the WASM backend answers in a millisecond or two; no need for a GPU device.
  ortP ??= loadOrtBrowser('wasm').then((ort) => {
    ort.env.wasm.numThreads = 1;
    return ort;
  });
  return ortP;
}

export function chomskySession(run: Pick<ChomskyRun, 'url' | 'sha256' | 'bytes'>): Promise<OrtSessionLike> {
  let s = sessions.get(run.url);
  if (!s) {
    s = (async () => {
      const ort = await chomskyOrt();
      const bytes = await fetchBytes(run.url, { sha256: run.sha256, bytes: run.bytes });
      return ort.InferenceSession.create(bytes);
    })();
    s.catch(() => sessions.delete(run.url));
    sessions.set(run.url, s);
  }
  return s;
}
