// Integers of 16+ digits may not fit a double; they're kept as text behind this marker until a column converts them.
export const BIG_INTEGER_MARK = "\u0000";

/** Whether the line has a run of 16+ digits, the only case where JSON.parse could round an integer. */
function hasLongDigitRun(line: string): boolean {
  let run = 0;
  for (let i = 0; i < line.length; i++) {
    const code = line.charCodeAt(i);
    if (code >= 48 && code <= 57) {
      if (++run >= 16) return true;
    } else {
      run = 0;
    }
  }
  return false;
}

/** JSON.parse for one NDJSON line that keeps large integers exact (Tinybird parses them as 64-bit+ integers). */
export function parseJsonLine(line: string): unknown {
  if (!hasLongDigitRun(line)) return JSON.parse(line);
  let out = "";
  let i = 0;
  while (i < line.length) {
    const c = line[i]!;
    if (c === '"') {
      const start = i++;
      while (i < line.length && line[i] !== '"') i += line[i] === "\\" ? 2 : 1;
      out += line.slice(start, ++i);
    } else if (c === "-" || (c >= "0" && c <= "9")) {
      const match = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(line.slice(i, i + 400));
      if (!match) {
        out += c;
        i++;
        continue;
      }
      const number = match[0];
      const isLongInteger = !match[1] && !match[2] && number.replace("-", "").length >= 16;
      // Written as the \u0000 escape: a raw control character isn't valid inside a JSON string.
      out += isLongInteger ? `"\\u0000${number}"` : number;
      i += number.length;
    } else {
      out += c;
      i++;
    }
  }
  return JSON.parse(out);
}
