// Applies a strategic-merge patch the way the API server does, for the fields remedies patch:
// objects merge key by key (null deletes), lists of containers, volumes, volumeMounts and env
// merge by their patch merge key, every other list is replaced (capabilities.add among them).
const MERGE_KEYS: Record<string, string> = {
  containers: 'name',
  initContainers: 'name',
  volumes: 'name',
  volumeMounts: 'mountPath',
  env: 'name',
};

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function mergeList(key: string, base: unknown[], patch: unknown[]): unknown[] {
  const result = [...base];
  for (const item of patch) {
    const at = result.findIndex((b) => isObject(b) && isObject(item) && b[key] === item[key]);
    if (at >= 0) result[at] = mergeValue(undefined, result[at], item);
    else result.push(item);
  }
  return result;
}

function mergeValue(field: string | undefined, base: unknown, patch: unknown): unknown {
  const key = field === undefined ? undefined : MERGE_KEYS[field];
  if (key && Array.isArray(base) && Array.isArray(patch)) return mergeList(key, base, patch);
  if (!isObject(base) || !isObject(patch)) return patch;
  const result: Json = { ...base };
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete result[k];
    else result[k] = mergeValue(k, result[k], v);
  }
  return result;
}

/** `base` with `patch` applied; neither is changed. */
export function strategicMerge<T>(base: T, patch: unknown): T {
  return mergeValue(undefined, structuredClone(base), structuredClone(patch)) as T;
}
