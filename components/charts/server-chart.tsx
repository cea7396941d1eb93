"use client";
// What a chart looks like before recharts can draw it: recharts 3 draws nothing while server rendering (its parts
// register in effects), so the server and the hydrating browser draw this plain SVG instead, with recharts' own
// layout (margins, axis widths, nice ticks, point scale), until the recharts chart has drawn over it.
import { getNiceTickValues } from "recharts";
import { AXIS_PROPS, GRID_STROKE, timeAxisProps } from "@/components/charts/chart-theme";
import { useWidth } from "@/components/charts/use-width";

export const CHART_HEIGHT = 240;
// As the recharts charts set them: margin, the y axis' width, and recharts' default x axis height, tick size and margin.
const MARGIN = { top: 8, right: 4, left: -8 };
const X_AXIS_HEIGHT = 30;
const TICK_OFFSET = 6 + 2;

export interface ServerSeries {
  key: string;
  color: string;
  /** Series of one stack are areas on top of each other; the rest are lines. */
  stack?: string;
  width?: number;
  dash?: string;
  fillOpacity?: number;
}

type Point = { t: string } & Record<string, unknown>;

function value(point: Point, key: string): number | null {
  const raw = point[key];
  return typeof raw === "number" && Number.isFinite(raw) ? raw : null;
}

/** [from, to) index ranges of the runs of points that aren't missing. */
function segments(points: ReadonlyArray<unknown>): Array<[number, number]> {
  const runs: Array<[number, number]> = [];
  points.forEach((point, index) => {
    if (point === null) return;
    const last = runs.at(-1);
    if (last && last[1] === index) last[1] = index + 1;
    else runs.push([index, index + 1]);
  });
  return runs;
}

/** "M x,y L x,y …" through the points, broken where a value is missing. */
function linePath(points: Array<[number, number] | null>): string {
  let path = "";
  let open = false;
  for (const point of points) {
    if (!point) {
      open = false;
      continue;
    }
    path += `${open ? "L" : "M"}${point[0].toFixed(2)},${point[1].toFixed(2)}`;
    open = true;
  }
  return path;
}

export function ServerChart({
  data,
  series,
  yAxisWidth,
  allowDecimals,
  formatY,
  label,
}: {
  data: Point[];
  series: readonly ServerSeries[];
  yAxisWidth: number;
  allowDecimals: boolean;
  formatY: (value: number) => string;
  label: string;
}) {
  const [ref, measured] = useWidth<HTMLDivElement>();
  const width = measured ?? 0;
  const left = MARGIN.left + yAxisWidth;
  const right = width - MARGIN.right;
  const top = MARGIN.top;
  const bottom = CHART_HEIGHT - X_AXIS_HEIGHT;

  const stacks = [...new Set(series.flatMap((line) => (line.stack ? [line.stack] : [])))];
  const totals = stacks.flatMap((stack) =>
    data.map((point) =>
      series.filter((line) => line.stack === stack).reduce((sum, line) => sum + (value(point, line.key) ?? 0), 0),
    ),
  );
  const lineMax = series
    .filter((line) => !line.stack)
    .flatMap((line) => data.map((point) => value(point, line.key) ?? 0));
  const max = Math.max(0, ...totals, ...lineMax);
  const ticks = getNiceTickValues([0, max], 5, allowDecimals) as number[];
  const domainMax = ticks.at(-1) || 1;
  const y = (v: number) => bottom - (v / domainMax) * (bottom - top);
  const step = data.length > 1 ? (right - left) / (data.length - 1) : 0;
  const x = (index: number) => (data.length > 1 ? left + index * step : (left + right) / 2);
  const timeAxis = timeAxisProps(data, width);
  const xTicks = new Set(timeAxis.ticks);

  // Each stack's areas start where the one below ends; a missing value breaks the area, as in recharts.
  const below = new Map(stacks.map((stack) => [stack, data.map(() => 0)]));
  const areas = series
    .filter((line) => line.stack)
    .map((line) => {
      const base = below.get(line.stack!)!;
      const values = data.map((point) => value(point, line.key));
      const lower = values.map((v, index) => (v === null ? null : ([x(index), y(base[index]!)] as [number, number])));
      values.forEach((v, index) => (base[index] = base[index]! + (v ?? 0)));
      const upper = values.map((v, index) => (v === null ? null : ([x(index), y(base[index]!)] as [number, number])));
      const fill = segments(upper)
        .map(
          ([from, to]) =>
            `${linePath(upper.slice(from, to))}${linePath(lower.slice(from, to).reverse()).replace(/^M/, "L")}Z`,
        )
        .join("");
      return { line, fill, stroke: linePath(upper) };
    });
  const lines = series
    .filter((line) => !line.stack)
    .map((line) => ({
      line,
      path: linePath(
        data.map((point, index) => {
          const v = value(point, line.key);
          return v === null ? null : [x(index), y(v)];
        }),
      ),
    }));
  const text = { fill: AXIS_PROPS.tick.fill, fontSize: AXIS_PROPS.tick.fontSize };

  return (
    <div ref={ref} role="img" aria-label={label} style={{ height: CHART_HEIGHT }}>
      <svg
        width="100%"
        height={CHART_HEIGHT}
        viewBox={`0 0 ${width} ${CHART_HEIGHT}`}
        preserveAspectRatio="xMinYMid meet"
        data-server-chart=""
      >
        {ticks.map((tick) => (
          <line key={`grid-${tick}`} x1={left} x2={right} y1={y(tick)} y2={y(tick)} stroke={GRID_STROKE} />
        ))}
        {areas.map(({ line, fill, stroke }) => (
          <g key={line.key}>
            <path d={fill} fill={line.color} fillOpacity={line.fillOpacity ?? 0.85} stroke="none" />
            <path d={stroke} fill="none" stroke={line.color} strokeWidth={1} strokeDasharray={line.dash} />
          </g>
        ))}
        {lines.map(({ line, path }) => (
          <path
            key={line.key}
            d={path}
            fill="none"
            stroke={line.color}
            strokeWidth={line.width ?? 1.5}
            strokeDasharray={line.dash}
          />
        ))}
        {ticks.map((tick) => (
          <text key={`y-${tick}`} x={left - TICK_OFFSET} y={y(tick)} dy="0.355em" textAnchor="end" {...text}>
            {formatY(tick)}
          </text>
        ))}
        {data.map((point, index) =>
          xTicks.has(point.t) ? (
            <text key={`x-${point.t}`} x={x(index)} y={bottom + TICK_OFFSET} dy="0.71em" textAnchor="middle" {...text}>
              {timeAxis.tickFormatter(point.t)}
            </text>
          ) : null,
        )}
      </svg>
    </div>
  );
}
