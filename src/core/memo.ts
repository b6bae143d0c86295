// One computation per key for the life of a memo (a run's /proc reads, a RootFs's stats): the
// promise is kept, so callers that ask while the first computation runs share it.

/** The value `memo` holds for `key`, made by `make` the first time it is asked for. */
export function memoized<K, V>(memo: Map<K, V>, key: K, make: () => V): V {
  if (memo.has(key)) return memo.get(key)!;
  const value = make();
  memo.set(key, value);
  return value;
}
