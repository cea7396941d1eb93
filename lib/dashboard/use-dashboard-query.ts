"use client";
import { useContext } from "react";
import { DashboardQueryContext, type DashboardQuery } from "@/lib/dashboard/dashboard-query-provider";

/** The dashboard's range, timezone and compare flag; only inside <DashboardQueryProvider>. */
export function useDashboardQuery(): DashboardQuery {
  const query = useContext(DashboardQueryContext);
  if (!query) throw new Error("useDashboardQuery() must be used inside <DashboardQueryProvider>");
  return query;
}
