/** A compiled jsonpath: keys to follow, with at most one `[:]` that maps the rest over an array. */
export type JsonPathStep = string | { each: string[] };

const ABSENT = Symbol("absent");
export type MaybeValue = unknown | typeof ABSENT;
export { ABSENT };

function splitKeys(path: string, original: string): string[] {
  const keys: string[] = [];
  // Dots separate keys except inside ['quoted.keys'].
  for (const element of path.split(/\.(?![^[]*\])/)) {
    if (!element) continue;
    if (element.startsWith("['") && element.endsWith("']")) keys.push(element.slice(2, -2));
    else if (element.includes("[")) {
      throw new Error(`Invalid JSONPath: '${original}'. The path inside brackets should be single quoted.`);
    } else keys.push(element);
  }
  return keys;
}

/** Parses Tinybird's jsonpath subset (docs/tinybird-compat.md §3.2): `$`, `$.a.b`, `$.['odd.key']`, `$.arr[:]`, `$.arr[:].f`. */
export function compileJsonPath(jsonPath: string): JsonPathStep[] {
  let rest: string;
  if (jsonPath === "$") return [];
  if (jsonPath.startsWith("$.")) rest = jsonPath.slice(2);
  else if (jsonPath.startsWith("$[:]")) rest = jsonPath.slice(1);
  else throw new Error(`Invalid JSONPath: '${jsonPath}'`);
  const parts = rest.split("[:]");
  if (parts.length > 2) throw new Error(`Nested arrays are not supported. Found ${parts.length} levels of nesting.`);
  const steps: JsonPathStep[] = splitKeys(parts[0]!, jsonPath);
  if (parts.length === 2) steps.push({ each: splitKeys(parts[1]!.replace(/^\./, ""), jsonPath) });
  return steps;
}

function follow(value: unknown, keys: readonly string[]): MaybeValue {
  let current = value;
  for (const key of keys) {
    if (current === null || typeof current !== "object" || Array.isArray(current) || !Object.hasOwn(current, key))
      return ABSENT;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** A reader for one jsonpath, specialised for the common `$.key` form since it runs once per row and column. */
export function jsonPathReader(jsonPath: string): (row: object) => MaybeValue {
  const steps = compileJsonPath(jsonPath);
  const [first] = steps;
  if (steps.length === 1 && typeof first === "string") {
    return (row) => (Object.hasOwn(row, first) ? (row as Record<string, unknown>)[first] : ABSENT);
  }
  return (row) => readJsonPath(row, steps);
}

/** The value at a compiled path, or ABSENT when a key is missing. */
export function readJsonPath(row: unknown, steps: readonly JsonPathStep[]): MaybeValue {
  const keys: string[] = [];
  for (const step of steps) {
    if (typeof step === "string") {
      keys.push(step);
      continue;
    }
    const list = follow(row, keys);
    if (!Array.isArray(list)) return ABSENT;
    const items = list.map((item) => follow(item, step.each));
    return items.some((item) => item === ABSENT) ? ABSENT : items;
  }
  return follow(row, keys);
}
