"use client";
// What a chart looks like before recharts can draw it: recharts 3 draws nothing while server rendering (its parts
// register in effects), so the server and the hydrating browser draw this plain SVG instead, with recharts' own
// layout (margins, axis widths, nice ticks, point scale), until the recharts chart has drawn over it.
import { getNiceTickValues } from "recharts";
import { AXIS_PROPS, GRID_STROKE, tickInterval } from "@/components/charts/chart-theme";
import { useWidth } from "@/components/charts/use-width";

export const CHART_HEIGHT = 240;
// As the recharts charts set them: margin, the y axis' width, and recharts' default x axis height, tick size and margin.
const MARGIN = { top: 8, right: 4, left: -8 };
const X_AXIS_HEIGHT = 30;
const TICK_OFFSET = 6 + 2;

export interface ServerSeries {
  key: string;
  color: string;
  /** Stacked series are areas on top of each other; the rest are lines. */
  stacked?: boolean;
  width?: number;
  dashed?: boolean;
}

type Point = { t: string } & Record<string, unknown>;

function value(point: Point, key: string): number | null {
  const raw = point[key];
  return typeof raw === "number" && Number.isFinite(raw) ? raw : null;
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
  formatX,
  formatY,
  label,
}: {
  data: Point[];
  series: readonly ServerSeries[];
  yAxisWidth: number;
  allowDecimals: boolean;
  formatX: (t: string) => string;
  formatY: (value: number) => string;
  label: string;
}) {
  const [ref, measured] = useWidth<HTMLDivElement>();
  const width = measured ?? 0;
  const left = MARGIN.left + yAxisWidth;
  const right = width - MARGIN.right;
  const top = MARGIN.top;
  const bottom = CHART_HEIGHT - X_AXIS_HEIGHT;

  const stacked = series.filter((line) => line.stacked);
  const totals = data.map((point) => stacked.reduce((sum, line) => sum + (value(point, line.key) ?? 0), 0));
  const lineMax = series
    .filter((line) => !line.stacked)
    .flatMap((line) => data.map((point) => value(point, line.key) ?? 0));
  const max = Math.max(0, ...totals, ...lineMax);
  const ticks = getNiceTickValues([0, max], 5, allowDecimals) as number[];
  const domainMax = ticks.at(-1) || 1;
  const y = (v: number) => bottom - (v / domainMax) * (bottom - top);
  const step = data.length > 1 ? (right - left) / (data.length - 1) : 0;
  const x = (index: number) => (data.length > 1 ? left + index * step : (left + right) / 2);
  const interval = tickInterval(data.length) + 1;

  const below = data.map(() => 0);
  const areas = stacked.map((line) => {
    const base = [...below];
    data.forEach((point, index) => (below[index] = base[index]! + (value(point, line.key) ?? 0)));
    const upper = data.map((_, index) => [x(index), y(below[index]!)] as [number, number]);
    const lower = data.map((_, index) => [x(index), y(base[index]!)] as [number, number]).reverse();
    return { line, fill: `${linePath([...upper, ...lower])}Z`, stroke: linePath(upper) };
  });
  const lines = series
    .filter((line) => !line.stacked)
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
            <path d={fill} fill={line.color} fillOpacity={0.85} stroke="none" />
            <path d={stroke} fill="none" stroke={line.color} strokeWidth={1} />
          </g>
        ))}
        {lines.map(({ line, path }) => (
          <path
            key={line.key}
            d={path}
            fill="none"
            stroke={line.color}
            strokeWidth={line.width ?? 1.5}
            strokeDasharray={line.dashed ? "4 3" : undefined}
          />
        ))}
        {ticks.map((tick) => (
          <text key={`y-${tick}`} x={left - TICK_OFFSET} y={y(tick)} dy="0.355em" textAnchor="end" {...text}>
            {formatY(tick)}
          </text>
        ))}
        {data.map((point, index) =>
          index % interval === 0 ? (
            <text key={`x-${point.t}`} x={x(index)} y={bottom + TICK_OFFSET} dy="0.71em" textAnchor="middle" {...text}>
              {formatX(point.t)}
            </text>
          ) : null,
        )}
      </svg>
    </div>
  );
}
