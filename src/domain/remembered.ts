/**
 * The value kept in `cache` for `key`, made once by `make`: for what is
 * costly to build and fixed for an isolate's life (imported keys, parsed
 * settings, date formats), so each request doesn't build it again.
 */
export function remembered<K, V>(cache: Map<K, V> | (K extends object ? WeakMap<K, V> : never), key: K, make: () => V): V {
  let value = cache.get(key);
  if (value === undefined) {
    value = make();
    cache.set(key, value);
  }
  return value;
}
