export { makeRng, shuffleIndices, type Rng } from '../../shared/mulberry32.js';
