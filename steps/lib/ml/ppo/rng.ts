export { makeRng, shuffleIndices, type Rng } from '../../random/mulberry32.js';
