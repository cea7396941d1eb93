// The e2e test with a fault proxy in front of the worker's Tinybird server: the app and the browser reach Tinybird
// through it, so a spec can make it go down, slow or failing mid-test.
import { startFaultProxy, type FaultProxy } from "@/tests/support/fault-proxy";
import { test as base } from "./e2e-test";

export const test = base.extend<object, { faultProxy: FaultProxy }>({
  faultProxy: [
    async ({ tinybird }, provide) => {
      const proxy = await startFaultProxy(tinybird.url);
      await provide(proxy);
      await proxy.stop();
    },
    { scope: "worker" },
  ],
  appEnv: [
    async ({ faultProxy }, provide) => provide({ NEXT_PUBLIC_TINYBIRD_API_URL: faultProxy.url }),
    { scope: "worker" },
  ],
});

export { expect } from "./e2e-test";
