"use client";
import { useCallback, useState, type RefCallback } from "react";

/**
 * What charts are drawn at on the server and while hydrating, before any element can be measured: the wide column
 * of the desktop layout (col-span-2 of max-w-7xl). Both renders use it, so hydration matches the server's HTML.
 */
export const SERVER_CHART_WIDTH = 776;

/**
 * The width of an element, kept current with a ResizeObserver; SERVER_CHART_WIDTH until measured, which happens
 * when the element mounts, before the browser paints. Charts get a fixed size from it, so recharts draws once at
 * the right size instead of measuring its container itself. (Never null; the type stays nullable for callers.)
 */
export function useWidth<T extends HTMLElement>(): [RefCallback<T>, number | null] {
  const [width, setWidth] = useState<number>(SERVER_CHART_WIDTH);
  const ref = useCallback((element: T | null) => {
    if (!element) return;
    setWidth(Math.floor(element.getBoundingClientRect().width));
    const observer = new ResizeObserver(([entry]) => {
      if (entry) setWidth(Math.floor(entry.contentRect.width));
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return [ref, width];
}
