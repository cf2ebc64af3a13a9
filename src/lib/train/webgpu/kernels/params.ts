/**
 * Uniform parameter blocks: one declaration gives both the WGSL struct and the packer, so the two
 * cannot drift apart. Every field is 4 bytes ('u' u32, 'i' i32, 'f' f32); a block fits one 256-byte
 * slot of the backend's uniform arena (the WebGPU minUniformBufferOffsetAlignment).
 */
type FieldType = 'u' | 'i' | 'f';
export type Fields = Record<string, FieldType>;

export interface ParamBlock<F extends Fields> {
  /** `struct P { ... }` plus the binding of `p` at the given binding index. */
  wgsl(binding: number): string;
  /** Write values at byte offset `at` of `view`. */
  pack(view: DataView, at: number, values: { [K in keyof F]: number }): void;
}

const WGSL_TYPE = { u: 'u32', i: 'i32', f: 'f32' } as const;

export function params<F extends Fields>(fields: F): ParamBlock<F> {
  const names = Object.keys(fields);
  if (names.length > 64) throw new Error('params: more than 64 fields do not fit a 256-byte slot');
  return {
    wgsl: (binding) =>
      `struct P {\n${names.map((n) => `  ${n}: ${WGSL_TYPE[fields[n]]},`).join('\n')}\n}\n` +
      `@group(0) @binding(${binding}) var<uniform> p: P;\n`,
    pack(view, at, values) {
      names.forEach((n, i) => {
        const v = values[n];
        if (v === undefined || !Number.isFinite(v)) throw new Error(`kernel parameter ${n}: ${v}`);
        const t = fields[n];
        if (t === 'f') view.setFloat32(at + 4 * i, v, true);
        else if (t === 'i') view.setInt32(at + 4 * i, v, true);
        else {
          if (v < 0 || v > 0xffffffff || !Number.isInteger(v)) throw new Error(`kernel parameter ${n}: ${v} is not a u32`);
          view.setUint32(at + 4 * i, v, true);
        }
      });
    },
  };
}

/** Access of a storage binding: read-only, or read-write (an output). */
export type Access = 'r' | 'rw';

/** WGSL storage declarations for bindings 0..n-1. Inputs are read-only so that two inputs may be
 * views of one buffer (a flat parameter buffer); an output must not overlap any other binding (WebGPU
 * validation), which the backend ensures by binding exact ranges and copying true in-place inputs. */
export function storage(decls: Array<[name: string, type: string, access: Access]>): string {
  return decls
    .map(([n, t, a], i) => `@group(0) @binding(${i}) var<storage, ${a === 'rw' ? 'read_write' : 'read'}> ${n}: array<${t}>;`)
    .join('\n') + '\n';
}

/** The access list of a kernel's storage bindings, read back from its WGSL (one source of truth). */
export function accessOf(code: string): Access[] {
  const out: Access[] = [];
  for (const m of code.matchAll(/@binding\((\d+)\) var<storage, (read_write|read)>/g)) out[Number(m[1])] = m[2] === 'read' ? 'r' : 'rw';
  return out;
}

/** Flat invocation index for 1-D work spread over a 2-D grid (at most 65535 workgroups per dimension). */
export const FLAT_INDEX = /* wgsl */ `
fn flat(gid: vec3<u32>, nwg: vec3<u32>, wg: u32) -> u32 { return gid.x + gid.y * nwg.x * wg; }
`;
