// The format information (error correction level and mask, BCH(15,5) coded and XOR-masked with 0x5412)
// and, from version 7, the version information (BCH(18,6)), as the bit strings the symbol carries.

/** Level M's two-bit indicator in the format information. */
export const LEVEL_M_BITS = 0b00;

export function formatBits(mask: number, levelBits = LEVEL_M_BITS): number {
  const data = (levelBits << 3) | mask;
  let rem = data;
  for (let i = 0; i < 10; i++) rem = (rem << 1) ^ ((rem >>> 9) * 0x537);
  return ((data << 10) | rem) ^ 0x5412;
}

export function versionBits(version: number): number {
  let rem = version;
  for (let i = 0; i < 12; i++) rem = (rem << 1) ^ ((rem >>> 11) * 0x1f25);
  return (version << 12) | rem;
}
