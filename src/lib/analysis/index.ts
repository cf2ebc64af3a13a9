// Public surface of the analysis library (pure TS; runs in Node and the browser).
export * from './types';
export * from './fourier';
export * from './fourier-norms';
export * from './key-frequencies';
export * from './trig-directions';
export * from './progress-losses';
export * from './loss';
export * from './correct';
export * from './gini';
export * from './weight-norm';
export * from './bitset';
export * from './forward';
export * from './metrics';
export * from './mirror';
