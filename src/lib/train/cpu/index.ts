export { CpuBackend, CpuBuf } from './backend';
export { gemm } from './matmul';
