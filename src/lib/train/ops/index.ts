export { add } from './add';
export { causalAttention, type AttentionOut } from './attention';
export { crossEntropy } from './crossentropy';
export { gatherRows } from './gather';
export { layerNorm } from './layernorm';
export { matmul, type MatmulOpts } from './matmul';
export { mean, sum } from './reduce';
export { softmax } from './softmax';
export { mul, relu, sigmoid, tanh, unary } from './unary';
