// Compressing a lesson for its address: the platform's CompressionStream ('deflate-raw'), present in
// every current browser and in Node 20+, so the build (the teachers' page's ready-made links) and the
// page write the same bytes. Decoding does not use the platform: see inflate.ts for why.

export async function deflateRaw(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new CompressionStream('deflate-raw'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}
