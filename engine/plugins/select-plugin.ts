import type { LoadedPlugin } from './loaded-plugin.js';

export const PREFERRED_IMPLEMENTATION = 'tfjs';

/**
 * Picks the plugin a state runs among those sharing its step name (search order kept).
 * An implementation set on the state is strict; one inherited from `defaults` is a preference that a
 * single-implementation plugin may ignore. Without one: the only plugin, else the `tfjs` one, else an error.
 */
export function selectPlugin(options: {
  name: string;
  candidates: LoadedPlugin[];
  implementation?: string;
  fromDefaults?: boolean;
}): { plugin: LoadedPlugin } | { error: string } {
  const { name, implementation, fromDefaults = false } = options;
  // The first plugin of a name and implementation on the search path shadows later ones (user over built-in).
  const candidates = options.candidates.filter(
    (p, i, all) => all.findIndex((q) => q.manifest.implementation === p.manifest.implementation) === i,
  );
  const available = describeImplementations(candidates);
  if (implementation !== undefined) {
    const match = candidates.find((p) => p.manifest.implementation === implementation);
    if (match) return { plugin: match };
    if (!(fromDefaults && candidates.length === 1)) {
      return { error: `plugin '${name}' has no implementation '${implementation}'; available: ${available}` };
    }
  }
  if (candidates.length === 1) return { plugin: candidates[0] };
  const preferred = candidates.find((p) => p.manifest.implementation === PREFERRED_IMPLEMENTATION);
  if (preferred) return { plugin: preferred };
  return { error: `plugin '${name}' has several implementations (${available}); choose one with 'implementation:' on the state or in defaults` };
}

export function describeImplementations(candidates: LoadedPlugin[]): string {
  return candidates.map((p) => `${p.manifest.implementation ?? '(unnamed)'} in ${p.dir}`).join(', ');
}
