"use client";
import { useCallback, useState, type RefCallback } from "react";

/**
 * The width of an element, kept current with a ResizeObserver; null until measured. Charts get a fixed size from
 * it, so recharts draws once at the right size instead of measuring its container itself.
 */
export function useWidth<T extends HTMLElement>(): [RefCallback<T>, number | null] {
  const [width, setWidth] = useState<number | null>(null);
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
