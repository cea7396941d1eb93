// One answer to "is this an IANA timezone?" for the URL parser, the pipe params and the browser's zone cookie, and
// which name to show for it.
const checked = new Map<string, boolean>();

export function isTimeZone(name: string): boolean {
  let valid = checked.get(name);
  if (valid === undefined) {
    try {
      new Intl.DateTimeFormat("en-US", { timeZone: name });
      valid = true;
    } catch {
      valid = false;
    }
    // Names come from URLs and cookies: remember the valid ones only, so junk can't grow the map.
    if (valid) checked.set(name, valid);
  }
  return valid;
}

// The legacy names browsers' ICU still lists (and resolves zones to) for places IANA has since renamed. Only renames:
// zones IANA merged for sharing rules since 1970 (Europe/Bratislava → Prague) keep the name people live under.
export const TIME_ZONE_ALIASES: Readonly<Record<string, string>> = {
  "Africa/Asmera": "Africa/Asmara",
  "America/Buenos_Aires": "America/Argentina/Buenos_Aires",
  "America/Catamarca": "America/Argentina/Catamarca",
  "America/Coral_Harbour": "America/Atikokan",
  "America/Cordoba": "America/Argentina/Cordoba",
  "America/Godthab": "America/Nuuk",
  "America/Indianapolis": "America/Indiana/Indianapolis",
  "America/Jujuy": "America/Argentina/Jujuy",
  "America/Louisville": "America/Kentucky/Louisville",
  "America/Mendoza": "America/Argentina/Mendoza",
  "Asia/Calcutta": "Asia/Kolkata",
  "Asia/Katmandu": "Asia/Kathmandu",
  "Asia/Rangoon": "Asia/Yangon",
  "Asia/Saigon": "Asia/Ho_Chi_Minh",
  "Atlantic/Faeroe": "Atlantic/Faroe",
  "Etc/UTC": "UTC",
  "Europe/Kiev": "Europe/Kyiv",
  "Pacific/Enderbury": "Pacific/Kanton",
  "Pacific/Ponape": "Pacific/Pohnpei",
  "Pacific/Truk": "Pacific/Chuuk",
};

/** The current IANA name of a zone: Asia/Calcutta → Asia/Kolkata; any other name as it is. */
export function canonicalTimeZone(name: string): string {
  return TIME_ZONE_ALIASES[name] ?? name;
}

export interface TimeZoneOption {
  /** The canonical IANA name. */
  name: string;
  /** Lower-case text a search matches: the name with spaces for underscores, and the legacy names it replaces. */
  search: string;
}

let options: TimeZoneOption[] | undefined;

/** Every zone this runtime knows, by canonical name, alphabetically; computed once. */
export function timeZoneOptions(): readonly TimeZoneOption[] {
  if (!options) {
    const formerly = new Map<string, string[]>();
    for (const [legacy, current] of Object.entries(TIME_ZONE_ALIASES)) {
      formerly.set(current, [...(formerly.get(current) ?? []), legacy]);
    }
    const names = new Set(["UTC", ...Intl.supportedValuesOf("timeZone").map(canonicalTimeZone)]);
    options = [...names].sort().map((name) => ({
      name,
      search: [name, ...(formerly.get(name) ?? [])].join(" ").replaceAll("_", " ").toLowerCase(),
    }));
  }
  return options;
}

/** Options whose name (or former name) contains every word of `query`, case- and underscore-insensitive. */
export function searchTimeZones(query: string, all: readonly TimeZoneOption[] = timeZoneOptions()): TimeZoneOption[] {
  const words = query
    .toLowerCase()
    .replaceAll("_", " ")
    .split(/[\s/]+/)
    .filter(Boolean);
  return all.filter((option) => words.every((word) => option.search.includes(word)));
}
