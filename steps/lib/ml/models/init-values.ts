/** Normal(0, std) values (Box–Muller). */
export function makeNormalValues(random: () => number, size: number, std: number): Float32Array {
  const out = new Float32Array(size);
  for (let i = 0; i < size; i += 2) {
    const u = Math.max(random(), 1e-12);
    const v = random();
    const radius = Math.sqrt(-2 * Math.log(u)) * std;
    out[i] = radius * Math.cos(2 * Math.PI * v);
    if (i + 1 < size) out[i + 1] = radius * Math.sin(2 * Math.PI * v);
  }
  return out;
}

/** Glorot-uniform values for a [fanIn, fanOut] matrix. */
export function makeGlorotValues(random: () => number, fanIn: number, fanOut: number): Float32Array {
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  const out = new Float32Array(fanIn * fanOut);
  for (let i = 0; i < out.length; i++) out[i] = (random() * 2 - 1) * limit;
  return out;
}
