export { add } from './add';
export { causalAttention } from './attention';
export { crossEntropy } from './crossentropy';
export { gatherRows } from './gather';
export { layerNorm } from './layernorm';
export { matmul } from './matmul';
export { mean, sum } from './reduce';
export { softmax } from './softmax';
export { mul, tanh, unary } from './unary';
