// Pure surface of src/lib/runs (browser-safe). Build-time loading lives in *.node.ts:
//   load.node.ts  (read + validate models/<id>/), facts.node.ts (the API chapters import),
//   serve-models.node.ts (the Astro integration that publishes models/).
export * from './types';
export * from './parse';
export * from './phases';
export * from './facts';
export * from './figure-data';
export * from './format';
export * from './paper';
