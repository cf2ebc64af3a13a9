// Public surface of the inference library. The browser loader (ort-browser.ts) is exported separately so
// Node code (build-time manifest reading, tests) never pulls in Vite-only `?url` imports.
export * from './errors';
export * from './sha256';
export * from './fetch-verified';
export * from './ort-types';
export * from './backend';
export * from './outputs';
export * from './runtime';
export * from './yield';
